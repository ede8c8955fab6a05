'use strict'
// WorkerError: the error `workers.generate()` throws when a worker gives no result.

/**
 * `workers.generate()` failed: an error event, a failed result, or no result. `details` carries
 * the error event's fields when one was seen (`errorType`, `source`, `code`, `retryable`,
 * `retryAfter`, `provider`).
 */
class WorkerError extends Error {
  constructor(message, sessionId, details) {
    super(message)
    this.name = 'WorkerError'
    this.sessionId = sessionId
    this.details = details
  }
}

module.exports = { WorkerError }
