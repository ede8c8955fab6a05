'use strict'
// OctavusClient: the client for the Octavus platform API, holding one of each API class.

const { AgentsApi } = require('./agents.js')
const { AgentSessionsApi } = require('./agent-sessions.js')
const { FilesApi } = require('./files.js')
const { WorkersApi } = require('./workers.js')
const { WorkforceApi } = require('./workforce.js')
const { TokensApi } = require('./tokens.js')
const { idArg } = require('./bridge.js')

/**
 * An id as exactly one URL path segment (the official splices it in raw): percent-encoded like
 * every path of the core, and never `''`, `.` or `..`, which would address another page.
 */
function pathSegment(id, what) {
  const text = idArg(id, what)
  if (text === '' || text === '.' || text === '..') {
    throw new TypeError(`Invalid ${what}: ${JSON.stringify(text)} cannot be used as a path segment`)
  }
  try {
    return encodeURIComponent(text)
  } catch {
    throw new TypeError(`Invalid ${what}: not a well-formed Unicode string`)
  }
}

/** Client for the Octavus platform API. Cheap to construct: all clients share one HTTP pool. */
class OctavusClient {
  #apiKey
  #traceModelRequests

  constructor(config) {
    if (!config || typeof config.baseUrl !== 'string') {
      throw new TypeError('OctavusClient needs a config with a baseUrl string')
    }
    this.baseUrl = config.baseUrl.replace(/\/$/, '')
    this.#apiKey = config.apiKey
    this.#traceModelRequests = config.traceModelRequests === true
    const apiConfig = {
      baseUrl: this.baseUrl,
      getHeaders: () => this.getHeaders(),
      requestTimeoutMs: config.requestTimeoutMs,
      // `idleTimeoutMs` is this package's earlier name for the stream watchdog.
      streamIdleTimeoutMs: config.streamIdleTimeoutMs ?? config.idleTimeoutMs,
      maxRetries: config.maxRetries,
      maxContinuationBytes: config.maxContinuationBytes,
    }
    this.agents = new AgentsApi(apiConfig)
    this.agentSessions = new AgentSessionsApi(apiConfig)
    this.files = new FilesApi(apiConfig)
    this.workers = new WorkersApi(apiConfig)
    /** Workforce agents, driven with the agent's own `oct_agt_*` key as `apiKey`. */
    this.workforce = new WorkforceApi(apiConfig)
    /** Ephemeral tokens minted from a trusted key. */
    this.tokens = new TokensApi(apiConfig)
  }

  /** The platform page of a session's activity: `<baseUrl>/platform/sessions/<id>`, the id encoded. */
  getSessionUrl(sessionId) {
    return `${this.baseUrl}/platform/sessions/${pathSegment(sessionId, 'sessionId')}`
  }

  /** The platform page of an agent's editor: `<baseUrl>/platform/agents/<id>`, the id encoded. */
  getAgentUrl(agentId) {
    return `${this.baseUrl}/platform/agents/${pathSegment(agentId, 'agentId')}`
  }

  getHeaders() {
    const headers = { 'Content-Type': 'application/json', 'X-Octavus-Sdk-Version': '4' }
    if (this.#apiKey) headers.Authorization = `Bearer ${this.#apiKey}`
    if (this.#traceModelRequests) headers['X-Octavus-Trace'] = 'true'
    return headers
  }
}

module.exports = { OctavusClient }
