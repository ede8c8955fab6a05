'use strict'
// Values → native arguments (JSON text, ids, client config, headers), and the one mapping of
// a native error (REST call or execution alike) to the JS error users see.

const { ApiError, octavusCode } = require('./api-error.js')
const diagnostics = require('./diagnostics.js')

/** JSON text of a value with JSON.stringify semantics; a BigInt or cycle is a clear TypeError. */
function toJson(value, what) {
  try {
    return JSON.stringify(value)
  } catch (err) {
    throw new TypeError(`Cannot send ${what} as JSON: ${err && err.message}`)
  }
}

/**
 * An id for an execution, checked lazily: `{ id }`, or `{ id: '', invalid }` with the TypeError
 * the first `next()` throws (an execution sends and throws nothing before it is pulled).
 */
function lazyId(value, what) {
  try {
    return { id: idArg(value, what), invalid: undefined }
  } catch (err) {
    return { id: '', invalid: err }
  }
}

function idArg(value, what) {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  throw new TypeError(`${what} must be a string, got ${value === null ? 'null' : typeof value}`)
}

const numberOrUndefined = (v) => (v === undefined || v === null ? undefined : Number(v))

/** The native client config (base URL, timeouts, streaming limits) of an API config. */
function clientConfig(config) {
  return {
    baseUrl: config.baseUrl,
    // Numbers as JS would read them (a value from process.env is a string).
    timeoutMs: numberOrUndefined(config.requestTimeoutMs),
    idleTimeoutMs: numberOrUndefined(config.streamIdleTimeoutMs),
    maxRetries: config.maxRetries === undefined ? undefined : Math.max(0, Math.floor(Number(config.maxRetries)) || 0),
    maxContinuationBytes: numberOrUndefined(config.maxContinuationBytes),
  }
}

/** What a callback's failure says to the native side: an Error's message, or the thrown value as text. */
function messageOf(err) {
  if (err instanceof Error) return err.message || `${err.name || 'Error'} thrown with an empty message`
  return String(err)
}

/** A `getHeaders()` answer as a string map (`null`/`undefined` values left out). */
function stringHeaders(raw) {
  const headers = {}
  for (const key of Object.keys(raw || {})) {
    const v = raw[key]
    if (v !== undefined && v !== null) headers[key] = String(v)
  }
  return headers
}

/**
 * The headers of one request from the config's `getHeaders()`: the map itself when that
 * answered at once, else a Promise of it (so no Promise is made when nothing is async).
 */
function headersNow(config) {
  const raw = config.getHeaders()
  return raw && typeof raw.then === 'function' ? raw.then(stringHeaders) : stringHeaders(raw)
}

/**
 * The headers every request will carry, as a string map, when the config knows they cannot change
 * (`fixedHeaders()`: OctavusClient's own headers with a string apiKey); else undefined, and each
 * request asks `getHeaders()`. A config made by the user has no `fixedHeaders`.
 */
function fixedHeaders(config) {
  const fixed = typeof config.fixedHeaders === 'function' ? config.fixedHeaders() : undefined
  return fixed === undefined ? undefined : stringHeaders(fixed)
}

/** The headers of one request, from the client's `getHeaders()` (sync or async), as a string map. */
async function headersOf(config) {
  return stringHeaders(await config.getHeaders())
}

/** The leading arguments of every native REST call: client config and this call's headers. */
async function requestArgs(config) {
  return [clientConfig(config), await headersOf(config)]
}

/**
 * The JS error a native error stands for: `ApiError` for a non-2xx answer, `TypeError` for an
 * argument that cannot be sent, else an `Error`; all but `ApiError` carry `code`
 * `OCTAVUS_<KIND>` (`OCTAVUS_NETWORK`, `OCTAVUS_TIMEOUT`, `OCTAVUS_INVALID_RESPONSE`, …).
 */
function toError(nativeError) {
  const { kind, message, status, code } = nativeError
  if (kind === 'api') return new ApiError(message, status, code == null ? undefined : code)
  const err = kind === 'invalid-argument' ? new TypeError(message) : new Error(message)
  err.code = octavusCode(kind)
  return err
}

/** A native REST outcome's value, or throws its error. */
function unwrap(outcome) {
  if (outcome.error !== undefined && outcome.error !== null) throw toError(outcome.error)
  return outcome.value
}

/**
 * One REST call: `call(clientConfig, headers)` (a native REST function) with this call's
 * headers; its value, or throws its error. `route()` gives `[method, path]` (the path as sent,
 * ids encoded) for the diagnostics channels, and is called only when someone listens.
 */
async function rest(config, route, call) {
  const [cfg, headers] = await requestArgs(config)
  if (!diagnostics.requestObserved()) return unwrap(await call(cfg, headers))
  const [method, path] = route()
  return diagnostics.traceRest(method, path, () => call(cfg, headers), toError)
}

/** An id as a path segment, as the native side encodes it (`encodeURIComponent`). */
const segment = (id) => encodeURIComponent(id)

module.exports = { toJson, idArg, lazyId, clientConfig, headersOf, headersNow, fixedHeaders, messageOf, requestArgs, toError, unwrap, rest, segment }
