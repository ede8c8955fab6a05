'use strict'
// WorkforceApi: drive one workforce agent headlessly (`client.workforce`). The client's apiKey
// is the agent's own `oct_agt_*` key. REST calls run in the core; the polling of
// waitForCompletion/run is here (timers and an AbortSignal are JS idioms).

const native = require('./native.js')
const { BaseApiClient } = require('./base-api-client.js')
const { toJson, idArg, rest, segment } = require('./bridge.js')
const { checkedMessagesOf } = require('./agent-sessions.js')
const { safeParseUIMessages } = require('./core/ui-message.js')

const DEFAULT_POLL_INTERVAL_MS = 3000
const DEFAULT_TIMEOUT_MS = 15 * 60 * 1000
// setTimeout fires at once for longer delays; longer sleeps are cut to this (an early poll).
const MAX_TIMER_MS = 2147483647
const TERMINAL_STATUSES = new Set(['completed', 'failed', 'cancelled'])

/** True for the statuses a run ends in: completed, failed, cancelled. Any other value: false. */
function isTerminalThreadStatus(status) {
  return TERMINAL_STATUSES.has(status)
}

function messageArg(message) {
  if (typeof message !== 'string') throw new TypeError(`message must be a string, got ${message === null ? 'null' : typeof message}`)
  return message
}

/** The JSON of `options.files`, or undefined to leave `files` out of the body. */
function filesArg(options) {
  const files = options == null ? undefined : options.files
  if (files === undefined) return undefined
  if (!Array.isArray(files)) throw new TypeError('files must be an array of file references')
  return toJson(files, 'files')
}

/** A wait option in ms: absent (or null) is the default; otherwise a number ≥ 0. */
function durationArg(value, fallback, what, allowInfinity) {
  if (value == null) return fallback
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!allowInfinity && !Number.isFinite(value))) {
    throw new TypeError(`${what} must be a ${allowInfinity ? '' : 'finite '}number of milliseconds ≥ 0, got ${String(value)}`)
  }
  return value
}

/** What a wait rejects with on abort: the signal's reason when it is an Error, else an Error carrying it as `cause`. */
function abortError(signal) {
  const reason = signal.reason
  if (reason instanceof Error) return reason
  return new Error('The wait for the workforce thread was aborted', { cause: reason })
}

/**
 * Settles with the first of: `promise` (when given), the timer after `ms` (resolving
 * undefined; none when `ms` is Infinity), or the abort of `signal`. The timer and the abort
 * listener are removed the moment it settles, so nothing is left to keep the process alive.
 */
function raceAbort({ promise, ms = Infinity, signal }) {
  return new Promise((resolve, reject) => {
    let timer = null
    let onAbort = null
    const cleanup = () => {
      if (timer !== null) clearTimeout(timer)
      if (onAbort !== null) signal.removeEventListener('abort', onAbort)
    }
    if (promise) {
      promise.then(
        (value) => {
          cleanup()
          resolve(value)
        },
        (err) => {
          cleanup()
          reject(err)
        },
      )
    }
    if (signal) {
      if (signal.aborted) {
        cleanup()
        reject(abortError(signal))
        return
      }
      onAbort = () => {
        cleanup()
        reject(abortError(signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
    }
    if (ms !== Infinity) {
      timer = setTimeout(
        () => {
          cleanup()
          resolve()
        },
        Math.min(Math.max(0, ms), MAX_TIMER_MS),
      )
    }
  })
}

/** The checked wait options (`pollIntervalMs`, `timeoutMs`, `signal`) with their defaults. */
function waitOptions(options) {
  const opts = options == null ? {} : options
  const { signal } = opts
  if (signal != null && !(typeof signal === 'object' && typeof signal.addEventListener === 'function' && 'aborted' in signal)) {
    throw new TypeError('signal must be an AbortSignal')
  }
  return {
    pollIntervalMs: durationArg(opts.pollIntervalMs, DEFAULT_POLL_INTERVAL_MS, 'pollIntervalMs', false),
    timeoutMs: durationArg(opts.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs', true),
    signal: signal == null ? undefined : signal,
  }
}

/** The threads path of a workforce agent, as sent (the id encoded). */
const THREADS = (agentId) => `/api/v1/workforce/agents/${segment(agentId)}/threads`

class WorkforceApi extends BaseApiClient {
  /** Starts a thread with `message` (and `options.files`); resolves `{threadId, status}` at once. */
  async dispatch(agentId, message, options) {
    const agent = idArg(agentId, 'agentId')
    const text = messageArg(message)
    const filesJson = filesArg(options)
    const route = () => ['POST', `${THREADS(agent)}`]
    return JSON.parse(await rest(this.config, route, (c, h) => native.workforceDispatch(c, h, agent, text, filesJson)))
  }

  /** A thread's status, failure reason (null unless failed) and UI messages (createdAt as Date). */
  async getThread(agentId, threadId) {
    const agent = idArg(agentId, 'agentId')
    const thread = idArg(threadId, 'threadId')
    const route = () => ['GET', `${THREADS(agent)}/${segment(thread)}`]
    const state = JSON.parse(await rest(this.config, route, (c, h) => native.workforceGetThread(c, h, agent, thread)))
    const endpoint = `GET /api/v1/workforce/agents/${encodeURIComponent(agent)}/threads/${encodeURIComponent(thread)}`
    state.messages = checkedMessagesOf(safeParseUIMessages(state.messages), endpoint)
    return state
  }

  /** Sends another message into a thread (queued behind a run in flight); resolves `{threadId, status}`. */
  async followUp(agentId, threadId, message, options) {
    const agent = idArg(agentId, 'agentId')
    const thread = idArg(threadId, 'threadId')
    const text = messageArg(message)
    const filesJson = filesArg(options)
    const route = () => ['POST', `${THREADS(agent)}/${segment(thread)}/messages`]
    return JSON.parse(await rest(this.config, route, (c, h) => native.workforceFollowUp(c, h, agent, thread, text, filesJson)))
  }

  /**
   * Reads the thread every `pollIntervalMs` (default 3000) until its status is terminal and
   * resolves that thread. Rejects with an Error (code `OCTAVUS_TIMEOUT`) naming the last
   * status once the next poll would fall after `timeoutMs` (default 900000; the run goes on
   * server-side), and with the signal's reason as soon as `signal` aborts (an already aborted
   * signal: before any request).
   */
  async waitForCompletion(agentId, threadId, options = {}) {
    const { pollIntervalMs, timeoutMs, signal } = waitOptions(options)
    const thread = idArg(threadId, 'threadId')
    const deadline = Date.now() + timeoutMs
    for (;;) {
      // A poll in flight is not cut by the deadline (it has the client's request timeout);
      // an abort does not wait for it.
      const state = await raceAbort({ promise: signal && signal.aborted ? null : this.getThread(agentId, thread), signal })
      if (isTerminalThreadStatus(state.status)) return state
      if (Date.now() + pollIntervalMs >= deadline) {
        const err = new Error(
          `Workforce thread ${thread} was still "${state.status}" when the wait of ${timeoutMs} ms ran out ` +
            '(the run goes on; read it later with getThread)',
        )
        err.code = 'OCTAVUS_TIMEOUT'
        throw err
      }
      await raceAbort({ ms: pollIntervalMs, signal })
    }
  }

  /** `dispatch` then `waitForCompletion`: resolves the finished thread (its reply ends `messages`). */
  async run(agentId, message, options = {}) {
    // Options are checked before anything is sent, and an aborted signal sends nothing.
    const { signal } = waitOptions(options)
    if (signal && signal.aborted) throw abortError(signal)
    const files = options == null ? undefined : options.files
    const { threadId } = await this.dispatch(agentId, message, { files })
    return this.waitForCompletion(agentId, threadId, options)
  }
}

module.exports = { WorkforceApi, isTerminalThreadStatus }
