'use strict'
// AgentsApi: the agent definitions of the project (`client.agents`).

const native = require('./native.js')
const { BaseApiClient } = require('./base-api-client.js')
const { idArg, requestArgs, unwrap } = require('./bridge.js')

class AgentsApi extends BaseApiClient {
  /** List all agents in the project. */
  async list() {
    return JSON.parse(unwrap(await native.agentsList(...(await requestArgs(this.config)))))
  }

  /** Get one agent definition by id. */
  async get(agentId) {
    const id = idArg(agentId, 'agentId')
    return JSON.parse(unwrap(await native.agentsGet(...(await requestArgs(this.config)), id)))
  }
}

module.exports = { AgentsApi }
