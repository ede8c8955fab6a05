'use strict'
// AgentSession: executes trigger/continue requests on one session (streaming, tools and
// continuation), and socket messages.

const { idArg } = require('./bridge.js')
const { createExecution } = require('./execution.js')
const { createInternalErrorEvent } = require('./core/errors.js')

function resourceMapOf(resources) {
  const map = new Map()
  for (const r of resources || []) map.set(r.name, r)
  return map
}

/** Executes requests on one session: streaming, tools and continuation. */
class AgentSession {
  #sessionId
  #config
  #attach
  #socketController

  constructor(sessionConfig) {
    this.#sessionId = sessionConfig.sessionId
    this.#config = sessionConfig.config
    this.#attach = {
      tools: sessionConfig.tools || {},
      resourceMap: resourceMapOf(sessionConfig.resources),
      onToolResults: sessionConfig.onToolResults,
      onToolResultTruncated: sessionConfig.onToolResultTruncated,
    }
    this.rejectClientToolCalls = sessionConfig.rejectClientToolCalls === true
  }

  /** Executes a trigger or continue request; an AsyncGenerator of stream events. */
  execute(request, options) {
    const id = idArg(this.#sessionId, 'sessionId')
    const reject = this.rejectClientToolCalls
    const fields =
      request && request.type === 'continue'
        ? { target: 'session', id, executionId: request.executionId, toolResults: request.toolResults, rejectClientToolCalls: reject }
        : {
            target: 'session',
            id,
            triggerName: request && request.triggerName,
            input: request && request.input,
            rollbackAfterMessageId: request && request.rollbackAfterMessageId,
            sender: request && request.sender,
            rejectClientToolCalls: reject,
          }
    return createExecution(this.#config, fields, this.#attach, options && options.signal)
  }

  /** Older spelling of `execute({ type: 'trigger', triggerName, input }, options)`. */
  trigger(triggerName, input, options) {
    return this.execute({ type: 'trigger', triggerName, input }, options)
  }

  getSessionId() {
    return this.#sessionId
  }

  /** Runs a socket message (`trigger`/`continue`/`stop`), sending events to `onEvent`. */
  async handleSocketMessage(message, handlers) {
    if (message.type === 'stop') {
      if (this.#socketController) this.#socketController.abort()
      return
    }
    if (this.#socketController) this.#socketController.abort()
    const controller = new AbortController()
    this.#socketController = controller
    const request =
      message.type === 'continue'
        ? { type: 'continue', executionId: message.executionId, toolResults: message.toolResults }
        : {
            type: 'trigger',
            triggerName: message.triggerName,
            input: message.input,
            rollbackAfterMessageId: message.rollbackAfterMessageId,
            sender: message.sender,
          }
    try {
      for await (const event of this.execute(request, { signal: controller.signal })) {
        // Once stopped or superseded, nothing more reaches onEvent (not the closing finish/stop).
        if (controller.signal.aborted) break
        handlers.onEvent(event)
      }
      if (!controller.signal.aborted && handlers.onFinish) await handlers.onFinish()
    } catch (err) {
      if (!controller.signal.aborted) {
        handlers.onEvent(createInternalErrorEvent(err instanceof Error ? err.message : 'Unknown error'))
      }
    } finally {
      if (this.#socketController === controller) this.#socketController = undefined
    }
  }
}

module.exports = { AgentSession }
