'use strict'
// WorkersApi: runs worker agents (`client.workers`): execute, continue, and generate to a result.

const { BaseApiClient } = require('./base-api-client.js')
const { idArg } = require('./bridge.js')
const { createExecution } = require('./execution.js')
const { WorkerError } = require('./worker-error.js')

class WorkersApi extends BaseApiClient {
  /** Runs a worker agent; an AsyncGenerator of stream events. */
  execute(agentId, input, options = {}) {
    const fields = { target: 'worker', id: idArg(agentId, 'agentId'), workerStart: true, input }
    return createExecution(this.config, fields, { tools: options.tools }, options.signal)
  }

  /** Resumes a worker execution after client tools ran. */
  continue(agentId, executionId, toolResults, options = {}) {
    const fields = { target: 'worker', id: idArg(agentId, 'agentId'), executionId, toolResults }
    return createExecution(this.config, fields, { tools: options.tools }, options.signal)
  }

  /** Runs a worker to its result: `{ output, sessionId }`, or throws `WorkerError`. */
  async generate(agentId, input, options = {}) {
    let sessionId
    for await (const event of this.execute(agentId, input, options)) {
      if (event.type === 'start' && event.executionId) {
        sessionId = event.executionId
      } else if (event.type === 'error') {
        throw new WorkerError(event.message, sessionId)
      } else if (event.type === 'worker-result') {
        if (event.error) throw new WorkerError(event.error, sessionId ?? event.workerId)
        return { output: event.output, sessionId: sessionId ?? event.workerId }
      }
    }
    throw new WorkerError('Worker completed without producing a result', sessionId)
  }
}

module.exports = { WorkersApi }
