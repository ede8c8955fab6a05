'use strict'

// Error classes and error-event helpers, behaviourally compatible with the
// ones @octavus/server-sdk re-exports from @octavus/core.

class AppError extends Error {
  constructor(message, code, statusCode = 500) {
    super(message)
    this.code = code
    this.statusCode = statusCode
    this.name = 'AppError'
  }
}

class NotFoundError extends AppError {
  constructor(resource, id) {
    super(`${resource} not found: ${id}`, 'NOT_FOUND', 404)
    this.name = 'NotFoundError'
  }
}

class ValidationError extends AppError {
  constructor(message, issues) {
    super(message, 'VALIDATION_ERROR', 400)
    this.issues = issues
    this.name = 'ValidationError'
  }
}

class ConflictError extends AppError {
  constructor(resource, identifier) {
    super(`${resource} already exists: ${identifier}`, 'CONFLICT', 409)
    this.name = 'ConflictError'
  }
}

class ForbiddenError extends AppError {
  constructor(message = 'Access denied') {
    super(message, 'FORBIDDEN', 403)
    this.name = 'ForbiddenError'
  }
}

// The property name and value below are what every copy of the Octavus SDK
// (official or ours) stamps on its OctavusError instances, so `isInstance`
// recognises errors created by any of them.
const MARKER_PROP = '__octavusErrorMarker'
const MARKER_VALUE = 'octavus.error'

class OctavusError extends Error {
  // Field order matters only for Object.keys(); it mirrors the reference.
  __octavusErrorMarker = MARKER_VALUE
  errorType
  source
  retryable
  retryAfter
  code
  provider
  tool

  constructor(options) {
    super(options.message)
    this.name = 'OctavusError'
    this.errorType = options.errorType
    this.source = options.source
    this.retryable = options.retryable ?? false
    this.retryAfter = options.retryAfter
    this.code = options.code
    this.provider = options.provider
    this.tool = options.tool
    const cause = options.cause
    if (cause instanceof Error && cause.stack) {
      this.stack = `${this.stack}\nCaused by: ${cause.stack}`
    }
  }

  static isInstance(error) {
    return typeof error === 'object' && error !== null && MARKER_PROP in error && error[MARKER_PROP] === MARKER_VALUE
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      errorType: this.errorType,
      source: this.source,
      retryable: this.retryable,
      retryAfter: this.retryAfter,
      code: this.code,
      provider: this.provider,
      tool: this.tool,
    }
  }
}

const isOctavus = (e) => OctavusError.isInstance(e)

// 6.x: a rate limit only (2.14 also counted quota_exceeded_error, which now has its own guard).
function isRateLimitError(error) {
  return isOctavus(error) && error.errorType === 'rate_limit_error'
}

function isQuotaExceededError(error) {
  return isOctavus(error) && error.errorType === 'quota_exceeded_error'
}

function isAuthenticationError(error) {
  return isOctavus(error) && (error.errorType === 'authentication_error' || error.errorType === 'permission_error')
}

function isProviderError(error) {
  return isOctavus(error) && error.source === 'provider'
}

function isToolError(error) {
  return isOctavus(error) && (error.source === 'tool' || error.errorType === 'tool_error')
}

function isRetryableError(error) {
  return isOctavus(error) ? error.retryable : false
}

function isValidationError(error) {
  return isOctavus(error) && error.errorType === 'validation_error'
}

// Lower-case fragments of the messages and codes that Node, undici and the OS give a connection
// that failed or dropped (docs/protocol.md §7.4).
const TRANSIENT_TRANSPORT_MARKERS = [
  'terminated',
  'fetch failed',
  'socket hang up',
  'other side closed',
  'connection closed',
  'econnreset',
  'econnrefused',
  'epipe',
  'etimedout',
  'enotfound',
  'eai_again',
  'und_err_socket',
  'und_err_connect_timeout',
  'und_err_headers_timeout',
  'und_err_body_timeout',
]
const TRANSIENT_TRANSPORT_DEPTH = 5

function mentionsTransientTransport(text) {
  if (typeof text !== 'string') return false
  const lower = text.toLowerCase()
  return TRANSIENT_TRANSPORT_MARKERS.some((marker) => lower.includes(marker))
}

/**
 * True when the error, or one of its causes (the error and at most four `cause`s below it), is
 * an object whose `message` or `code` names a dropped or failed connection.
 */
function isTransientTransportError(error) {
  let current = error
  for (let level = 0; level < TRANSIENT_TRANSPORT_DEPTH; level++) {
    if (current === null || typeof current !== 'object') return false
    if (mentionsTransientTransport(current.message) || mentionsTransientTransport(current.code)) return true
    current = current.cause
  }
  return false
}

// ---------------------------------------------------------------------------
// Error stream events

function createErrorEvent(options) {
  return {
    type: 'error',
    errorType: options.errorType,
    message: options.message,
    source: options.source,
    retryable: options.retryable ?? false,
    retryAfter: options.retryAfter,
    code: options.code,
    provider: options.provider,
    tool: options.tool,
  }
}

function errorToStreamEvent(error) {
  const { errorType, message, source, retryable, retryAfter, code, provider, tool } = error
  return createErrorEvent({ errorType, message, source, retryable, retryAfter, code, provider, tool })
}

function createInternalErrorEvent(message) {
  return createErrorEvent({ errorType: 'internal_error', message, source: 'platform', retryable: false })
}

const STATUS_ERROR_TYPES = new Map([
  [400, 'validation_error'],
  [401, 'authentication_error'],
  [402, 'quota_exceeded_error'],
  [403, 'permission_error'],
  [404, 'not_found_error'],
  [429, 'rate_limit_error'],
  [503, 'provider_overloaded'],
  [504, 'provider_timeout'],
])

function errorTypeForStatus(status) {
  // Map keys compare with SameValueZero; the reference uses a `switch`
  // (strict equality). They differ only for NaN, which is in neither set.
  const known = STATUS_ERROR_TYPES.get(status)
  if (known !== undefined) return known
  return status >= 500 ? 'internal_error' : 'unknown_error'
}

function createApiErrorEvent(status, message) {
  return createErrorEvent({
    errorType: errorTypeForStatus(status),
    message,
    source: 'platform',
    retryable: status === 429 || status >= 500,
  })
}

module.exports = {
  AppError,
  NotFoundError,
  ValidationError,
  ConflictError,
  ForbiddenError,
  OctavusError,
  isRateLimitError,
  isQuotaExceededError,
  isAuthenticationError,
  isProviderError,
  isToolError,
  isRetryableError,
  isValidationError,
  isTransientTransportError,
  createErrorEvent,
  errorToStreamEvent,
  createInternalErrorEvent,
  createApiErrorEvent,
}
