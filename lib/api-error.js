'use strict'
// ApiError: the error a REST call rejects with when the platform answers a non-2xx status; and
// the `OCTAVUS_<KIND>` code of every other error the SDK throws.

/** A REST call answered with a non-2xx status. */
class ApiError extends Error {
  constructor(message, status, code) {
    super(message)
    this.status = status
    this.code = code
    this.name = 'ApiError'
  }
}

/** The `OCTAVUS_<KIND>` code of a native error kind: the `code` every error but `ApiError` carries. */
function octavusCode(kind) {
  return 'OCTAVUS_' + String(kind).toUpperCase().replace(/-/g, '_')
}

module.exports = { ApiError, octavusCode }
