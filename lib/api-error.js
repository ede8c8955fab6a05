'use strict'
// ApiError: the error a REST call rejects with when the platform answers a non-2xx status.

/** A REST call answered with a non-2xx status. */
class ApiError extends Error {
  constructor(message, status, code) {
    super(message)
    this.status = status
    this.code = code
    this.name = 'ApiError'
  }
}

module.exports = { ApiError }
