'use strict'
// AgentSessionsApi: session create/read/restore/clear and execution logs (`client.agentSessions`), and `attach`,
// which hands out an AgentSession.

const native = require('./native.js')
const { BaseApiClient } = require('./base-api-client.js')
const { toJson, idArg, rest, segment } = require('./bridge.js')
const { AgentSession } = require('./session.js')
const { safeParseChatMessages } = require('./core/chat-message.js')
const { safeParseUIMessages } = require('./core/ui-message.js')

/**
 * The parsed messages of a read (`safeParse*Messages` outcome), or an `OCTAVUS_INVALID_RESPONSE`
 * error naming `endpoint` (`GET /api/…`, ids as sent) and the field. Also used by the workforce
 * threads.
 */
function checkedMessagesOf(parsed, endpoint) {
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues && parsed.error.issues[0]
  const where = issue
    ? `field \`messages[${issue.path[0]}]${issue.path
        .slice(1)
        .map((p) => '.' + p)
        .join('')}\`: ${issue.message}`
    : 'messages'
  const err = new Error(`Invalid response from ${endpoint}: ${where}`)
  err.code = 'OCTAVUS_INVALID_RESPONSE'
  throw err
}

/** `/api/agent-sessions/:id`, the id encoded as the native side sends it. */
const sessionPath = (id) => `/api/agent-sessions/${segment(id)}`

/** The options `attach` and `start` share. */
function attachOptions(options) {
  return {
    tools: options.tools,
    resources: options.resources,
    onToolResults: options.onToolResults,
    onToolResultTruncated: options.onToolResultTruncated,
    rejectClientToolCalls: options.rejectClientToolCalls,
    mcpServers: options.mcpServers,
  }
}

/** The parsed messages of a session read, or an error naming the endpoint and the field. */
function checkedMessages(parsed, sessionId, query) {
  return checkedMessagesOf(parsed, `GET /api/agent-sessions/${encodeURIComponent(sessionId)}${query}`)
}

class AgentSessionsApi extends BaseApiClient {
  /** Create a session for an agent; resolves its id. */
  async create(agentId, input) {
    const id = idArg(agentId, 'agentId')
    const inputJson = input === undefined ? undefined : toJson(input, 'session input')
    return rest(
      this.config,
      () => ['POST', '/api/agent-sessions'],
      (c, h) => native.sessionsCreate(c, h, id, inputJson),
    )
  }

  /** Full session state, or the expired shape. */
  async get(sessionId) {
    const id = idArg(sessionId, 'sessionId')
    const state = JSON.parse(
      await rest(
        this.config,
        () => ['GET', sessionPath(id)],
        (c, h) => native.sessionsGet(c, h, id),
      ),
    )
    if (state.status === 'expired') return state
    state.messages = checkedMessages(safeParseChatMessages(state.messages), id, '')
    return state
  }

  /** UI-ready messages (createdAt as Date), or the expired shape. */
  async getMessages(sessionId) {
    const id = idArg(sessionId, 'sessionId')
    const route = () => ['GET', `${sessionPath(id)}?format=ui`]
    const state = JSON.parse(await rest(this.config, route, (c, h) => native.sessionsGetMessages(c, h, id)))
    if (state.status === 'expired') return state
    state.messages = checkedMessages(safeParseUIMessages(state.messages), id, '?format=ui')
    return state
  }

  /** Restore an expired session from stored UI messages. */
  async restore(sessionId, messages, input) {
    const id = idArg(sessionId, 'sessionId')
    if (!Array.isArray(messages)) throw new TypeError('messages must be an array of UI messages')
    const messagesJson = toJson(messages, 'messages')
    const inputJson = input === undefined ? undefined : toJson(input, 'session input')
    const route = () => ['POST', `${sessionPath(id)}/restore`]
    return JSON.parse(await rest(this.config, route, (c, h) => native.sessionsRestore(c, h, id, messagesJson, inputJson)))
  }

  /** Delete a session's state (idempotent on the platform). */
  async clear(sessionId) {
    const id = idArg(sessionId, 'sessionId')
    return JSON.parse(
      await rest(
        this.config,
        () => ['DELETE', sessionPath(id)],
        (c, h) => native.sessionsClear(c, h, id),
      ),
    )
  }

  /**
   * The session's execution log (at most the latest 3000 entries; `total`/`truncated` tell when
   * the platform cut some), or the expired shape. Entries are checked for `id`, `timestamp` and
   * `type` only: unknown entry types and keys pass through. `excludeModelRequests` (when truthy)
   * leaves out the `model-request` entries.
   */
  async getLogs(sessionId, options) {
    const id = idArg(sessionId, 'sessionId')
    const exclude = Boolean(options != null && options.excludeModelRequests)
    const route = () => ['GET', `${sessionPath(id)}/logs${exclude ? '?excludeModelRequests=true' : ''}`]
    return JSON.parse(await rest(this.config, route, (c, h) => native.sessionsGetLogs(c, h, id, exclude)))
  }

  /** Attach to a session to execute requests on it. */
  attach(sessionId, options = {}) {
    return new AgentSession({ ...attachOptions(options), sessionId, config: this.config })
  }

  /**
   * A session that does not exist yet: its first trigger creates it and runs (one request,
   * `POST /api/agent-sessions/start`); `onSessionCreated(id)` runs once, before any event.
   */
  start(options) {
    if (!options || typeof options.agentId !== 'string') throw new TypeError('agentSessions.start needs { agentId }')
    const { agentId, input, idempotencyKey, onSessionCreated } = options
    return new AgentSession({
      ...attachOptions(options),
      sessionId: undefined,
      config: this.config,
      deferredStart: { agentId, input, idempotencyKey, onSessionCreated },
    })
  }
}

module.exports = { AgentSessionsApi, checkedMessagesOf }
