'use strict'
// WorkerError: the error `workers.generate()` throws when a worker gives no result.

/** `workers.generate()` failed: an error event, a failed result, or no result. */
class WorkerError extends Error {
  constructor(message, sessionId) {
    super(message)
    this.name = 'WorkerError'
    this.sessionId = sessionId
  }
}

module.exports = { WorkerError }
