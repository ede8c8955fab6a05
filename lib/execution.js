'use strict'
// The adapter to the native execution: an AsyncGenerator over its pulls (or the handle
// `toSSEStream` relays), and the host the native loop asks every round (headers, unless they
// cannot change, and a round's tool calls, run by the handlers there are now). Resources are
// notified as their event is yielded.

const native = require('./native.js')
const dispatch = require('./dispatch.js')
const { toJson, clientConfig, headersNow, fixedHeaders, messageOf, toError } = require('./bridge.js')
const { traceExecution } = require('./diagnostics.js')

const EXECUTION = Symbol.for('@octavus-rs/server-sdk.execution')

/**
 * A backstop for executions the user drops without finishing, `break` or abort: once the
 * generator (or the relay's stream) is collected, its native execution is closed, which
 * cancels the request. The held value is the native execution (or, observed, an object that
 * closes it and ends its trace: see `collectable`), never the generator.
 */
const collected = new FinalizationRegistry((held) => held.close())

/** The outcome of a call whose tool has no server-side handler (a client tool). */
const UNHANDLED = { unhandled: true }

/** A failed handler's `error`: an Error's message, else the official's generic text. */
function toolErrorMessage(err) {
  return err instanceof Error ? messageOf(err) : 'Tool execution failed'
}

/**
 * Runs one tool handler: `{ result }` (its value's JSON text) or `{ error }`; never rejects.
 * `caught`, when given, is told what the handler threw.
 */
async function runTool(toolSet, { toolName, argsJson }, caught) {
  let value
  try {
    value = await toolSet.call(toolName, JSON.parse(argsJson))
  } catch (err) {
    if (caught) caught(err)
    return { error: toolErrorMessage(err) }
  }
  if (value === undefined) return {} // a result without a `result` key, as the official sends
  let json
  try {
    json = JSON.stringify(value)
  } catch (err) {
    return { error: `Tool '${toolName}' returned a value that cannot be sent as JSON: ${err && err.message}` }
  }
  if (json === undefined) {
    return { error: `Tool '${toolName}' returned a ${typeof value}, which cannot be sent as JSON` }
  }
  return { result: json }
}

/**
 * The host of one execution, asked by the native loop every round (its questions arrive through
 * lib/dispatch.js). It closes over the client config, the tools, the attach hooks and the
 * diagnostics trace only, never over the execution or its generator: the dispatcher holds these
 * functions while the execution is open, so anything they reached could not be collected.
 * Without a trace (nobody listens) there is no `observe` and tools run untimed.
 */
function executionHost(config, { toolSet, onToolResults, onToolResultTruncated, onSessionId }, trace) {
  // The headers of one request attempt: a plain object when nothing is async, else a Promise.
  // Only asked when they can change (an apiKey function, an overridden getHeaders): else they
  // go to the native side once, as `fixedHeaders`, and no request waits for this thread.
  const headers = () => {
    const headers = keep(() => headersNow(config))
    if (typeof headers.then !== 'function') return { headers }
    return headers.then(
      (headers) => ({ headers }),
      (err) => {
        host.thrown = err
        throw err
      },
    )
  }
  // The next request's dynamic tool schemas, read once the round's handlers (and onToolResults)
  // are done, as the official reads them when it builds the continuation's body.
  const schemasNow = () => schemasAnswer(toolSet, host)
  const tool = trace ? (call) => trace.tool(call, (caught) => runTool(toolSet, call, caught)) : (call) => runTool(toolSet, call)
  const host = {
    /** What a callback threw: the execution rethrows it as it is, not a copy of its message. */
    thrown: undefined,
    /** What the last read of the dynamic tool schemas threw, while no later read has worked. */
    schemasThrown: undefined,
    // The loop's questions: `headers` (when they are not fixed) and `run-tools`.
    call: (c) => {
      switch (c.kind) {
        case 'headers':
          return headers()
        case 'run-tools': {
          // The handler set is read once for the round; the calls without a handler are client tools.
          const names = keep(() => toolSet.names())
          return Promise.all(c.tools.map((call) => (names.includes(call.toolName) ? tool(call) : UNHANDLED))).then((outcomes) => ({
            outcomes,
            ...schemasNow(),
          }))
        }
        default:
          throw new Error(`Unknown question from the native execution: ${c.kind}`)
      }
    },
    sessionCreated: onSessionId
      ? (id) => {
          if (trace) trace.sessionCreated(id)
          keep(() => onSessionId(id))
        }
      : undefined,
    observe: trace ? (t) => trace.native(t) : undefined,
    onToolResults:
      typeof onToolResults === 'function'
        ? async (resultsJson) => {
            const results = JSON.parse(resultsJson)
            try {
              await onToolResults(results)
            } catch (err) {
              host.thrown = err
              throw err
            }
            return { resultsJson: keep(() => toJson(results, 'the tool results onToolResults left')), ...schemasNow() }
          }
        : undefined,
    onToolResultTruncated:
      typeof onToolResultTruncated === 'function'
        ? (t) => {
            const truncation = {
              toolCallId: JSON.parse(t.toolCallIdJson),
              toolName: JSON.parse(t.toolNameJson),
              originalBytes: t.originalBytes,
              keptBytes: t.keptBytes,
              variableCapture: t.variableCapture,
            }
            try {
              onToolResultTruncated(truncation)
            } catch (err) {
              process.emitWarning(`onToolResultTruncated failed: ${err instanceof Error ? err.message : String(err)}`, { type: 'OctavusHookWarning' })
            }
          }
        : undefined,
    fixedHeaders: fixedHeaders(config),
  }
  const keep = (callback) => {
    try {
      return callback()
    } catch (err) {
      host.thrown = err
      throw err
    }
  }
  return host
}

/**
 * The dynamic tool schemas as an answer carries them: `{ dynamicToolSchemasJson }`, or
 * `{ schemasError }` when reading them threw. The error is kept apart (`schemasThrown`): the
 * next request fails with it, and only a request that is made; a later read that works clears it.
 */
function schemasAnswer(toolSet, host) {
  try {
    const json = schemasJson(toolSet)
    host.schemasThrown = undefined
    return { dynamicToolSchemasJson: json }
  } catch (err) {
    host.schemasThrown = err
    return { schemasError: messageOf(err) }
  }
}

/** Gives `exec` the first request's dynamic tool schemas as they are now, as its first pull is made. */
function begin(exec, toolSet, host) {
  const { dynamicToolSchemasJson, schemasError } = schemasAnswer(toolSet, host)
  exec.begin(dynamicToolSchemasJson, schemasError)
}

/** What the native side is told of the host: its message id, which hooks exist, fixed headers. */
function nativeHost(id, host) {
  return {
    id,
    onToolResults: host.onToolResults !== undefined,
    onToolResultTruncated: host.onToolResultTruncated !== undefined,
    sessionCreated: host.sessionCreated !== undefined,
    fixedHeaders: host.fixedHeaders,
  }
}

/**
 * The error a failed pull stands for: a host callback's own error (the schemas' read when the
 * request failed on it), or the native error's.
 */
function errorOf(nativeError, host) {
  if (nativeError.kind === 'callback') {
    if (host.schemasThrown !== undefined && nativeError.message === messageOf(host.schemasThrown)) return host.schemasThrown
    if (host.thrown !== undefined) return host.thrown
  }
  return toError(nativeError)
}

/** The `dynamicToolSchemas` JSON of a tool set, or undefined when it has none. */
function schemasJson(toolSet) {
  const schemas = toolSet.schemas()
  return schemas === undefined ? undefined : toJson(schemas, 'dynamicToolSchemas')
}

/** Runs a resource's `onUpdate`; a failure (sync or async) is a warning, never the stream's. */
function notifyResource(resourceMap, name, value) {
  const resource = resourceMap.get(name)
  if (!resource) return
  const report = (err) => {
    const detail = err instanceof Error ? err.message : String(err)
    process.emitWarning(`Resource '${name}' onUpdate failed: ${detail}`, { type: 'OctavusResourceWarning' })
  }
  try {
    const p = resource.onUpdate(value)
    if (p && typeof p.then === 'function') p.then(undefined, report)
  } catch (err) {
    report(err)
  }
}

function nativeRequest(fields, observe) {
  return {
    target: fields.target,
    id: fields.id,
    triggerName: fields.triggerName,
    inputJson: fields.input === undefined ? undefined : toJson(fields.input, 'input'),
    rollbackJson: fields.rollbackAfterMessageId === undefined ? undefined : toJson(fields.rollbackAfterMessageId, 'rollbackAfterMessageId'),
    workerStart: fields.workerStart,
    executionId: fields.executionId,
    toolResultsJson: fields.toolResults === undefined ? undefined : toJson(fields.toolResults, 'toolResults'),
    senderJson: fields.sender === undefined ? undefined : toJson(fields.sender, 'sender'),
    rejectClientToolCalls: fields.rejectClientToolCalls === true,
    deferredAgentId: fields.deferred && fields.deferred.agentId,
    deferredInputJson: fields.deferred && fields.deferred.input !== undefined ? toJson(fields.deferred.input, 'session input') : undefined,
    idempotencyKey: fields.deferred && fields.deferred.idempotencyKey,
    observe,
  }
}

const ALREADY_STARTED = 'This execution was already started (by iteration or toSSEStream)'

/** Runs the `onUpdate` of the pull's resource updates that belong to event `i`, from `next` on. */
function notifyAt(pull, events, i, next, resourceMap) {
  const updates = pull.resourceUpdates
  while (next < updates.length && updates[next].index === i) {
    notifyResource(resourceMap, events[i].name, events[i].value)
    next++
  }
  return next
}

/** `() => exec.cancel()`, made apart so the signal that holds it reaches nothing else. */
function cancelOnAbort(exec) {
  return () => exec.cancel()
}

/**
 * What the collector closes: the native execution, or for an observed one something that also
 * ends its trace as `closed` (made apart, like cancelOnAbort, to reach nothing else).
 */
function collectable(exec, id, trace, abort) {
  return {
    close() {
      unwatch(abort)
      dispatch.detach(id, exec)
      exec.close()
      if (trace) trace.finish(undefined, false)
    },
  }
}

/**
 * Listens to the caller's AbortSignal from the first pull on (as the official does): an
 * execution never started adds no listener, so a long-lived signal keeps nothing alive.
 */
function watch(abort, exec) {
  if (!abort.signal || abort.listener) return
  if (abort.signal.aborted) exec.cancel()
  else {
    abort.listener = cancelOnAbort(exec)
    abort.signal.addEventListener('abort', abort.listener, { once: true })
  }
}

function unwatch(abort) {
  if (abort.listener) abort.signal.removeEventListener('abort', abort.listener)
  abort.listener = undefined
}

/**
 * One execution as an AsyncGenerator. Nothing is sent before the first `next()`; an argument
 * that cannot be sent throws there. `toSSEStream` may claim the execution instead, to let Rust
 * write the SSE bytes. Whoever ends it (completion, `break`, a thrown error, a reader's cancel,
 * or the garbage collector) closes the native execution.
 */
function createExecution(config, fields, attach, signal) {
  const resourceMap = attach.resourceMap || new Map()
  let invalid = fields.invalid || attach.invalid
  // Observed only when a diagnostics channel has a subscriber now (docs/observability.md).
  const trace = invalid ? undefined : traceExecution(fields)
  const host = executionHost(config, attach, trace)
  const id = dispatch.nextId()
  let exec
  if (!invalid) {
    try {
      exec = new native.NativeExecution(clientConfig(config), nativeRequest(fields, trace !== undefined), nativeHost(id, host))
      dispatch.attach(id, exec, host)
    } catch (err) {
      invalid = err
    }
  }
  const abort = { signal: signal || undefined, listener: undefined }
  /** `end`: `{ done: true }`, `{ error, native }`, or undefined when closed before its end. */
  const release = (owner, end) => {
    collected.unregister(owner)
    unwatch(abort)
    dispatch.detach(id, exec)
    exec.close()
    if (trace) trace.finish(end, signal !== undefined && signal !== null && signal.aborted)
  }

  async function* iterate() {
    if (invalid) throw invalid
    if (!exec.claim('events')) throw new Error(ALREADY_STARTED)
    begin(exec, attach.toolSet, host)
    watch(abort, exec)
    if (trace) trace.start()
    let end
    try {
      for (;;) {
        const pull = await dispatch.pullEvents(exec)
        if (pull.events !== undefined && pull.events !== null) {
          const events = JSON.parse(pull.events)
          if (pull.resourceUpdates === undefined || pull.resourceUpdates === null) {
            for (let i = 0; i < events.length; i++) yield events[i]
          } else {
            // A resource's onUpdate runs when its event is handed to the consumer.
            for (let i = 0, next = 0; i < events.length; i++) {
              next = notifyAt(pull, events, i, next, resourceMap)
              yield events[i]
            }
          }
        }
        if (pull.error !== undefined && pull.error !== null) {
          const error = errorOf(pull.error, host)
          end = { error, native: pull.error }
          throw error
        }
        if (pull.done) {
          end = { done: true }
          return
        }
      }
    } finally {
      release(generator, end)
    }
  }

  const generator = iterate()
  if (exec) {
    const held = collectable(exec, id, trace, abort)
    collected.register(generator, held, generator)
    const watchSignal = () => watch(abort, exec)
    const beginRelay = () => begin(exec, attach.toolSet, host)
    Object.defineProperty(generator, EXECUTION, { value: { exec, beginRelay, held, resourceMap, release, owner: generator, trace, watchSignal } })
  }
  return generator
}

/**
 * Claims an unstarted execution for the native relay: returns its handle (the relay then owns
 * its release, and the stream, not the generator, is what the collector watches), or
 * `undefined` when `events` is not an unstarted execution of ours.
 */
function claimForRelay(events) {
  const handle = events && events[EXECUTION]
  if (!handle || !handle.exec.claim('sse')) return undefined
  // The official's stream starts its generator at once, so its first request's schemas are the
  // ones of the moment toSSEStream() is called.
  handle.beginRelay()
  collected.unregister(handle.owner)
  handle.watchSignal()
  if (handle.trace) handle.trace.start()
  return {
    exec: handle.exec,
    resourceMap: handle.resourceMap,
    adopt: (stream) => {
      collected.register(stream, handle.held, stream)
      return (end) => handle.release(stream, end)
    },
  }
}

module.exports = { createExecution, claimForRelay, notifyResource }
