'use strict'
// AgentsApi: the agent definitions of the project (`client.agents`).

const native = require('./native.js')
const { BaseApiClient } = require('./base-api-client.js')
const { idArg, rest, segment } = require('./bridge.js')

class AgentsApi extends BaseApiClient {
  /** List all agents in the project. */
  async list() {
    return JSON.parse(
      await rest(
        this.config,
        () => ['GET', '/api/agents'],
        (c, h) => native.agentsList(c, h),
      ),
    )
  }

  /** Get one agent definition by id. */
  async get(agentId) {
    const id = idArg(agentId, 'agentId')
    return JSON.parse(
      await rest(
        this.config,
        () => ['GET', `/api/agents/${segment(id)}`],
        (c, h) => native.agentsGet(c, h, id),
      ),
    )
  }
}

module.exports = { AgentsApi }
