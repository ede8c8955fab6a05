'use strict'
// AgentSession: executes trigger/continue requests on one session (streaming, tools and
// continuation), socket messages, dynamic tools, and the deferred start whose first trigger
// creates the session.

const { lazyId } = require('./bridge.js')
const { createExecution } = require('./execution.js')
const { ToolSet } = require('./tool-set.js')
const { resolveMcpServers } = require('./inline-mcp.js')
const { createInternalErrorEvent } = require('./core/errors.js')
const { generateId } = require('./core/helpers.js')

function resourceMapOf(resources) {
  const map = new Map()
  for (const r of resources || []) map.set(r.name, r)
  return map
}

/** The static tools plus the inline MCP servers' (checked for clashes now, at attach/start). */
function toolSetOf(tools, mcpServers) {
  if (!mcpServers || mcpServers.length === 0) return new ToolSet(tools)
  const resolved = resolveMcpServers(mcpServers, tools)
  const toolSet = new ToolSet(resolved.toolHandlers)
  toolSet.add({}, resolved.dynamicToolSchemas || [])
  return toolSet
}

const NOT_CREATED_YET =
  'Cannot continue this session: it does not exist yet. Its first trigger creates it (agentSessions.start); run a trigger first.'

/** Executes requests on one session: streaming, tools and continuation. */
class AgentSession {
  #sessionId
  #config
  #attach
  #deferred
  #socketController

  constructor(sessionConfig) {
    this.#sessionId = sessionConfig.sessionId
    this.#config = sessionConfig.config
    const toolSet = toolSetOf(sessionConfig.tools, sessionConfig.mcpServers)
    const start = sessionConfig.deferredStart
    if (start) {
      this.#deferred = {
        agentId: start.agentId,
        input: start.input,
        idempotencyKey: start.idempotencyKey ?? generateId(),
        onSessionCreated: start.onSessionCreated,
      }
    }
    this.#attach = {
      toolSet,
      resourceMap: resourceMapOf(sessionConfig.resources),
      onToolResults: sessionConfig.onToolResults,
      onToolResultTruncated: sessionConfig.onToolResultTruncated,
      onSessionId: start ? (id) => this.#latchSessionId(id) : undefined,
    }
    this.rejectClientToolCalls = sessionConfig.rejectClientToolCalls === true
  }

  /** A deferred start's session id, once known: kept, and told to `onSessionCreated` once. */
  #latchSessionId(id) {
    if (this.#sessionId !== undefined) return
    this.#sessionId = id
    if (this.#deferred.onSessionCreated) this.#deferred.onSessionCreated(id)
  }

  /** Executes a trigger or continue request; an AsyncGenerator of stream events. */
  execute(request, options) {
    const deferred = this.#sessionId === undefined && this.#deferred !== undefined
    const { id, invalid } = deferred ? { id: '', invalid: undefined } : lazyId(this.#sessionId, 'sessionId')
    const reject = this.rejectClientToolCalls
    const fields =
      request && request.type === 'continue'
        ? {
            target: 'session',
            id,
            executionId: request.executionId,
            toolResults: request.toolResults,
            rejectClientToolCalls: reject,
            invalid: deferred ? new Error(NOT_CREATED_YET) : invalid,
          }
        : {
            target: 'session',
            id,
            triggerName: request && request.triggerName,
            input: request && request.input,
            rollbackAfterMessageId: request && request.rollbackAfterMessageId,
            sender: request && request.sender,
            rejectClientToolCalls: reject,
            deferred: deferred ? this.#deferred : undefined,
            invalid,
          }
    return createExecution(this.#config, fields, this.#attach, options && options.signal)
  }

  /** Older spelling of `execute({ type: 'trigger', triggerName, input }, options)`. */
  trigger(triggerName, input, options) {
    return this.execute({ type: 'trigger', triggerName, input }, options)
  }

  /** The session id; `undefined` for a deferred start until its first trigger created it. */
  getSessionId() {
    return this.#sessionId
  }

  /**
   * Replaces the dynamic tools (`DynamicTool[]` — `{ schema, handler }` — or a `ToolProvider`):
   * their handlers join the session's from the next round on, and their schemas go to the
   * platform with every request. The `tools` given at attach stay.
   */
  setDynamicTools(source) {
    this.#attach.toolSet.setDynamic(source)
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
