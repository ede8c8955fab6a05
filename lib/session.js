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
  #tools
  #resources
  #socketController

  constructor(sessionConfig) {
    this.#sessionId = sessionConfig.sessionId
    this.#config = sessionConfig.config
    this.#tools = sessionConfig.tools || {}
    this.#resources = resourceMapOf(sessionConfig.resources)
  }

  /** Executes a trigger or continue request; an AsyncGenerator of stream events. */
  execute(request, options) {
    const id = idArg(this.#sessionId, 'sessionId')
    const fields =
      request && request.type === 'continue'
        ? { target: 'session', id, executionId: request.executionId, toolResults: request.toolResults }
        : {
            target: 'session',
            id,
            triggerName: request && request.triggerName,
            input: request && request.input,
            rollbackAfterMessageId: request && request.rollbackAfterMessageId,
          }
    return createExecution(this.#config, fields, this.#tools, this.#resources, options && options.signal)
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
          }
    try {
      for await (const event of this.execute(request, { signal: controller.signal })) {
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
