'use strict'
// Values → native arguments (JSON text, ids, request config), and native outcomes → values or
// the JS errors they stand for (the one place that maps a native error outcome to JS errors).

const { ApiError } = require('./api-error.js')

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

module.exports = { toJson, idArg, requestConfig, unwrap }
