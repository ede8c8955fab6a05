'use strict'
// The facade's end of the native dispatcher (src/node/dispatch.rs). Every message of every
// execution arrives here, in the order Rust sent it, several in one call: pull results, traces,
// `onToolResultTruncated`, and the host's questions (headers, a round's tool calls,
// `onToolResults`, `onSessionCreated`), which are answered with `exec.answer(id, …)`.
//
// Everything is handled in order, at once. A round's tools are asked for only once the consumer
// has pulled again after the round's events (src/core/execution/outlet.rs `until_received`), so
// they never start before the consumer has seen those events. What an execution that has been
// released sends is dropped (its loop is cancelled).
//
// A waiting pull holds the process open (`dispatchHold`), as a pending Promise does; the
// questions alone do not.

const native = require('./native.js')

/** The registry lives on the binding, which every copy of this module in the process shares. */
const REGISTRY = Symbol.for('@octavus-rs/server-sdk.dispatch')

const MAX_ID = 0xffffffff

function messageOf(err) {
  if (err instanceof Error) return err.message || `${err.name || 'Error'} thrown with an empty message`
  return String(err)
}

function createDispatch() {
  /** Execution id → `{ exec, host }` while the execution is open. */
  const executions = new Map()
  /** Pull token → the resolve of its Promise. */
  const pulls = new Map()
  let lastId = 0
  let lastToken = 0

  /** Answers question `id` of `entry` with what `ask()` gives (a value or a Promise); never throws. */
  function answer(entry, id, ask) {
    const send = (value) => {
      try {
        entry.exec.answer(id, value === undefined || value === null ? {} : value)
      } catch (err) {
        // An answer that cannot be converted (a facade bug): the loop fails with its message.
        entry.exec.answer(id, { error: `the facade's answer cannot be read: ${messageOf(err)}` })
      }
    }
    let value
    try {
      value = ask()
    } catch (err) {
      send({ error: messageOf(err) })
      return
    }
    if (value && typeof value.then === 'function') value.then(send, (err) => send({ error: messageOf(err) }))
    else send(value)
  }

  /** A question (`call`, `tool-results`, `session-created`) of an open execution. */
  function question(m) {
    const entry = executions.get(m.execution)
    if (!entry) return
    const host = entry.host
    switch (m.kind) {
      case 'call':
        answer(entry, m.id, () => host.call(m.call))
        break
      case 'tool-results':
        answer(entry, m.id, () => host.onToolResults(m.resultsJson))
        break
      case 'session-created':
        // Not awaited (as the official does not): answered once the hook has returned.
        answer(entry, m.id, () => {
          host.sessionCreated(m.sessionId)
          return {}
        })
        break
    }
  }

  function deliver(messages) {
    for (const m of messages) {
      switch (m.kind) {
        case 'batch':
        case 'sse': {
          const resolve = pulls.get(m.id)
          if (!resolve) break
          pulls.delete(m.id)
          if (pulls.size === 0) native.dispatchHold(false)
          resolve(m.kind === 'batch' ? m.batch : m.sse)
          break
        }
        case 'observe':
        case 'truncated': {
          const entry = executions.get(m.execution)
          const tell = entry && (m.kind === 'observe' ? entry.host.observe : entry.host.onToolResultTruncated)
          if (!tell) break
          try {
            tell(m.kind === 'observe' ? m.trace : m.truncation)
          } catch (err) {
            // Both callbacks catch what they call; this is a bug of the facade, not the user's.
            process.emitWarning(`${m.kind} failed: ${messageOf(err)}`, { type: 'OctavusInternalWarning' })
          }
          break
        }
        default:
          question(m)
      }
    }
  }

  native.setDispatcher(deliver)

  /** Starts a pull (`start(token)`) and resolves with its result. */
  function pull(start) {
    return new Promise((resolve) => {
      lastToken = lastToken === MAX_ID ? 1 : lastToken + 1
      const token = lastToken
      pulls.set(token, resolve)
      if (pulls.size === 1) native.dispatchHold(true)
      start(token)
    })
  }

  return {
    /** An id for a new execution's messages; `attach` it to the execution once made. */
    nextId() {
      lastId = lastId === MAX_ID ? 1 : lastId + 1
      return lastId
    },
    /** Routes execution `id`'s questions and traces to `host`; answers go to `exec`. */
    attach(id, exec, host) {
      executions.set(id, { exec, host })
    },
    /** The execution has ended or was closed: what it still sends is dropped. */
    detach(id) {
      executions.delete(id)
    },
    /** The next `pull` (events) of `exec`. */
    pullEvents(exec) {
      return pull((token) => exec.pull(token))
    },
    /** The next `pullSse` of `exec`. */
    pullSse(exec, heartbeatMs) {
      return pull((token) => exec.pullSse(token, heartbeatMs))
    },
  }
}

module.exports = native[REGISTRY] || (native[REGISTRY] = createDispatch())
