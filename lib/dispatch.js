'use strict'
// The facade's end of the native dispatcher (src/node/dispatch.rs). Every message of every
// execution arrives here, in the order Rust sent it, several in one call: pull results, traces,
// `onToolResultTruncated`, and the host's questions (headers, a round's tool calls,
// `onToolResults`, `onSessionCreated`), which are answered with `exec.answer(id, …)`.
//
// Everything is handled in order, at once. A round's tools are asked for only once the consumer
// has pulled again after the round's events (src/core/execution/outlet.rs `until_received`), so
// they never start before the consumer has seen those events. An execution stays registered
// until Rust says it `ended`; once the facade has released it (closed), its tool questions are
// dropped (its loop is cancelled) but a deferred start's session id still reaches the session.
//
// A waiting pull holds the process open (`dispatchHold`), as a pending Promise does; the
// questions alone do not. One registry per Node environment: it lives on the binding, which
// every copy of this module in the environment shares (a worker thread has its own binding).

const native = require('./native.js')
const { messageOf } = require('./bridge.js')

const REGISTRY = Symbol.for('@octavus-rs/server-sdk.dispatch')

const MAX_ID = 0xffffffff

/** The next id after `last` (1 … 2³²−1, wrapping) that `inUse` does not hold. */
function nextFree(last, inUse) {
  let id = last
  do id = id === MAX_ID ? 1 : id + 1
  while (inUse.has(id))
  return id
}

function createDispatch() {
  /** Execution id → `{ exec, host, closed }` from its creation until Rust says it ended. */
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
        try {
          entry.exec.answer(id, { error: `the facade's answer cannot be read: ${messageOf(err)}` })
        } catch {}
      }
    }
    try {
      const value = ask()
      if (value && typeof value.then === 'function') value.then(send, (err) => send({ error: messageOf(err) }))
      else send(value)
    } catch (err) {
      send({ error: messageOf(err) })
    }
  }

  /** A question (`call`, `tool-results`, `session-created`) of a registered execution. */
  function question(entry, m) {
    const host = entry.host
    switch (m.kind) {
      case 'call':
        if (!entry.closed) answer(entry, m.id, () => host.call(m.call))
        break
      case 'tool-results':
        if (!entry.closed) answer(entry, m.id, () => host.onToolResults(m.resultsJson))
        break
      case 'session-created':
        // Not awaited (as the official does not): answered once the hook has returned.
        answer(entry, m.id, () => {
          host.sessionCreated(m.sessionId)
          return {}
        })
        break
      default:
        // A question this facade does not know (a binary of another version).
        if (m.id) answer(entry, m.id, () => ({ error: `unknown question '${m.kind}'` }))
    }
  }

  function handle(m) {
    switch (m.kind) {
      case 'batch':
      case 'sse': {
        const resolve = pulls.get(m.id)
        if (!resolve) return
        pulls.delete(m.id)
        resolve(m.kind === 'batch' ? m.batch : m.sse)
        if (pulls.size === 0) native.dispatchHold(false)
        return
      }
      case 'ended':
        executions.delete(m.execution)
        return
    }
    const entry = executions.get(m.execution)
    if (!entry) return
    if (m.kind === 'observe') {
      if (entry.host.observe) entry.host.observe(m.trace)
    } else if (m.kind === 'truncated') {
      // The user's hook does not run for an execution the consumer has left.
      if (!entry.closed && entry.host.onToolResultTruncated) entry.host.onToolResultTruncated(m.truncation)
    } else {
      question(entry, m)
    }
  }

  function deliver(messages) {
    for (const m of messages) {
      try {
        handle(m)
      } catch (err) {
        // The callbacks catch what the user's code throws: this is a bug of the facade. One
        // message's failure must not lose the others.
        process.emitWarning(`a ${m.kind} message failed: ${messageOf(err)}`, { type: 'OctavusInternalWarning' })
      }
    }
  }

  native.setDispatcher(deliver)

  /** Starts a pull (`start(token)`) and resolves with its result. */
  function pull(start) {
    return new Promise((resolve, reject) => {
      const token = (lastToken = nextFree(lastToken, pulls))
      pulls.set(token, resolve)
      if (pulls.size === 1) native.dispatchHold(true)
      try {
        start(token)
      } catch (err) {
        pulls.delete(token)
        if (pulls.size === 0) native.dispatchHold(false)
        reject(err)
      }
    })
  }

  return {
    /** An id for a new execution's messages; `attach` it to the execution once made. */
    nextId() {
      return (lastId = nextFree(lastId, executions))
    },
    /** Routes execution `id`'s questions and traces to `host`; answers go to `exec`. */
    attach(id, exec, host) {
      executions.set(id, { exec, host, closed: false })
    },
    /** The facade has released `exec` (execution `id`): its tool questions are dropped from now on. */
    detach(id, exec) {
      const entry = executions.get(id)
      if (entry && entry.exec === exec) entry.closed = true
    },
    /** How many executions are registered and pulls wait (for tests and leak checks). */
    counts() {
      return { executions: executions.size, pulls: pulls.size }
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
