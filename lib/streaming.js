'use strict'
// Stream events as SSE responses (toSSEStream: JS framing, or the native relay where Rust writes
// the bytes and the heartbeats), and safeParseStreamEvent over the native event validator.

const native = require('./native.js')
const { claimForRelay, notifyResource } = require('./execution.js')
const dispatch = require('./dispatch.js')
const { toError } = require('./bridge.js')
const { createInternalErrorEvent } = require('./core/errors.js')
const { makeSafeParseStreamEvent } = require('./core/stream-event.js')

const encoder = new TextEncoder()
const DONE = encoder.encode('data: [DONE]\n\n')
const HEARTBEAT = encoder.encode(': heartbeat\n\n')

/** How often a quiet stream gets a `: heartbeat` comment, so proxies keep the connection. */
const HEARTBEAT_INTERVAL_MS = 15000

function errorFrame(message) {
  return encoder.encode(`data: ${JSON.stringify(createInternalErrorEvent(message))}\n\n`)
}

function heartbeatMsOf(options) {
  const ms = options && options.heartbeatMs
  if (ms === undefined) return HEARTBEAT_INTERVAL_MS
  return Number.isFinite(ms) && ms > 0 ? ms : 0
}

/** An iterator over any iterable, sync or async, that resolves each value like `for await`. */
function iteratorOf(events) {
  if (events && typeof events[Symbol.asyncIterator] === 'function') return events[Symbol.asyncIterator]()
  if (events && typeof events[Symbol.iterator] === 'function') {
    const it = events[Symbol.iterator]()
    return {
      async next() {
        const step = it.next()
        return step.done ? step : { done: false, value: await step.value }
      },
      return: it.return ? async () => it.return() : undefined,
    }
  }
  throw new TypeError('toSSEStream needs an iterable (sync or async) of stream events')
}

/**
 * Stream events as an SSE `ReadableStream<Uint8Array>` (`data: <json>\n\n` …, `[DONE]`), with a
 * `: heartbeat` comment every 15 s while open (`options.heartbeatMs` changes it; 0 disables).
 */
function toSSEStream(events, options) {
  const heartbeatMs = heartbeatMsOf(options)
  const handle = claimForRelay(events)
  if (handle) return relay(handle, heartbeatMs)
  let iterator
  let heartbeat
  const stop = () => {
    if (heartbeat) clearInterval(heartbeat)
    heartbeat = undefined
  }
  return new ReadableStream({
    start(controller) {
      if (heartbeatMs > 0) {
        heartbeat = setInterval(() => {
          try {
            controller.enqueue(HEARTBEAT.slice())
          } catch {
            stop()
          }
        }, heartbeatMs)
        heartbeat.unref()
      }
    },
    async pull(controller) {
      try {
        if (!iterator) iterator = iteratorOf(events)
        const { value, done } = await iterator.next()
        if (done) {
          stop()
          controller.enqueue(DONE.slice())
          controller.close()
        } else {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`))
        }
      } catch (err) {
        stop()
        controller.enqueue(errorFrame(err instanceof Error ? err.message : 'Unknown error'))
        controller.close()
      }
    },
    async cancel() {
      stop()
      if (iterator && iterator.return) await iterator.return()
    },
  })
}

/** Native relay: Rust frames the SSE bytes and the heartbeats; JS only moves chunks (and runs resource updates). */
function relay(handle, heartbeatMs) {
  const { exec, resourceMap } = handle
  const heartbeat = heartbeatMs > 0 ? heartbeatMs : undefined
  let release
  const stream = new ReadableStream(
    {
      async pull(controller) {
        try {
          const pull = await dispatch.pullSse(exec, heartbeat)
          if (pull.resourceUpdates) {
            for (const u of pull.resourceUpdates) notifyResource(resourceMap, u.name, JSON.parse(u.valueJson))
          }
          if (pull.chunk) controller.enqueue(new Uint8Array(pull.chunk.buffer, pull.chunk.byteOffset, pull.chunk.byteLength))
          if (pull.done) {
            release(pull.error ? { error: toError(pull.error), native: pull.error } : { done: true })
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
    },
    { highWaterMark: 0 }, // pull only when the reader asks: a chunk is "received" once read
  )
  release = handle.adopt(stream)
  return stream
}

const safeParseStreamEvent = makeSafeParseStreamEvent(native.validateEventJson)

const [MAX_CONTINUATION_BODY_BYTES, CONTINUATION_BODY_RESERVE_BYTES] = native.continuationLimits()

/**
 * The size guard the execution loop applies before each continuation (`maxBytes` is the budget
 * of the results' JSON): reduces the largest results, on copies, until they fit.
 * Returns `{ results, truncations, overflow }`; `results` is the given array when nothing changed.
 */
function enforceToolResultsSize(results, maxBytes) {
  if (!results || results.length === 0) return { results, truncations: [], overflow: false }
  const guarded = native.enforceToolResultsSize(JSON.stringify(results), maxBytes)
  const truncations = guarded.truncations.map((t) => ({
    toolCallId: JSON.parse(t.toolCallIdJson),
    toolName: JSON.parse(t.toolNameJson),
    originalBytes: t.originalBytes,
    keptBytes: t.keptBytes,
    variableCapture: t.variableCapture,
  }))
  const reduced = guarded.resultsJson === undefined || guarded.resultsJson === null ? results : JSON.parse(guarded.resultsJson)
  return { results: reduced, truncations, overflow: guarded.overflow }
}

module.exports = {
  toSSEStream,
  safeParseStreamEvent,
  enforceToolResultsSize,
  MAX_CONTINUATION_BODY_BYTES,
  CONTINUATION_BODY_RESERVE_BYTES,
}
