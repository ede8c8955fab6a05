'use strict'
// A scriptable mock of the Octavus platform HTTP API (node:http only): routes, recorded requests,
// SSE streams with chunking/delays/drops/hangs, and builders for protocol-valid stream events.

const http = require('node:http')

const DEFAULT_MAX_REQUESTS = 10000
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024
const MAX_TIMEOUT_MS = 2147483647
const RAW_FRAME = Symbol.for('octavus-rs.mock.rawFrame')
const RESPONSE_KEYS = ['json', 'body', 'sse', 'raw', 'hang']
const HEARTBEAT = Buffer.from(': heartbeat\n\n')

// ---------------------------------------------------------------------------------------------
// Stream event builders (docs/protocol.md §3)
// ---------------------------------------------------------------------------------------------

function withOptional(target, fields) {
  for (const key of Object.keys(fields)) {
    if (fields[key] !== undefined) target[key] = fields[key]
  }
  return target
}

/** Splits `text` into deltas: `chunks` is a count (split by code point) or an explicit array. */
function splitDeltas(text, chunks) {
  if (Array.isArray(chunks)) return chunks.map(String)
  const chars = Array.from(text == null ? '' : String(text))
  const count = Math.max(1, Math.min(chunks == null ? 1 : Math.floor(Number(chunks)) || 1, chars.length || 1))
  const out = []
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * chars.length) / count)
    const to = Math.floor(((i + 1) * chars.length) / count)
    out.push(chars.slice(from, to).join(''))
  }
  return out
}

function streamedPart(kind, id, text, opts = {}) {
  const common = withOptional({}, { workerId: opts.workerId })
  const start = withOptional({ type: `${kind}-start`, id }, { responseType: kind === 'text' ? opts.responseType : undefined })
  Object.assign(start, common)
  const deltas = splitDeltas(text, opts.chunks).map((delta) => ({ type: `${kind}-delta`, id, delta, ...common }))
  return [start, ...deltas, { type: `${kind}-end`, id, ...common }]
}

const sse = {
  /** `{type:'start'}` with an optional executionId (and any extra fields, e.g. messageId). */
  start(executionId, extra) {
    return withOptional({ type: 'start' }, { executionId, ...extra })
  },
  /** `{type:'finish', finishReason}`; reason defaults to 'stop'. */
  finish(finishReason = 'stop', executionId, extra) {
    return withOptional({ type: 'finish', finishReason }, { executionId, ...extra })
  },
  /** text-start, text-delta(s), text-end. `chunks`: number of deltas or an array of delta strings. */
  text(id, text, opts) {
    return streamedPart('text', id, text, opts)
  },
  /** reasoning-start, reasoning-delta(s), reasoning-end. */
  reasoning(id, text, opts) {
    return streamedPart('reasoning', id, text, opts)
  },
  /** text-start, `count` text-delta events of `delta`, text-end (for long streams / benchmarks). */
  deltas(id, count, delta = 'x') {
    const out = new Array(count + 2)
    out[0] = { type: 'text-start', id }
    for (let i = 1; i <= count; i++) out[i] = { type: 'text-delta', id, delta }
    out[count + 1] = { type: 'text-end', id }
    return out
  },
  /** tool-input-start, tool-input-delta(s) of the JSON input, tool-input-end, tool-input-available. */
  toolInput(toolCallId, toolName, input = {}, opts = {}) {
    const common = withOptional({}, { workerId: opts.workerId })
    const json = JSON.stringify(input)
    return [
      withOptional({ type: 'tool-input-start', toolCallId, toolName }, { title: opts.title, display: opts.display, ...common }),
      ...splitDeltas(json, opts.chunks).map((inputTextDelta) => ({ type: 'tool-input-delta', toolCallId, inputTextDelta, ...common })),
      { type: 'tool-input-end', toolCallId, ...common },
      { type: 'tool-input-available', toolCallId, toolName, input, ...common },
    ]
  },
  /** `{type:'tool-request', toolCalls}`; each call needs toolCallId and toolName, `args` defaults to {}. */
  toolRequest(toolCalls) {
    return {
      type: 'tool-request',
      toolCalls: toolCalls.map((call) => ({ ...call, args: call.args === undefined ? {} : call.args })),
    }
  },
  clientToolRequest(executionId, toolCalls, serverToolResults) {
    return withOptional(
      { type: 'client-tool-request', executionId, toolCalls: toolCalls.map((c) => ({ ...c, args: c.args === undefined ? {} : c.args })) },
      { serverToolResults },
    )
  },
  toolOutput(toolCallId, output, extra) {
    return { type: 'tool-output-available', toolCallId, output, ...extra }
  },
  toolOutputError(toolCallId, error, extra) {
    return { type: 'tool-output-error', toolCallId, error, ...extra }
  },
  resourceUpdate(name, value) {
    return { type: 'resource-update', name, value }
  },
  /** An error event; defaults: internal_error, 'Mock error', retryable false, source platform. */
  error(fields = {}) {
    return { type: 'error', errorType: 'internal_error', message: 'Mock error', retryable: false, source: 'platform', ...fields }
  },
  sourceUrl(id, url, title) {
    return withOptional({ type: 'source', sourceType: 'url', id, url }, { title })
  },
  sourceDocument(id, mediaType, title, filename) {
    return withOptional({ type: 'source', sourceType: 'document', id, mediaType, title }, { filename })
  },
  blockStart(blockId, blockName, opts = {}) {
    const { blockType = 'next-message', display = 'stream', ...rest } = opts
    return { type: 'block-start', blockId, blockName, blockType, display, ...rest }
  },
  blockEnd(blockId, summary) {
    return withOptional({ type: 'block-end', blockId }, { summary })
  },
  fileAvailable(id, mediaType, url, extra) {
    return { type: 'file-available', id, mediaType, url, ...extra }
  },
  /** `{type:'worker-start'}`; `input` (6.x) is the worker's input object, sent for streamed workers. */
  workerStart(workerId, workerSlug, description, input) {
    return withOptional({ type: 'worker-start', workerId, workerSlug }, { description, input })
  },
  /** `{type:'worker-result', workerId}` plus `output` and/or `error` from `fields`. */
  workerResult(workerId, fields = {}) {
    return withOptional({ type: 'worker-result', workerId }, { output: fields.output, error: fields.error })
  },
  /** `{type:'worker-input-start', workerId, workerSlug}` (6.x) with an optional description. */
  workerInputStart(workerId, workerSlug, description) {
    return withOptional({ type: 'worker-input-start', workerId, workerSlug }, { description })
  },
  /** `{type:'worker-input-delta', workerId, delta}` (6.x): a chunk of the input's JSON text. */
  workerInputDelta(workerId, delta) {
    return { type: 'worker-input-delta', workerId, delta }
  },
  /** `{type:'worker-input-ready', workerId, input}` (6.x): the complete input object. */
  workerInputReady(workerId, input = {}) {
    return { type: 'worker-input-ready', workerId, input }
  },
  /** worker-input-start, worker-input-delta(s) of the JSON input, worker-input-ready (6.x). */
  workerInput(workerId, workerSlug, input = {}, opts = {}) {
    return [
      sse.workerInputStart(workerId, workerSlug, opts.description),
      ...splitDeltas(JSON.stringify(input), opts.chunks).map((delta) => sse.workerInputDelta(workerId, delta)),
      sse.workerInputReady(workerId, input),
    ]
  },
  /**
   * `{type:'todo-update', todos}` (6.x). Items are `{id, content, status}`; a string item is its
   * content (id its index + 1, status 'pending'), a missing status is 'pending'.
   */
  todoUpdate(todos = [], workerId) {
    const items = todos.map((item, i) =>
      typeof item === 'string' ? { id: String(i + 1), content: item, status: 'pending' } : { ...item, status: item.status ?? 'pending' },
    )
    return withOptional({ type: 'todo-update', todos: items }, { workerId })
  },
  /**
   * `{type:'usage', cost, tokens}` (6.x), sent after a worker's finish. Missing fees and token
   * counts are 0, `currency` 'USD', `byok` false; `totalFee` and `totalTokens` default to the sums.
   */
  usage(cost = {}, tokens = {}) {
    const bandwidthFee = cost.bandwidthFee ?? 0
    const providerFee = cost.providerFee ?? 0
    const inputTokens = tokens.inputTokens ?? 0
    const outputTokens = tokens.outputTokens ?? 0
    return {
      type: 'usage',
      cost: withOptional(
        {
          currency: cost.currency ?? 'USD',
          bandwidthFee,
          providerFee,
          totalFee: cost.totalFee ?? bandwidthFee + providerFee,
          byok: cost.byok ?? false,
        },
        { estimatedProviderFee: cost.estimatedProviderFee },
      ),
      tokens: { inputTokens, outputTokens, totalTokens: tokens.totalTokens ?? inputTokens + outputTokens },
    }
  },
  /** A frame written byte for byte (no `data: ` prefix, no blank line added). */
  raw(bytes) {
    return { [RAW_FRAME]: String(bytes) }
  },
  /** The SSE text a response with these events would carry. */
  encode(events, opts = {}) {
    const eol = opts.crlf ? '\r\n' : '\n'
    let out = ''
    for (const item of flattenEvents(events)) out += frameText(item, eol)
    if (opts.done !== false) out += `data: [DONE]${eol}${eol}`
    return out
  },
  /**
   * Parses SSE text into its data payloads (JSON-parsed when possible, else the string).
   * `[DONE]` is not returned; `done` says whether it was seen.
   */
  parse(text) {
    const events = []
    let done = false
    for (const block of String(text).split(/\r?\n\r?\n/)) {
      const data = []
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5))
      }
      if (data.length === 0) continue
      const payload = data.join('\n')
      if (payload === '[DONE]') {
        done = true
        continue
      }
      try {
        events.push(JSON.parse(payload))
      } catch {
        events.push(payload)
      }
    }
    return { events, done }
  },
}

function flattenEvents(events) {
  if (events == null) return []
  return Array.isArray(events) ? events.flat(Infinity) : [events]
}

function frameText(item, eol) {
  if (item !== null && typeof item === 'object' && typeof item[RAW_FRAME] === 'string') return item[RAW_FRAME]
  const payload = typeof item === 'string' ? item : JSON.stringify(item)
  return `data: ${payload}${eol}${eol}`
}

// ---------------------------------------------------------------------------------------------
// Fixtures: minimal valid REST bodies (docs/protocol.md §2)
// ---------------------------------------------------------------------------------------------

const FIXTURE_DATE = '2025-01-01T00:00:00.000Z'

const fixtures = {
  agent(overrides = {}) {
    const id = overrides.id ?? 'agent-1'
    return {
      id,
      slug: id,
      name: `Agent ${id}`,
      description: null,
      format: 'interactive',
      createdAt: FIXTURE_DATE,
      updatedAt: FIXTURE_DATE,
      projectId: 'project-1',
      ...overrides,
    }
  },
  agentDefinition(overrides = {}) {
    const id = overrides.id ?? 'agent-1'
    return {
      id,
      settings: { slug: id, name: `Agent ${id}`, format: 'interactive' },
      protocol: 'agent:\n  model: mock\n',
      prompts: [],
      ...overrides,
    }
  },
  sessionState(overrides = {}) {
    return {
      id: 'session-1',
      agentId: 'agent-1',
      input: {},
      variables: {},
      resources: {},
      messages: [],
      status: 'active',
      createdAt: FIXTURE_DATE,
      updatedAt: FIXTURE_DATE,
      ...overrides,
    }
  },
  uiSession(overrides = {}) {
    return { sessionId: 'session-1', agentId: 'agent-1', messages: [], status: 'active', ...overrides }
  },
  expiredSession(overrides = {}) {
    return { sessionId: 'session-1', agentId: 'agent-1', status: 'expired', createdAt: FIXTURE_DATE, ...overrides }
  },
  /** A stored (chat-format) message: one visible text part. */
  chatMessage(overrides = {}) {
    const content = overrides.content ?? 'Hello'
    return {
      id: 'message-1',
      role: 'assistant',
      parts: [{ type: 'text', visible: true, content }],
      createdAt: FIXTURE_DATE,
      content,
      ...overrides,
    }
  },
  /** A UI-format message: one finished text part. */
  uiMessage(overrides = {}) {
    return {
      id: 'message-1',
      role: 'assistant',
      parts: [{ type: 'text', text: 'Hello', status: 'done' }],
      status: 'done',
      createdAt: FIXTURE_DATE,
      ...overrides,
    }
  },
  /**
   * A session that ran a worker, in the v4 message format, as `{chat, ui}` (for
   * `sessionState({messages: chat})` and `uiSession({messages: ui})`): a user message with a
   * sender, then an assistant message with step-start, todo, tool-call, operation, worker (with
   * input and its own parts) and text parts.
   */
  v4Session() {
    const todos = [
      { id: '1', content: 'Find sources', status: 'completed' },
      { id: '2', content: 'Summarise', status: 'cancelled' },
    ]
    const sender = { id: 'user-1', name: 'Ada', image: 'https://example.com/ada.png' }
    const chat = [
      fixtures.chatMessage({ id: 'message-1', role: 'user', content: 'Research this', sender }),
      fixtures.chatMessage({
        id: 'message-2',
        content: 'Done',
        parts: [
          { type: 'step-start', visible: false },
          { type: 'todo', visible: true, todo: { todos } },
          {
            type: 'tool-call',
            visible: true,
            toolCall: { id: 'call-1', name: 'search', arguments: { q: 'x' }, status: 'available', result: { hits: 1 }, display: 'title' },
          },
          { type: 'operation', visible: true, operation: { id: 'op-1', name: 'Save notes', operationType: 'set-resource' } },
          { type: 'step-start', visible: false },
          {
            type: 'worker',
            visible: true,
            worker: {
              workerId: 'worker-1',
              workerSlug: 'researcher',
              description: 'Research',
              input: { topic: 'x' },
              nestedParts: [
                { type: 'text', visible: true, content: 'Found it' },
                { type: 'todo', visible: true, todo: { todos: [{ id: 'w1', content: 'Read', status: 'completed' }] } },
              ],
              output: { summary: 'x' },
            },
          },
          { type: 'text', visible: true, content: 'Done' },
        ],
      }),
    ]
    const ui = [
      fixtures.uiMessage({ id: 'message-1', role: 'user', parts: [{ type: 'text', text: 'Research this', status: 'done' }], sender }),
      fixtures.uiMessage({
        id: 'message-2',
        parts: [
          { type: 'step-start' },
          { type: 'todo', todos, status: 'done' },
          { type: 'tool-call', toolCallId: 'call-1', toolName: 'search', displayName: 'Search', args: {}, status: 'done', display: 'title' },
          { type: 'operation', operationId: 'op-1', name: 'Save notes', operationType: 'set-resource', status: 'cancelled' },
          { type: 'step-start' },
          {
            type: 'worker',
            workerId: 'worker-1',
            workerSlug: 'researcher',
            description: 'Research',
            input: { topic: 'x' },
            parts: [
              { type: 'step-start' },
              { type: 'text', text: 'Found it', status: 'done' },
              { type: 'todo', todos: [{ id: 'w1', content: 'Read', status: 'completed' }], status: 'done' },
            ],
            output: { summary: 'x' },
            status: 'done',
          },
          { type: 'text', text: 'Done', status: 'done' },
        ],
      }),
    ]
    return { chat, ui }
  },
  /** One execution-log entry (a `trigger` unless `type` says otherwise); any other key passes. */
  logEntry(overrides = {}) {
    return { id: 'log-1', timestamp: FIXTURE_DATE, type: 'trigger', ...overrides }
  },
}

const TOKEN_DEFAULT_TTL_SECONDS = 3600
const TOKEN_MAX_TTL_SECONDS = 24 * 3600

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function safeDecode(segment) {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** Matches `${prefix}<one segment>${suffix}` where the decoded segment equals `id`. */
function segmentMatcher(prefix, id, suffix) {
  const want = String(id)
  const matcher = (path) => {
    if (!path.startsWith(prefix) || !path.endsWith(suffix)) return false
    const segment = path.slice(prefix.length, path.length - suffix.length)
    if (segment.length === 0 || segment.includes('/')) return false
    return segment === want || safeDecode(segment) === want
  }
  matcher.description = `${prefix}${encodeURIComponent(want)}${suffix}`
  return matcher
}

/** The percent-decoded segments of `path` after `prefix`, or null (an empty or undecodable segment). */
function segmentsAfter(prefix, path) {
  if (!path.startsWith(prefix)) return null
  const out = []
  for (const segment of path.slice(prefix.length).split('/')) {
    const decoded = segment.length === 0 ? null : safeDecode(segment)
    if (decoded === null) return null
    out.push(decoded)
  }
  return out
}

function lowerCaseKeys(headers) {
  const out = {}
  if (headers) for (const key of Object.keys(headers)) out[key.toLowerCase()] = headers[key]
  return out
}

/** A response's own headers: `headers`, plus `retry-after` from `retryAfter` unless `headers` has one. */
function responseHeaders(spec) {
  const out = lowerCaseKeys(spec.headers)
  if (spec.retryAfter != null && !('retry-after' in out)) {
    out['retry-after'] = spec.retryAfter instanceof Date ? spec.retryAfter.toUTCString() : String(spec.retryAfter)
  }
  return out
}

function isResponseSpec(value) {
  if (typeof value === 'function') return true
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  return RESPONSE_KEYS.some((key) => key in value)
}

function checkResponses(responses, where) {
  if (responses.length === 0) throw new TypeError(`${where}: at least one response is required`)
  for (const [i, r] of responses.entries()) {
    if (!isResponseSpec(r)) {
      throw new TypeError(`${where}: response #${i} must be a function or an object with one of: ${RESPONSE_KEYS.join(', ')}`)
    }
  }
}

function normalizeRounds(rounds, where) {
  if (!Array.isArray(rounds) || rounds.length === 0) throw new TypeError(`${where}: rounds must be a non-empty array`)
  return rounds.map((round, i) => {
    if (Array.isArray(round)) return { sse: round }
    if (isResponseSpec(round)) return round
    throw new TypeError(`${where}: round #${i} must be an array of events or a response object (wrap a single round's events in an array)`)
  })
}

// Encoded SSE bodies are cached per response object, so a benchmark replaying one spec encodes once.
const encodedCache = new WeakMap()

function encodeSseSpec(spec) {
  const cached = encodedCache.get(spec)
  if (cached) return cached
  let frames
  let done = null
  if (spec.raw !== undefined) {
    frames = (Array.isArray(spec.raw) ? spec.raw : [spec.raw]).map((r) => (Buffer.isBuffer(r) ? r : Buffer.from(String(r))))
  } else {
    const eol = spec.crlf ? '\r\n' : '\n'
    frames = flattenEvents(spec.sse).map((item) => Buffer.from(frameText(item, eol)))
    if (spec.done !== false) done = Buffer.from(`data: [DONE]${eol}${eol}`)
  }
  const encoded = { frames, done, whole: null }
  encodedCache.set(spec, encoded)
  return encoded
}

// ---------------------------------------------------------------------------------------------
// The mock platform
// ---------------------------------------------------------------------------------------------

/**
 * Starts a mock platform on 127.0.0.1 (port 0 unless `port` is given).
 * Options: apiKey, maxRequests (recorded requests kept, oldest dropped), maxBodyBytes.
 */
async function createMockPlatform(options = {}) {
  const apiKey = options.apiKey
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES

  const sockets = new Set()
  const sleepers = new Map() // timer -> resolve(false)
  const heartbeats = new Set() // interval timers of open SSE responses
  const closeWaiters = new Set()
  const routeOfRecord = new WeakMap()
  const bytesOfRecord = new WeakMap() // the request body as received (uploads are binary)
  let routes = []
  let requests = []
  let nextSeq = 0
  let nextRouteKey = 0
  let closedConnections = 0
  let closing = false
  let closePromise = null

  const server = http.createServer()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('request', (req, res) => {
    handle(req, res).catch((err) => failResponse(res, err))
  })

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const url = `http://127.0.0.1:${server.address().port}`

  // -- timers -------------------------------------------------------------------------------

  /** Sleeps `ms`; resolves false early when the mock closes or `res` closes. */
  function sleep(ms, res) {
    return new Promise((resolve) => {
      if (closing || (res && res.destroyed)) return resolve(false)
      let onClose = null
      const finish = (value) => {
        clearTimeout(timer)
        sleepers.delete(timer)
        if (onClose) res.off('close', onClose)
        resolve(value)
      }
      const timer = setTimeout(() => finish(true), Math.min(Math.max(0, ms), MAX_TIMEOUT_MS))
      sleepers.set(timer, () => finish(false))
      if (res) {
        onClose = () => finish(false)
        res.once('close', onClose)
      }
    })
  }

  function addCloseWaiter(target, timeoutMs) {
    return new Promise((resolve) => {
      if (closing) return resolve(false)
      if (target !== null && closedConnections >= target) return resolve(true)
      const waiter = { target, resolve: null, timer: null }
      waiter.resolve = (value) => {
        clearTimeout(waiter.timer)
        closeWaiters.delete(waiter)
        resolve(value)
      }
      waiter.timer = setTimeout(() => waiter.resolve(false), Math.min(Math.max(0, timeoutMs), MAX_TIMEOUT_MS))
      closeWaiters.add(waiter)
    })
  }

  function noteClientClose() {
    closedConnections++
    for (const waiter of [...closeWaiters]) {
      if (waiter.target === null || closedConnections >= waiter.target) waiter.resolve(true)
    }
  }

  // -- recording ----------------------------------------------------------------------------

  function insertRecord(record) {
    // Keep arrival order even if a slower body completes after a later request's body.
    let i = requests.length
    while (i > 0 && requests[i - 1].seq > record.seq) i--
    requests.splice(i, 0, record)
    if (requests.length > maxRequests) requests.splice(0, requests.length - maxRequests)
  }

  async function readBody(req) {
    const chunks = []
    let size = 0
    let truncated = false
    for await (const chunk of req) {
      if (truncated) continue
      if (size + chunk.length > maxBodyBytes) {
        truncated = true
        continue
      }
      size += chunk.length
      chunks.push(chunk)
    }
    const bytes = Buffer.concat(chunks, size)
    return { bytes, rawBody: bytes.toString('utf8'), truncated }
  }

  // -- routing ------------------------------------------------------------------------------

  function routeKey(method, path) {
    if (typeof path === 'string') return `${method} S:${path}`
    if (path instanceof RegExp) return `${method} R:${path.source}/${path.flags}`
    return `${method} F:${nextRouteKey++}`
  }

  function describePath(path) {
    if (typeof path === 'string') return path
    if (path instanceof RegExp) return String(path)
    return path.description || '<matcher>'
  }

  function addRoute(method, path, responses, key) {
    const m = String(method).toUpperCase()
    if (!(typeof path === 'string' || path instanceof RegExp || typeof path === 'function')) {
      throw new TypeError('mock.on: path must be a string, a RegExp or a function(rawPath) => boolean')
    }
    checkResponses(responses, `mock.on(${m} ${describePath(path)})`)
    const route = {
      method: m,
      path,
      key: key ?? routeKey(m, path),
      responses: responses.slice(),
      hits: 0,
      get requests() {
        return requests.filter((r) => routeOfRecord.get(r) === route)
      },
    }
    const existing = routes.findIndex((r) => r.key === route.key)
    if (existing >= 0) routes[existing] = route
    else routes.push(route)
    return route
  }

  function pathMatches(pattern, path) {
    if (typeof pattern === 'string') return pattern === path
    if (pattern instanceof RegExp) {
      pattern.lastIndex = 0
      return pattern.test(path)
    }
    return Boolean(pattern(path))
  }

  function findRoute(method, path) {
    const methodOk = (r) => r.method === method || r.method === '*'
    for (const r of routes) if (typeof r.path === 'string' && methodOk(r) && r.path === path) return r
    for (const r of routes) if (typeof r.path !== 'string' && methodOk(r) && pathMatches(r.path, path)) return r
    return null
  }

  // -- responding ---------------------------------------------------------------------------

  function sendJson(res, status, json, headers, statusText) {
    const text = JSON.stringify(json)
    const body = text === undefined ? Buffer.alloc(0) : Buffer.from(text)
    res.writeHead(status, statusText, {
      'content-type': 'application/json',
      'content-length': body.length,
      ...headers,
    })
    res.end(body)
  }

  function failResponse(res, err) {
    if (res.destroyed || res.writableEnded) return
    if (!res.headersSent) {
      sendJson(res, 500, { error: `Mock handler failed: ${err && err.message ? err.message : String(err)}` })
    } else {
      res.destroy()
    }
  }

  /** Resolves when `res` closes (client left, mock closed, or response done). */
  function whenClosed(res) {
    return new Promise((resolve) => {
      if (res.destroyed || closing) return resolve()
      res.once('close', resolve)
    })
  }

  /** Writes one buffer and resolves true once it is handed to the socket, false if `res` closed. */
  function writeFlushed(res, buf) {
    return new Promise((resolve) => {
      if (res.destroyed || closing) return resolve(false)
      const onClose = () => resolve(false)
      res.once('close', onClose)
      res.write(buf, (err) => {
        res.off('close', onClose)
        resolve(!err && !res.destroyed)
      })
    })
  }

  async function writeBytes(res, buf, chunkSize) {
    if (!chunkSize || chunkSize >= buf.length) return writeFlushed(res, buf)
    for (let offset = 0; offset < buf.length; offset += chunkSize) {
      if (offset > 0) await new Promise((resolve) => setImmediate(resolve))
      if (!(await writeFlushed(res, buf.subarray(offset, offset + chunkSize)))) return false
    }
    return true
  }

  async function sendSse(res, spec, state) {
    const encoded = encodeSseSpec(spec)
    const total = encoded.frames.length
    let count = total
    let mode = 'end'
    if (spec.dropAfter != null && (spec.hangAfter == null || spec.dropAfter <= spec.hangAfter)) {
      mode = 'drop'
      count = Math.min(Math.max(0, spec.dropAfter), total)
    } else if (spec.hangAfter != null) {
      mode = 'hang'
      count = Math.min(Math.max(0, spec.hangAfter), total)
    }
    const withDone = mode === 'end' && encoded.done !== null
    const chunkSize = spec.chunkSize > 0 ? Math.floor(spec.chunkSize) : 0

    res.writeHead(spec.status ?? 200, spec.statusText, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...responseHeaders(spec),
    })
    res.flushHeaders()

    const heartbeat = startHeartbeat(res, spec.heartbeatMs)
    try {
      await writeSseBody(res, spec, state, { encoded, total, count, mode, withDone, chunkSize, heartbeat })
    } finally {
      heartbeat.stop()
    }
  }

  /**
   * Writes `: heartbeat\n\n` every `ms` while `res` is open, between the frames (never inside
   * one). `busy` wraps a frame write so a beat waits for the next tick instead of splitting it.
   */
  function startHeartbeat(res, ms) {
    let busy = 0
    let writing = false
    const beat = {
      async frame(write) {
        busy++
        try {
          return await write()
        } finally {
          busy--
        }
      },
      stop() {},
    }
    if (!(ms > 0)) return beat
    const timer = setInterval(
      () => {
        if (busy > 0 || writing || res.destroyed || res.writableEnded || closing) return
        writing = true
        res.write(HEARTBEAT, () => {
          writing = false
        })
      },
      Math.min(Math.max(1, ms), MAX_TIMEOUT_MS),
    )
    heartbeats.add(timer)
    beat.stop = () => {
      clearInterval(timer)
      heartbeats.delete(timer)
      res.off('close', beat.stop)
    }
    res.once('close', beat.stop)
    return beat
  }

  async function writeSseBody(res, spec, state, { encoded, total, count, mode, withDone, chunkSize, heartbeat }) {
    const write = (buf) => heartbeat.frame(() => writeBytes(res, buf, chunkSize))
    let alive = true
    if (spec.delayMs > 0) {
      for (let i = 0; i < count && alive; i++) {
        if (i > 0) alive = await sleep(spec.delayMs, res)
        if (alive) alive = await write(encoded.frames[i])
      }
      if (alive && withDone) alive = await write(encoded.done)
    } else {
      let bytes
      if (count === total && withDone) {
        if (!encoded.whole) encoded.whole = Buffer.concat([...encoded.frames, encoded.done])
        bytes = encoded.whole
      } else {
        const parts = encoded.frames.slice(0, count)
        if (withDone) parts.push(encoded.done)
        bytes = Buffer.concat(parts)
      }
      if (bytes.length > 0) alive = await write(bytes)
    }
    if (!alive) return

    if (mode === 'drop') {
      state.selfDestroyed = true
      res.destroy()
    } else if (mode === 'hang') {
      await whenClosed(res)
    } else {
      res.end()
    }
  }

  async function respond(req, res, spec, record, state) {
    if (typeof spec === 'function') {
      await spec(req, res, record)
      return
    }
    if (spec.hang) {
      await whenClosed(res)
      return
    }
    if ('sse' in spec || 'raw' in spec) {
      await sendSse(res, spec, state)
      return
    }
    if (spec.delayMs > 0 && !(await sleep(spec.delayMs, res))) return
    if ('json' in spec) {
      sendJson(res, spec.status ?? 200, spec.json, responseHeaders(spec), spec.statusText)
      return
    }
    const body = Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(String(spec.body ?? ''))
    res.writeHead(spec.status ?? 200, spec.statusText, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': body.length,
      ...responseHeaders(spec),
    })
    res.end(body)
  }

  async function handle(req, res) {
    const seq = nextSeq++
    const state = { selfDestroyed: false }
    const destroy = res.destroy
    res.destroy = function destroyByMock(...args) {
      state.selfDestroyed = true
      return destroy.apply(this, args)
    }
    res.on('close', () => {
      if (!res.writableFinished && !state.selfDestroyed && !closing) noteClientClose()
    })

    const time = Date.now()
    let body
    try {
      body = await readBody(req)
    } catch {
      return // client went away while sending the body; counted by the close listener
    }
    const rawUrl = req.url
    const q = rawUrl.indexOf('?')
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q)
    let parsed
    if (body.rawBody.length > 0) {
      try {
        parsed = JSON.parse(body.rawBody)
      } catch {
        parsed = undefined
      }
    }
    const record = {
      seq,
      time,
      method: req.method,
      path,
      rawUrl,
      query: Object.fromEntries(new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1))),
      headers: req.headers,
      rawBody: body.rawBody,
      body: parsed,
    }
    if (body.truncated) record.bodyTruncated = true
    bytesOfRecord.set(record, body.bytes)
    insertRecord(record)
    if (closing) return

    if (body.truncated) {
      sendJson(res, 413, { error: `Request body larger than ${maxBodyBytes} bytes` })
      return
    }
    const route = findRoute(req.method, path)
    // Presigned storage URLs (uploads) carry no API key.
    if (apiKey !== undefined && !(route && route.public) && req.headers.authorization !== `Bearer ${apiKey}`) {
      sendJson(res, 401, { error: 'Unauthorized' })
      return
    }
    if (!route) {
      sendJson(res, 404, { error: `No mock route for ${req.method} ${path}` })
      return
    }
    routeOfRecord.set(record, route)
    const index = Math.min(route.hits, route.responses.length - 1)
    route.hits++
    await respond(req, res, route.responses[index], record, state)
  }

  // -- uploads: presigned storage URLs served by the mock ------------------------------------

  let uploads = []
  const uploadSlots = new Map() // key -> the file as the upload-urls request described it

  /**
   * POST /api/files/upload-urls answers URLs on the mock: `PUT /uploads/:key` stores the bytes
   * (listed in `mock.uploads`), `GET /downloads/:key` serves them back. Neither needs the API
   * key, as presigned URLs do not. `failUrls` (true or a status) fails the URL request;
   * `failUpload` (true, a status, `'drop'`, or a function of the file returning one of those
   * or false) fails PUTs.
   */
  function serveUploads(options = {}) {
    const { failUrls, failUpload } = options
    const urls = (req, res, recorded) => {
      if (failUrls) {
        sendJson(res, typeof failUrls === 'number' ? failUrls : 500, { error: 'Mock upload URL failure' })
        return
      }
      const body = recorded.body !== null && typeof recorded.body === 'object' ? recorded.body : {}
      const files = Array.isArray(body.files) ? body.files : []
      const answer = files.map((file, index) => {
        const key = `u${recorded.seq}-${index}`
        const id = `file-${recorded.seq}-${index}`
        const downloadUrl = `${url}/downloads/${key}`
        const f = file !== null && typeof file === 'object' ? file : {}
        uploadSlots.set(key, { key, id, sessionId: body.sessionId, index, filename: f.filename, mediaType: f.mediaType, size: f.size, downloadUrl })
        return { id, uploadUrl: `${url}/uploads/${key}`, downloadUrl }
      })
      sendJson(res, 200, { files: answer })
    }
    const store = (req, res, recorded) => {
      const slot = uploadSlots.get(safeDecode(recorded.path.slice('/uploads/'.length)))
      if (!slot) {
        sendJson(res, 404, { error: `No upload URL ${recorded.path} was handed out` })
        return
      }
      const failure = typeof failUpload === 'function' ? failUpload({ ...slot }) : failUpload
      if (failure === 'drop') {
        res.destroy()
        return
      }
      if (failure) {
        sendJson(res, typeof failure === 'number' ? failure : 500, { error: 'Mock upload failure' })
        return
      }
      const bytes = Buffer.from(bytesOfRecord.get(recorded) || Buffer.alloc(0))
      uploads.push({ ...slot, contentType: recorded.headers['content-type'], bytes })
      res.writeHead(200, { 'content-length': 0 })
      res.end()
    }
    const serve = (req, res, recorded) => {
      const key = safeDecode(recorded.path.slice('/downloads/'.length))
      const upload = uploads.findLast((u) => u.key === key)
      if (!upload) {
        sendJson(res, 404, { error: `Nothing was uploaded to ${recorded.path}` })
        return
      }
      res.writeHead(200, { 'content-type': upload.contentType || 'application/octet-stream', 'content-length': upload.bytes.length })
      res.end(upload.bytes)
    }
    addRoute('PUT', /^\/uploads\/[^/]+$/, [store], 'PUT uploads').public = true
    addRoute('GET', /^\/downloads\/[^/]+$/, [serve], 'GET downloads').public = true
    return addRoute('POST', '/api/files/upload-urls', [urls])
  }

  // -- public object --------------------------------------------------------------------------

  const mock = {
    url,
    server,
    get requests() {
      return requests
    },
    get closedConnections() {
      return closedConnections
    },
    /** Files stored through the upload URLs of `rest.uploads()`, in arrival order. */
    get uploads() {
      return uploads
    },
    requestsTo(method, path) {
      const m = String(method).toUpperCase()
      return requests.filter((r) => (m === '*' || r.method === m) && pathMatches(path, r.path))
    },
    on(method, path, ...responses) {
      return addRoute(method, path, responses)
    },
    session(sessionId, rounds) {
      const matcher = segmentMatcher('/api/agent-sessions/', sessionId, '/trigger')
      return addRoute('POST', matcher, normalizeRounds(rounds, `mock.session(${sessionId})`), `POST session:${sessionId}`)
    },
    /**
     * A deferred start (`agentSessions.start`): `POST /api/agent-sessions/start` answers the first
     * round (or its attempts, until one that is not an error) naming `sessionId` in the
     * `X-Octavus-Session-Id` header (`header: false` leaves it out: the client then takes the id
     * from the first `start` event); the later rounds go to `mock.session(sessionId, …)`.
     */
    start(sessionId, rounds, options = {}) {
      const all = normalizeRounds(rounds, `mock.start(${sessionId})`)
      const firstOk = all.findIndex((r) => !(r.status >= 400))
      const cut = firstOk < 0 ? all.length : firstOk + 1
      const named = (r) => (options.header === false || r.status >= 400 ? r : { ...r, headers: { ...r.headers, 'X-Octavus-Session-Id': sessionId } })
      const route = addRoute('POST', '/api/agent-sessions/start', all.slice(0, cut).map(named), `POST start:${sessionId}`)
      if (cut < all.length) mock.session(sessionId, all.slice(cut))
      return route
    },
    worker(agentId, rounds) {
      const matcher = segmentMatcher('/api/agents/', agentId, '/execute')
      return addRoute('POST', matcher, normalizeRounds(rounds, `mock.worker(${agentId})`), `POST worker:${agentId}`)
    },
    rest: {
      /** GET /api/agents → {agents}; each entry is completed from fixtures.agent. */
      agents(list = [{}]) {
        return addRoute('GET', '/api/agents', [{ json: { agents: list.map((a) => fixtures.agent(a)) } }])
      },
      /** GET /api/agents/:id → an agent definition completed from fixtures.agentDefinition. */
      agent(definition = {}) {
        const full = fixtures.agentDefinition(definition)
        return addRoute('GET', segmentMatcher('/api/agents/', full.id, ''), [{ json: full }], `GET agent:${full.id}`)
      },
      /** POST /api/agent-sessions → {sessionId}; several ids are handed out in order (the last repeats). */
      createSession(...sessionIds) {
        const ids = sessionIds.length > 0 ? sessionIds : ['session-1']
        return addRoute(
          'POST',
          '/api/agent-sessions',
          ids.map((sessionId) => ({ json: { sessionId } })),
        )
      },
      /**
       * GET /api/agent-sessions/:id → `state` (completed from fixtures.sessionState), or with
       * ?format=ui → `ui` (completed from fixtures.uiSession); `expired: true` answers the expired shape.
       */
      getSession(sessionId, opts = {}) {
        const state = fixtures.sessionState({ id: sessionId, ...opts.state })
        const ui = fixtures.uiSession({ sessionId, agentId: state.agentId, ...opts.ui })
        const expired = fixtures.expiredSession({ sessionId, agentId: state.agentId })
        const handler = (req, res, recorded) => {
          const json = opts.expired ? expired : recorded.query.format === 'ui' ? ui : state
          sendJson(res, 200, json)
        }
        return addRoute('GET', segmentMatcher('/api/agent-sessions/', sessionId, ''), [handler], `GET session-state:${sessionId}`)
      },
      restore(sessionId, restored = true) {
        const matcher = segmentMatcher('/api/agent-sessions/', sessionId, '/restore')
        return addRoute('POST', matcher, [{ json: { sessionId, restored } }], `POST restore:${sessionId}`)
      },
      clear(sessionId, cleared = true) {
        const matcher = segmentMatcher('/api/agent-sessions/', sessionId, '')
        return addRoute('DELETE', matcher, [{ json: { sessionId, cleared } }], `DELETE session:${sessionId}`)
      },
      /** POST /api/files/upload-urls → one {id, uploadUrl, downloadUrl} per requested file. */
      uploadUrls() {
        const handler = (req, res, recorded) => {
          const files = Array.isArray(recorded.body && recorded.body.files) ? recorded.body.files : []
          sendJson(res, 200, {
            files: files.map((f, i) => ({
              id: `file-${recorded.seq}-${i}`,
              uploadUrl: `${url}/upload/file-${recorded.seq}-${i}`,
              downloadUrl: `${url}/download/file-${recorded.seq}-${i}`,
            })),
          })
        }
        return addRoute('POST', '/api/files/upload-urls', [handler])
      },
      /** POST /api/files/upload-urls with upload URLs served by the mock (see serveUploads). */
      uploads(options) {
        return serveUploads(options)
      },
      /**
       * GET /api/agent-sessions/:id/logs → `{sessionId, entries, total, truncated}`, each entry
       * completed from fixtures.logEntry (ids `log-1`, `log-2`, …); `?excludeModelRequests=true`
       * leaves out the `model-request` entries. `{expired: true}` answers the expired shape.
       */
      logs(sessionId, spec = []) {
        const opts = Array.isArray(spec) ? { entries: spec } : spec || {}
        const entries = (opts.entries || []).map((entry, i) => fixtures.logEntry({ id: `log-${i + 1}`, ...entry }))
        const expired = fixtures.expiredSession({ sessionId, ...(opts.agentId === undefined ? {} : { agentId: opts.agentId }) })
        const handler = (req, res, recorded) => {
          if (opts.expired) return sendJson(res, 200, expired)
          const exclude = recorded.query.excludeModelRequests === 'true'
          const list = exclude ? entries.filter((e) => e.type !== 'model-request') : entries
          sendJson(res, 200, { sessionId, entries: list, total: opts.total ?? list.length, truncated: opts.truncated ?? false })
        }
        const matcher = segmentMatcher('/api/agent-sessions/', sessionId, '/logs')
        return addRoute('GET', matcher, [handler], `GET session-logs:${sessionId}`)
      },
      /**
       * POST /api/tokens mints `{token: 'oct_et_mock_<n>', jti: 'jti-<n>', expiresAt}` (ttlSeconds
       * default 3600, capped at 86400; 400 without a non-empty string agentId or with a
       * ttlSeconds that is not a positive integer). POST /api/tokens/revoke answers
       * `{revoked: true, jti}` for a token it minted and has not revoked yet, else `{revoked: false}`.
       */
      tokens() {
        const minted = new Map()
        let count = 0
        const mint = (req, res, recorded) => {
          const body = recorded.body
          if (body === null || typeof body !== 'object' || typeof body.agentId !== 'string' || body.agentId === '') {
            return sendJson(res, 400, { error: 'agentId is required', code: 'VALIDATION_ERROR' })
          }
          const ttl = body.ttlSeconds
          if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) {
            return sendJson(res, 400, { error: 'ttlSeconds must be a positive integer', code: 'VALIDATION_ERROR' })
          }
          count++
          const token = `oct_et_mock_${count}`
          const jti = `jti-${count}`
          const seconds = Math.min(ttl ?? TOKEN_DEFAULT_TTL_SECONDS, TOKEN_MAX_TTL_SECONDS)
          minted.set(token, { jti, revoked: false })
          sendJson(res, 200, { token, jti, expiresAt: new Date(recorded.time + seconds * 1000).toISOString() })
        }
        const revoke = (req, res, recorded) => {
          const entry = recorded.body && typeof recorded.body.token === 'string' ? minted.get(recorded.body.token) : undefined
          if (!entry || entry.revoked) return sendJson(res, 200, { revoked: false })
          entry.revoked = true
          sendJson(res, 200, { revoked: true, jti: entry.jti })
        }
        return {
          mint: addRoute('POST', '/api/tokens', [mint]),
          revoke: addRoute('POST', '/api/tokens/revoke', [revoke]),
        }
      },
      /**
       * The threads of one workforce agent. POST …/agents/:agentId/threads (201) answers
       * `{threadId, status: 'pending'}`: the first dispatch hands out `threadId` (default
       * 'thread-1', readable from the start), later ones `<threadId>-2`, `-3`, …. GET
       * …/threads/:threadId answers `statuses[n]` on its n-th read (the last one repeats;
       * default ['running', 'completed']), `failureReason` (default 'Mock failure') when that
       * status is `failed` (else null), and `messages`. POST …/threads/:threadId/messages (202)
       * answers `{threadId, status: 'queued'}` and replays the statuses from the start. Unknown
       * threads get 404 `{error, code: 'NOT_FOUND'}`; a body without a string message 400.
       */
      workforce(agentId, opts = {}) {
        const agent = String(agentId)
        const statuses = opts.statuses && opts.statuses.length > 0 ? opts.statuses.slice() : ['running', 'completed']
        const firstId = opts.threadId ?? 'thread-1'
        const threads = new Map([[firstId, { reads: 0 }]])
        let dispatched = 0
        const prefix = '/api/v1/workforce/agents/'
        const shape = (n, test) => (path) => {
          const segs = segmentsAfter(prefix, path)
          return segs !== null && segs.length === n && segs[0] === agent && segs[1] === 'threads' && test(segs)
        }
        const threadOf = (recorded) => segmentsAfter(prefix, recorded.path)[2]
        const noThread = (res, id) => sendJson(res, 404, { error: `Thread ${id} not found`, code: 'NOT_FOUND' })
        const hasMessage = (recorded) => recorded.body !== null && typeof recorded.body === 'object' && typeof recorded.body.message === 'string'
        const noMessage = (res) => sendJson(res, 400, { error: 'message is required', code: 'VALIDATION_ERROR' })

        const dispatch = (req, res, recorded) => {
          if (!hasMessage(recorded)) return noMessage(res)
          dispatched++
          const threadId = dispatched === 1 ? firstId : `${firstId}-${dispatched}`
          threads.set(threadId, { reads: 0 })
          sendJson(res, 201, { threadId, status: 'pending' })
        }
        const read = (req, res, recorded) => {
          const threadId = threadOf(recorded)
          const thread = threads.get(threadId)
          if (!thread) return noThread(res, threadId)
          const status = statuses[Math.min(thread.reads, statuses.length - 1)]
          thread.reads++
          sendJson(res, 200, {
            threadId,
            status,
            failureReason: status === 'failed' ? (opts.failureReason ?? 'Mock failure') : null,
            messages: opts.messages ?? [],
          })
        }
        const followUp = (req, res, recorded) => {
          const threadId = threadOf(recorded)
          const thread = threads.get(threadId)
          if (!thread) return noThread(res, threadId)
          if (!hasMessage(recorded)) return noMessage(res)
          thread.reads = 0
          sendJson(res, 202, { threadId, status: 'queued' })
        }
        const threadsPath = shape(2, () => true)
        threadsPath.description = `${prefix}${encodeURIComponent(agent)}/threads`
        const threadPath = shape(3, () => true)
        threadPath.description = `${prefix}${encodeURIComponent(agent)}/threads/:threadId`
        const messagesPath = shape(4, (segs) => segs[3] === 'messages')
        messagesPath.description = `${prefix}${encodeURIComponent(agent)}/threads/:threadId/messages`
        return {
          dispatch: addRoute('POST', threadsPath, [dispatch], `POST workforce-threads:${agent}`),
          getThread: addRoute('GET', threadPath, [read], `GET workforce-thread:${agent}`),
          followUp: addRoute('POST', messagesPath, [followUp], `POST workforce-messages:${agent}`),
        }
      },
    },
    reset() {
      routes = []
      requests = []
      closedConnections = 0
      uploads = []
      uploadSlots.clear()
    },
    waitForClientClose(timeoutMs = 1000) {
      return addCloseWaiter(null, timeoutMs)
    },
    /** Resolves true once closedConnections >= n (immediately if already), false on timeout. */
    waitForClosedConnections(n, timeoutMs = 1000) {
      return addCloseWaiter(n, timeoutMs)
    },
    close() {
      if (closePromise) return closePromise
      closing = true
      for (const timer of heartbeats) clearInterval(timer)
      heartbeats.clear()
      for (const wake of [...sleepers.values()]) wake()
      for (const waiter of [...closeWaiters]) waiter.resolve(false)
      closePromise = new Promise((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      return closePromise
    },
  }
  return mock
}

module.exports = { createMockPlatform, sse, fixtures }
