'use strict'
// Public entry (CommonJS): JS classes over the native core. This file only adapts values to
// JS idioms (error classes, async generators, web streams, Dates); HTTP, SSE, validation and
// the tool continuation loop all run in Rust (src/).

const helpers = require('./lib/core/index.js')

const { safeParseChatMessages } = require('./lib/core/chat-message.js')

const { createInternalErrorEvent, makeSafeParseStreamEvent, safeParseUIMessages } = helpers

// ---------------------------------------------------------------------------------------------
// Loading the native binding

const PACKAGE_NAME = '@octavus-rs/server-sdk'

/**
 * binding.js (napi-rs's loader of the `.node` file), always loaded by Node's own `require`.
 * Bundlers that compile this file into server chunks (Next.js with webpack or Turbopack)
 * cannot compile a `.node` file, so binding.js is never named in a require they follow.
 * Unbundled, it sits beside this file. Bundled, `__dirname` no longer names this package, and
 * the installed package is found from the app, under its own name or the drop-in alias.
 */
function loadNative() {
  const { createRequire } = require('node:module')
  const path = require('node:path')
  const fs = require('node:fs')
  const bindingIn = (dir) => path.join(dir, 'binding.js')
  const loadFrom = (dir) => createRequire(bindingIn(dir))(bindingIn(dir))

  if (typeof __dirname === 'string' && fs.existsSync(bindingIn(__dirname))) return loadFrom(__dirname)

  const { version } = require('./package.json')
  const resolvers = []
  // webpack: the require of the emitted chunk, which resolves from the app's build directory.
  if (typeof __non_webpack_require__ === 'function') resolvers.push(__non_webpack_require__)
  // Elsewhere (Turbopack): from the working directory, then from the started script.
  resolvers.push(createRequire(path.join(process.cwd(), 'package.json')))
  if (process.argv[1] && path.isAbsolute(process.argv[1])) resolvers.push(createRequire(process.argv[1]))
  const seen = new Set()
  for (const resolver of resolvers) {
    for (const name of [PACKAGE_NAME, '@octavus/server-sdk']) {
      let manifest
      try {
        manifest = resolver.resolve(`${name}/package.json`)
      } catch {
        continue
      }
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'))
      seen.add(`${manifest} (${pkg.name}@${pkg.version})`)
      const dir = path.dirname(manifest)
      if (pkg.name === PACKAGE_NAME && pkg.version === version && fs.existsSync(bindingIn(dir))) return loadFrom(dir)
    }
  }
  throw new Error(
    `${PACKAGE_NAME}@${version}: cannot locate its native binding from a bundled build ` +
      `(looked from ${process.cwd()}${seen.size ? '; found ' + [...seen].join(', ') : ''}). ` +
      `Keep the package out of the server bundle (Next.js: serverExternalPackages), which also makes ` +
      `standalone and serverless output copy it.`,
  )
}

const native = loadNative()

/** A REST call answered with a non-2xx status. */
class ApiError extends Error {
  constructor(message, status, code) {
    super(message)
    this.status = status
    this.code = code
    this.name = 'ApiError'
  }
}

/** `workers.generate()` failed: an error event, a failed result, or no result. */
class WorkerError extends Error {
  constructor(message, sessionId) {
    super(message)
    this.name = 'WorkerError'
    this.sessionId = sessionId
  }
}

/** Base class for agent-managed resources: extend it with `name` and `onUpdate(value)`. */
class Resource {}

// ---------------------------------------------------------------------------------------------
// Values → native arguments

/** JSON text of a value with JSON.stringify semantics; a BigInt or cycle is a clear TypeError. */
function toJson(value, what) {
  try {
    return JSON.stringify(value)
  } catch (err) {
    throw new TypeError(`Cannot send ${what} as JSON: ${err && err.message}`)
  }
}

function idArg(value, what) {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  throw new TypeError(`${what} must be a string, got ${value === null ? 'null' : typeof value}`)
}

function requestConfig(config) {
  const raw = config.getHeaders()
  const headers = {}
  for (const key of Object.keys(raw || {})) {
    const v = raw[key]
    if (v !== undefined && v !== null) headers[key] = String(v)
  }
  return {
    baseUrl: config.baseUrl,
    headers,
    timeoutMs: config.requestTimeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
  }
}

/** Resolves a native outcome's value, or throws the JS error it stands for. */
function unwrap(outcome) {
  if (outcome.ok) return outcome.value
  if (outcome.kind === 'api') {
    throw new ApiError(outcome.message, outcome.status, outcome.code == null ? undefined : outcome.code)
  }
  const err = outcome.kind === 'invalid-argument' ? new TypeError(outcome.message) : new Error(outcome.message)
  err.code = 'OCTAVUS_' + String(outcome.kind).toUpperCase().replace(/-/g, '_')
  throw err
}

// ---------------------------------------------------------------------------------------------
// REST APIs

/** The parsed messages of a session read, or an error naming the endpoint and the field. */
function checkedMessages(parsed, sessionId, query) {
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues && parsed.error.issues[0]
  const where = issue ? `field \`messages[${issue.path[0]}]${issue.path.slice(1).map((p) => '.' + p).join('')}\`: ${issue.message}` : 'messages'
  const err = new Error(`Invalid response from GET /api/agent-sessions/${encodeURIComponent(sessionId)}${query}: ${where}`)
  err.code = 'OCTAVUS_INVALID_RESPONSE'
  throw err
}

class BaseApiClient {
  constructor(config) {
    this.config = config
  }

  /** GET `path` and parse the JSON answer with `schema` (anything with `parse`). */
  async httpGet(path, schema) {
    return this.#request('GET', path, undefined, schema)
  }

  /** POST `body` as JSON to `path` and parse the answer with `schema`. */
  async httpPost(path, body, schema) {
    return this.#request('POST', path, body, schema)
  }

  /** PATCH `body` as JSON to `path` and parse the answer with `schema`. */
  async httpPatch(path, body, schema) {
    return this.#request('PATCH', path, body, schema)
  }

  async #request(method, path, body, schema) {
    const bodyJson = body === undefined ? undefined : toJson(body, 'request body')
    const text = unwrap(await native.rawRequest(requestConfig(this.config), method, String(path), bodyJson))
    const data = JSON.parse(text)
    return schema ? schema.parse(data) : data
  }
}

class AgentsApi extends BaseApiClient {
  /** List all agents in the project. */
  async list() {
    return JSON.parse(unwrap(await native.agentsList(requestConfig(this.config))))
  }

  /** Get one agent definition by id. */
  async get(agentId) {
    const id = idArg(agentId, 'agentId')
    return JSON.parse(unwrap(await native.agentsGet(requestConfig(this.config), id)))
  }
}

class AgentSessionsApi extends BaseApiClient {
  /** Create a session for an agent; resolves its id. */
  async create(agentId, input) {
    const id = idArg(agentId, 'agentId')
    const inputJson = input === undefined ? undefined : toJson(input, 'session input')
    return unwrap(await native.sessionsCreate(requestConfig(this.config), id, inputJson))
  }

  /** Full session state, or the expired shape. */
  async get(sessionId) {
    const id = idArg(sessionId, 'sessionId')
    const state = JSON.parse(unwrap(await native.sessionsGet(requestConfig(this.config), id)))
    if (state.status === 'expired') return state
    state.messages = checkedMessages(safeParseChatMessages(state.messages), id, '')
    return state
  }

  /** UI-ready messages (createdAt as Date), or the expired shape. */
  async getMessages(sessionId) {
    const id = idArg(sessionId, 'sessionId')
    const state = JSON.parse(unwrap(await native.sessionsGetMessages(requestConfig(this.config), id)))
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
    return JSON.parse(unwrap(await native.sessionsRestore(requestConfig(this.config), id, messagesJson, inputJson)))
  }

  /** Delete a session's state (idempotent on the platform). */
  async clear(sessionId) {
    const id = idArg(sessionId, 'sessionId')
    return JSON.parse(unwrap(await native.sessionsClear(requestConfig(this.config), id)))
  }

  /** Attach to a session to execute requests on it. */
  attach(sessionId, options = {}) {
    return new AgentSession({
      sessionId,
      config: this.config,
      tools: options.tools,
      resources: options.resources,
    })
  }
}

class FilesApi extends BaseApiClient {
  /** Presigned upload/download URLs for files of a session. */
  async getUploadUrls(sessionId, files) {
    const id = idArg(sessionId, 'sessionId')
    const filesJson = toJson(files, 'files')
    if (filesJson === undefined) throw new TypeError('files must be an array')
    return JSON.parse(unwrap(await native.filesGetUploadUrls(requestConfig(this.config), id, filesJson)))
  }
}

// ---------------------------------------------------------------------------------------------
// Executions: native loop → async generator (or SSE bytes for toSSEStream)

const EXECUTION = Symbol.for('@octavus-rs/server-sdk.execution')

function toolErrorMessage(err) {
  if (err instanceof Error) return err.message || `${err.name || 'Error'} thrown with an empty message`
  return 'Tool execution failed'
}

/** `([toolName, argsJson]) => Promise<'R' + resultJson | 'E' + message>`; never rejects. */
function toolCaller(tools) {
  return async ([toolName, argsJson]) => {
    let value
    try {
      value = await tools[toolName](JSON.parse(argsJson))
    } catch (err) {
      return 'E' + toolErrorMessage(err)
    }
    if (value === undefined) {
      return 'E' + `Tool '${toolName}' returned undefined; return a JSON value (null for no result)`
    }
    let json
    try {
      json = JSON.stringify(value)
    } catch (err) {
      return 'E' + `Tool '${toolName}' returned a value that cannot be sent as JSON: ${err && err.message}`
    }
    if (json === undefined) {
      return 'E' + `Tool '${toolName}' returned a ${typeof value}, which cannot be sent as JSON`
    }
    return 'R' + json
  }
}

function resourceNotifier(resourceMap) {
  const report = (name, err) => {
    const detail = err instanceof Error ? err.message : String(err)
    process.emitWarning(`Resource '${name}' onUpdate failed: ${detail}`, { type: 'OctavusResourceWarning' })
  }
  return ([name, valueJson]) => {
    const resource = resourceMap.get(name)
    if (!resource) return
    try {
      const p = resource.onUpdate(JSON.parse(valueJson))
      if (p && typeof p.then === 'function') p.then(undefined, (err) => report(name, err))
    } catch (err) {
      report(name, err)
    }
  }
}

/** Names with a truthy handler: own and inherited (class methods too), up to Object.prototype. */
function handlerNames(tools) {
  const names = new Set()
  for (let o = tools; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== 'constructor' && !names.has(name) && tools[name]) names.add(name)
    }
  }
  return [...names]
}

/**
 * One execution as an AsyncGenerator. The native execution is built (and the bodies
 * serialised) on the first pull, so nothing happens before it; `toSSEStream` may claim it
 * instead, to let Rust write the SSE bytes.
 */
function createExecution(config, fields, tools, resourceMap, signal) {
  const state = { claimed: false }
  const open = () => {
    if (state.claimed) throw new Error('This execution was already started (by iteration or toSSEStream)')
    state.claimed = true
    const request = {
      target: fields.target,
      id: fields.id,
      triggerName: fields.triggerName,
      inputJson: fields.input === undefined ? undefined : toJson(fields.input, 'input'),
      rollbackJson: fields.rollbackAfterMessageId === undefined ? undefined : toJson(fields.rollbackAfterMessageId, 'rollbackAfterMessageId'),
      workerStart: fields.workerStart,
      executionId: fields.executionId,
      toolResultsJson: fields.toolResults === undefined ? undefined : toJson(fields.toolResults, 'toolResults'),
    }
    const names = handlerNames(tools)
    let exec
    try {
      exec = new native.NativeExecution(
        requestConfig(config),
        request,
        names,
        names.length ? toolCaller(tools) : undefined,
        [...resourceMap.keys()],
        resourceMap.size ? resourceNotifier(resourceMap) : undefined,
        () => JSON.stringify(requestConfig(config).headers),
      )
    } catch (err) {
      // An id that cannot be a path segment: the same TypeError as the REST calls give.
      if (err && err.code === 'InvalidArg') unwrap({ ok: false, kind: 'invalid-argument', message: err.message })
      throw err
    }
    let onAbort
    if (signal) {
      if (signal.aborted) exec.cancel()
      else {
        onAbort = () => exec.cancel()
        signal.addEventListener('abort', onAbort, { once: true })
      }
    }
    // Iteration ended (completed, `break`, thrown) or the reader cancelled: nobody pulls again.
    const done = () => {
      if (onAbort) signal.removeEventListener('abort', onAbort)
      exec.close()
    }
    return { exec, done }
  }

  async function* iterate() {
    const { exec, done } = open()
    try {
      for (;;) {
        let batch
        try {
          batch = await exec.nextBatch()
        } catch (err) {
          throw new Error(err && err.message)
        }
        if (batch === null) return
        const events = JSON.parse(batch)
        for (let i = 0; i < events.length; i++) yield events[i]
      }
    } finally {
      done()
    }
  }

  const generator = iterate()
  Object.defineProperty(generator, EXECUTION, { value: { state, open } })
  return generator
}

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

class WorkersApi extends BaseApiClient {
  /** Runs a worker agent; an AsyncGenerator of stream events. */
  execute(agentId, input, options = {}) {
    const fields = { target: 'worker', id: idArg(agentId, 'agentId'), workerStart: true, input }
    return createExecution(this.config, fields, options.tools, new Map(), options.signal)
  }

  /** Resumes a worker execution after client tools ran. */
  continue(agentId, executionId, toolResults, options = {}) {
    const fields = { target: 'worker', id: idArg(agentId, 'agentId'), executionId, toolResults }
    return createExecution(this.config, fields, options.tools, new Map(), options.signal)
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

// ---------------------------------------------------------------------------------------------
// SSE responses

const DONE = new TextEncoder().encode('data: [DONE]\n\n')

function errorFrame(message) {
  return new TextEncoder().encode(`data: ${JSON.stringify(createInternalErrorEvent(message))}\n\n`)
}

/** Stream events as an SSE `ReadableStream<Uint8Array>` (`data: <json>\n\n` …, `[DONE]`). */
function toSSEStream(events) {
  const handle = events && events[EXECUTION]
  if (handle && !handle.state.claimed) return relay(handle)
  const encoder = new TextEncoder()
  let iterator
  return new ReadableStream({
    async pull(controller) {
      try {
        if (!iterator) iterator = events[Symbol.asyncIterator]()
        const { value, done } = await iterator.next()
        if (done) {
          controller.enqueue(DONE.slice())
          controller.close()
        } else {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`))
        }
      } catch (err) {
        controller.enqueue(errorFrame(err instanceof Error ? err.message : 'Unknown error'))
        controller.close()
      }
    },
    async cancel() {
      if (iterator && iterator.return) await iterator.return()
    },
  })
}

/** Native relay: Rust frames the SSE bytes; JS only moves chunks. */
function relay(handle) {
  let opened
  return new ReadableStream({
    async pull(controller) {
      try {
        if (!opened) opened = handle.open()
        const chunk = await opened.exec.nextSse()
        if (chunk === null) {
          opened.done()
          controller.close()
        } else {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        }
      } catch (err) {
        if (opened) opened.done()
        controller.enqueue(errorFrame(err instanceof Error ? err.message : 'Unknown error'))
        controller.close()
      }
    },
    cancel() {
      if (opened) opened.done()
    },
  })
}

// ---------------------------------------------------------------------------------------------
// Client

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
      idleTimeoutMs: config.idleTimeoutMs,
    }
    this.agents = new AgentsApi(apiConfig)
    this.agentSessions = new AgentSessionsApi(apiConfig)
    this.files = new FilesApi(apiConfig)
    this.workers = new WorkersApi(apiConfig)
  }

  getHeaders() {
    const headers = { 'Content-Type': 'application/json' }
    if (this.#apiKey) headers.Authorization = `Bearer ${this.#apiKey}`
    if (this.#traceModelRequests) headers['X-Octavus-Trace'] = 'true'
    return headers
  }
}

const safeParseStreamEvent = makeSafeParseStreamEvent(native.validateEventJson)

const { makeSafeParseStreamEvent: _factory, ...publicHelpers } = helpers

module.exports = {
  ...publicHelpers,
  safeParseStreamEvent,
  OctavusClient,
  AgentsApi,
  AgentSessionsApi,
  AgentSession,
  FilesApi,
  WorkersApi,
  Resource,
  ApiError,
  WorkerError,
  toSSEStream,
}
