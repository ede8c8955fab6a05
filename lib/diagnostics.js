'use strict'
// Observability on `node:diagnostics_channel` (docs/observability.md): REST calls and every
// attempt of a streaming POST, executions and their rounds, tool calls. Nothing is built unless
// a channel has a subscriber: a REST call checks the request channels before it starts; an
// execution is observed (its native loop told to report rounds and attempts, its tools timed)
// only when some channel had a subscriber when it was created. Messages carry no API key, no
// header, no tool argument or result; those go to `octavus:tool:payload`, to its subscribers only.

const dc = require('node:diagnostics_channel')
/** Milliseconds, monotonic. `performance` is read when first timed: loading it (node:perf_hooks
 * and 11 internal modules) would cost every import of the package about 1 ms. */
const now = () => globalThis.performance.now()
const { octavusCode } = require('./api-error.js')

/** The channel names, one prefix. */
const diagnosticsChannels = Object.freeze({
  requestStart: 'octavus:request:start',
  requestFinish: 'octavus:request:finish',
  requestError: 'octavus:request:error',
  executionStart: 'octavus:execution:start',
  executionRound: 'octavus:execution:round',
  executionFinish: 'octavus:execution:finish',
  toolStart: 'octavus:tool:start',
  toolFinish: 'octavus:tool:finish',
  toolError: 'octavus:tool:error',
  toolPayload: 'octavus:tool:payload',
})

/** The channel objects, held here for the life of the process. */
const ch = {}
for (const [key, name] of Object.entries(diagnosticsChannels)) ch[key] = dc.channel(name)
const all = Object.values(ch)

/** Whether anyone listens to a request channel (checked before each REST call). */
function requestObserved() {
  return ch.requestStart.hasSubscribers || ch.requestFinish.hasSubscribers || ch.requestError.hasSubscribers
}

/** Whether anyone listens to any channel (checked when an execution is created). */
function anyObserved() {
  for (let i = 0; i < all.length; i++) if (all[i].hasSubscribers) return true
  return false
}

let requests = 0
let executions = 0

/** `code` of a thrown value, when it has a string one. */
function codeOf(err) {
  return err && typeof err.code === 'string' ? err.code : undefined
}

/**
 * Publishes one REST call (attempt 1: REST calls are not retried) around `call()`, which
 * resolves a native outcome `{ value, error, status }`. `toError` maps the native error; the
 * error is thrown after `octavus:request:error`.
 */
async function traceRest(method, path, call, toError) {
  const requestSeq = ++requests
  if (ch.requestStart.hasSubscribers) ch.requestStart.publish({ requestSeq, method, path, attempt: 1 })
  const t0 = now()
  let outcome
  try {
    outcome = await call()
  } catch (err) {
    // Not a native outcome (the native call itself threw): published as it is, then rethrown.
    if (ch.requestError.hasSubscribers) {
      const message = err instanceof Error ? err.message : String(err)
      ch.requestError.publish({
        requestSeq,
        method,
        path,
        attempt: 1,
        durationMs: now() - t0,
        kind: 'internal',
        code: codeOf(err),
        message,
        retry: false,
      })
    }
    throw err
  }
  const durationMs = now() - t0
  const status = outcome.status ?? undefined
  if (outcome.error !== undefined && outcome.error !== null) {
    const err = toError(outcome.error)
    if (ch.requestError.hasSubscribers) {
      const { kind, message } = outcome.error
      ch.requestError.publish({ requestSeq, method, path, attempt: 1, status, durationMs, kind, code: codeOf(err), message, retry: false })
    }
    throw err
  }
  if (ch.requestFinish.hasSubscribers) ch.requestFinish.publish({ requestSeq, method, path, attempt: 1, status, durationMs })
  return outcome.value
}

/** What an execution request is: trigger, continue, a deferred start, a worker execute. */
function operationOf(fields) {
  if (fields.target === 'worker') return fields.workerStart ? 'execute' : 'continue'
  if (fields.deferred) return 'start'
  return fields.executionId !== undefined || fields.toolResults !== undefined ? 'continue' : 'trigger'
}

/** The outcome an execution ended with (see ExecutionTrace#finish). */
function outcomeOf(end, aborted) {
  if (end && end.error !== undefined) return 'failed'
  if (aborted) return 'aborted'
  return end && end.done ? 'completed' : 'closed'
}

/**
 * One observed execution: publishes its start, rounds, request attempts (reported by the
 * native loop through `native(trace)`), tool calls and finish. Holds plain data only (the
 * native host holds its methods), never the execution or its generator.
 */
class ExecutionTrace {
  constructor(fields) {
    this.seq = ++executions
    this.target = fields.target
    this.operation = operationOf(fields)
    this.triggerName = fields.triggerName
    this.sessionId = fields.target === 'session' && !fields.deferred ? fields.id : undefined
    this.agentId = fields.target === 'worker' ? fields.id : fields.deferred ? fields.deferred.agentId : undefined
    this.t0 = undefined
    this.round = 0
    this.ended = false
    /** The attempt in flight: `{ requestSeq, attempt, path, t0 }`. */
    this.open = undefined
  }

  ids() {
    return { executionSeq: this.seq, target: this.target, sessionId: this.sessionId, agentId: this.agentId }
  }

  /** A deferred start learnt its session id. */
  sessionCreated(id) {
    this.sessionId = id
  }

  /** The first pull: the execution starts. */
  start() {
    this.t0 = now()
    if (ch.executionStart.hasSubscribers) {
      ch.executionStart.publish({ ...this.ids(), operation: this.operation, triggerName: this.triggerName })
    }
  }

  /** A report of the native loop (`NativeTrace`). */
  native(t) {
    if (this.ended) return
    switch (t.kind) {
      case 'round':
        this.round = t.round
        if (ch.executionRound.hasSubscribers) ch.executionRound.publish({ ...this.ids(), round: t.round })
        return
      case 'request-start': {
        const requestSeq = ++requests
        this.open = { requestSeq, attempt: t.attempt, path: t.path, t0: now() }
        if (ch.requestStart.hasSubscribers) ch.requestStart.publish(this.requestMessage(requestSeq, t))
        return
      }
      case 'request-finish': {
        const requestSeq = this.close()
        if (ch.requestFinish.hasSubscribers) {
          ch.requestFinish.publish({ ...this.requestMessage(requestSeq, t), status: t.status, durationMs: t.durationMs })
        }
        return
      }
      case 'request-error': {
        const requestSeq = this.close()
        if (ch.requestError.hasSubscribers) {
          const e = t.error
          const code = e.kind === 'api' ? (e.code ?? undefined) : octavusCode(e.kind)
          ch.requestError.publish({
            ...this.requestMessage(requestSeq, t),
            status: t.status ?? undefined,
            durationMs: t.durationMs,
            kind: e.kind,
            code,
            message: e.message,
            retry: t.retry === true,
          })
        }
        return
      }
      case 'request-cancelled': {
        const requestSeq = this.close()
        this.cancelled(requestSeq, t.attempt, t.path, t.durationMs)
        return
      }
    }
  }

  requestMessage(requestSeq, t) {
    return { requestSeq, method: 'POST', path: t.path, attempt: t.attempt, executionSeq: this.seq, round: t.round }
  }

  /** Ends the attempt in flight; its sequence number. */
  close() {
    const open = this.open
    this.open = undefined
    return open ? open.requestSeq : ++requests
  }

  cancelled(requestSeq, attempt, path, durationMs) {
    if (!ch.requestError.hasSubscribers) return
    ch.requestError.publish({
      requestSeq,
      method: 'POST',
      path,
      attempt,
      executionSeq: this.seq,
      round: this.round,
      durationMs,
      kind: 'cancelled',
      code: 'OCTAVUS_CANCELLED',
      message: 'The request was cancelled: the execution was aborted or closed',
      retry: false,
    })
  }

  /** Runs one tool through `run(caught)` (the facade's runTool), timed and published. */
  async tool(call, run) {
    const base = { ...this.ids(), round: this.round, toolName: call.toolName, toolCallId: call.toolCallId }
    if (ch.toolStart.hasSubscribers) ch.toolStart.publish(base)
    let thrown
    const t0 = now()
    const outcome = await run((err) => {
      thrown = err
    })
    const durationMs = now() - t0
    if (outcome.error !== undefined) {
      if (ch.toolError.hasSubscribers) {
        ch.toolError.publish({ ...base, durationMs, outcome: 'error', code: codeOf(thrown), message: outcome.error })
      }
    } else if (ch.toolFinish.hasSubscribers) {
      ch.toolFinish.publish({ ...base, durationMs, outcome: outcome.result === undefined ? 'void' : 'result' })
    }
    if (ch.toolPayload.hasSubscribers) {
      ch.toolPayload.publish({ ...base, argsJson: call.argsJson, resultJson: outcome.result, error: outcome.error })
    }
    return outcome
  }

  /**
   * The execution was released: `end` is `{ done: true }` (it ran to its end), `{ error }` (it
   * failed; `native` is the native error when there is one) or undefined (the consumer closed
   * it first). Published once, and only for an execution that started.
   */
  finish(end, aborted) {
    if (this.ended || this.t0 === undefined) return
    this.ended = true
    const durationMs = now() - this.t0
    if (this.open) {
      const { requestSeq, attempt, path, t0 } = this.open
      this.open = undefined
      this.cancelled(requestSeq, attempt, path, now() - t0)
    }
    if (!ch.executionFinish.hasSubscribers) return
    const outcome = outcomeOf(end, aborted)
    const message = { ...this.ids(), outcome, rounds: this.round, durationMs }
    if (outcome === 'failed') {
      const err = end.error
      message.kind = end.native ? end.native.kind : 'callback'
      message.code = codeOf(err) ?? (end.native && end.native.kind !== 'api' ? octavusCode(end.native.kind) : undefined)
      message.message = err instanceof Error ? err.message : String(err)
    }
    ch.executionFinish.publish(message)
  }
}

/** The trace of a new execution, or undefined when nobody listens (the common case). */
function traceExecution(fields) {
  return anyObserved() ? new ExecutionTrace(fields) : undefined
}

module.exports = { diagnosticsChannels, requestObserved, traceRest, traceExecution }
