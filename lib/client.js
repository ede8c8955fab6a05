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

/** A base URL must be absolute http(s), or every call would fail later as a network error. */
function checkBaseUrl(baseUrl) {
  let url
  try {
    url = new URL(baseUrl)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.host) {
    throw new TypeError(
      `OctavusClient: baseUrl must be an absolute http(s) URL such as 'https://octavus.ai' or 'http://127.0.0.1:3000' (got ${JSON.stringify(baseUrl)})`,
    )
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
    checkBaseUrl(config.baseUrl)
    this.baseUrl = config.baseUrl.replace(/\/$/, '')
    this.#apiKey = config.apiKey
    this.#traceModelRequests = config.traceModelRequests === true
    const apiConfig = {
      baseUrl: this.baseUrl,
      // The requests' own route: no Promise unless something is async (an overridden getHeaders,
      // an apiKey function); a subclass that overrides getHeaders() is still asked.
      getHeaders: () => (this.#ownGetHeaders() ? this.#headers() : this.getHeaders()),
      // Headers that cannot change (a string apiKey, getHeaders not overridden) are handed to an
      // execution once instead of being asked for every request (bridge.js `fixedHeaders`).
      fixedHeaders: () => (this.#ownGetHeaders() && this.#fixedKey() ? this.#headersWith(this.#apiKey) : undefined),
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

  /**
   * The headers of the next request (a Promise since 6.2): `apiKey` may be a function (sync or
   * async) asked for every request and every retry attempt, so a rotating credential needs no
   * new client; what it throws fails that request.
   */
  async getHeaders() {
    return this.#headers()
  }

  /** Whether `getHeaders` is this class's own (not a subclass's, an instance's or a patched one). */
  #ownGetHeaders() {
    return this.getHeaders === OWN_GET_HEADERS
  }

  /** Whether `apiKey` reads the same every time: a string, or none (anything else is read per request). */
  #fixedKey() {
    return typeof this.#apiKey === 'string' || this.#apiKey === undefined || this.#apiKey === null
  }

  /** The headers, or a Promise of them when `apiKey` is a function. */
  #headers() {
    if (typeof this.#apiKey === 'function') return Promise.resolve(this.#apiKey()).then((apiKey) => this.#headersWith(apiKey))
    return this.#headersWith(this.#apiKey)
  }

  #headersWith(apiKey) {
    const headers = { 'Content-Type': 'application/json', 'X-Octavus-Sdk-Version': '4' }
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`
    if (this.#traceModelRequests) headers['X-Octavus-Trace'] = 'true'
    return headers
  }
}

const OWN_GET_HEADERS = OctavusClient.prototype.getHeaders

module.exports = { OctavusClient }
