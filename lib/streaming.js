'use strict'
// Stream events as SSE responses (toSSEStream: JS framing, or the native relay where Rust writes
// the bytes), and safeParseStreamEvent over the native event validator.

const native = require('./native.js')
const { claimForRelay, notifyResource } = require('./execution.js')
const { createInternalErrorEvent } = require('./core/errors.js')
const { makeSafeParseStreamEvent } = require('./core/stream-event.js')

const DONE = new TextEncoder().encode('data: [DONE]\n\n')

function errorFrame(message) {
  return new TextEncoder().encode(`data: ${JSON.stringify(createInternalErrorEvent(message))}\n\n`)
}

/** Stream events as an SSE `ReadableStream<Uint8Array>` (`data: <json>\n\n` …, `[DONE]`). */
function toSSEStream(events) {
  const handle = claimForRelay(events)
  if (handle) return relay(handle)
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

/** Native relay: Rust frames the SSE bytes; JS only moves chunks (and runs resource updates). */
function relay(handle) {
  const { exec, resourceMap } = handle
  let release
  const stream = new ReadableStream({
    async pull(controller) {
      try {
        const pull = await exec.nextSse()
        if (pull.resourceUpdates) {
          for (const u of pull.resourceUpdates) notifyResource(resourceMap, u.name, JSON.parse(u.valueJson))
        }
        if (pull.chunk) controller.enqueue(new Uint8Array(pull.chunk.buffer, pull.chunk.byteOffset, pull.chunk.byteLength))
        if (pull.done) {
          release()
          controller.close()
        }
      } catch (err) {
        release()
        controller.enqueue(errorFrame(err instanceof Error ? err.message : 'Unknown error'))
        controller.close()
      }
    },
    cancel() {
      release()
    },
  }, { highWaterMark: 0 }) // pull only when the reader asks: a chunk is "received" once read
  release = handle.adopt(stream)
  return stream
}

const safeParseStreamEvent = makeSafeParseStreamEvent(native.validateEventJson)

module.exports = { toSSEStream, safeParseStreamEvent }
