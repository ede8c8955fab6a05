'use strict'
// WorkersApi: runs worker agents (`client.workers`): execute, continue, and generate to a result.

const { BaseApiClient } = require('./base-api-client.js')
const { lazyId } = require('./bridge.js')
const { createExecution } = require('./execution.js')
const { ToolSet } = require('./tool-set.js')
const { resolveMcpServers } = require('./inline-mcp.js')
const { WorkerError } = require('./worker-error.js')

/**
 * A worker run's tools: `tools`, the inline MCP servers' handlers, and (on a start only) the
 * `dynamicToolSchemas` then the servers' schemas. A clash is thrown by the first `next()`.
 */
function workerTools(options, starting) {
  try {
    const resolved = resolveMcpServers(options.mcpServers, options.tools, starting ? options.dynamicToolSchemas : undefined)
    return { toolSet: new ToolSet(resolved.toolHandlers, starting ? resolved.dynamicToolSchemas : undefined) }
  } catch (err) {
    return { toolSet: new ToolSet(), invalid: err }
  }
}

class WorkersApi extends BaseApiClient {
  /** Runs a worker agent; an AsyncGenerator of stream events. */
  execute(agentId, input, options = {}) {
    const { id, invalid } = lazyId(agentId, 'agentId')
    const fields = { target: 'worker', id, workerStart: true, input, invalid }
    return createExecution(this.config, fields, workerTools(options, true), options.signal)
  }

  /** Resumes a worker execution after client tools ran. */
  continue(agentId, executionId, toolResults, options = {}) {
    const { id, invalid } = lazyId(agentId, 'agentId')
    const fields = { target: 'worker', id, executionId, toolResults, invalid }
    return createExecution(this.config, fields, workerTools(options, false), options.signal)
  }

  /**
   * Runs a worker to its end and gives its result: `{ output, sessionId, cost?, tokens? }`
   * (`cost`/`tokens` from the `usage` event), or throws `WorkerError` (an `error` event wins
   * over a failed `worker-result`, with its `details`).
   */
  async generate(agentId, input, options = {}) {
    let sessionId
    let result
    let failure
    let details
    let lastWorkerId
    let usage
    for await (const event of this.execute(agentId, input, options)) {
      if (event.type === 'start' && event.executionId) {
        sessionId = event.executionId
      } else if (event.type === 'error') {
        failure = event.message
        const { errorType, source, code, retryable, retryAfter, provider } = event
        details = { errorType, source, code, retryable, retryAfter, provider }
      } else if (event.type === 'worker-result') {
        lastWorkerId = event.workerId
        if (event.error !== undefined) failure = failure ?? event.error
        else result = { output: event.output, sessionId: sessionId ?? event.workerId }
      } else if (event.type === 'usage') {
        usage = event
      }
    }
    if (failure !== undefined) throw new WorkerError(failure, sessionId ?? lastWorkerId, details)
    if (result === undefined) throw new WorkerError('Worker completed without producing a result', sessionId)
    if (usage && usage.cost !== undefined) result.cost = usage.cost
    if (usage && usage.tokens !== undefined) result.tokens = usage.tokens
    return result
  }
}

module.exports = { WorkersApi }
