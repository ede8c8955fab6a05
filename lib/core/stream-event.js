'use strict'

// safeParseStreamEvent, backed by the native event validator.

const INVALID_MESSAGE = 'Invalid stream event'

function invalidEvent(cause) {
  const error = new Error(INVALID_MESSAGE, cause === undefined ? undefined : { cause })
  // Same field the reference's failures carry, so `result.error.issues` is always an array.
  Object.defineProperty(error, 'issues', {
    value: [{ code: 'custom', path: [], message: INVALID_MESSAGE }],
    writable: true,
    configurable: true,
    enumerable: false,
  })
  return { success: false, error }
}

/**
 * Builds `safeParseStreamEvent(data)` on top of `validateEventJson(jsonText)`,
 * which returns the accepted event's JSON text, or null when the event is
 * invalid. The value is serialised with JSON.stringify first, so values that
 * cannot be serialised (BigInt, cycles, a bare `undefined` or function) are
 * reported as invalid rather than thrown.
 */
function makeSafeParseStreamEvent(validateEventJson) {
  if (typeof validateEventJson !== 'function') {
    throw new TypeError('makeSafeParseStreamEvent: validateEventJson must be a function')
  }
  return function safeParseStreamEvent(data) {
    let text
    try {
      text = JSON.stringify(data)
    } catch (err) {
      return invalidEvent(err)
    }
    if (typeof text !== 'string') return invalidEvent()
    const accepted = validateEventJson(text)
    if (typeof accepted !== 'string') return invalidEvent()
    return { success: true, data: JSON.parse(accepted) }
  }
}

module.exports = { makeSafeParseStreamEvent }
