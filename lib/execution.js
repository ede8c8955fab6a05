'use strict'
// The adapter to the native execution: createExecution (native loop → async generator, or SSE
// bytes for toSSEStream) and the tool caller, resource notifier and handler names it hands Rust.

const native = require('./native.js')
const { toJson, requestConfig, unwrap } = require('./bridge.js')

const EXECUTION = Symbol.for('@octavus-rs/server-sdk.execution')

function toolErrorMessage(err) {
  if (err instanceof Error) return err.message || `${err.name || 'Error'} thrown with an empty message`
  return 'Tool execution failed'
}

/** `([toolName, argsJson]) => Promise<'R' + resultJson | 'E' + message>`; never rejects. */
function toolCaller(tools) {
  return async ([toolName, argsJson]) => {
    let value
    try {
      value = await tools[toolName](JSON.parse(argsJson))
    } catch (err) {
      return 'E' + toolErrorMessage(err)
    }
    if (value === undefined) {
      return 'E' + `Tool '${toolName}' returned undefined; return a JSON value (null for no result)`
    }
    let json
    try {
      json = JSON.stringify(value)
    } catch (err) {
      return 'E' + `Tool '${toolName}' returned a value that cannot be sent as JSON: ${err && err.message}`
    }
    if (json === undefined) {
      return 'E' + `Tool '${toolName}' returned a ${typeof value}, which cannot be sent as JSON`
    }
    return 'R' + json
  }
}

function resourceNotifier(resourceMap) {
  const report = (name, err) => {
    const detail = err instanceof Error ? err.message : String(err)
    process.emitWarning(`Resource '${name}' onUpdate failed: ${detail}`, { type: 'OctavusResourceWarning' })
  }
  return ([name, valueJson]) => {
    const resource = resourceMap.get(name)
    if (!resource) return
    try {
      const p = resource.onUpdate(JSON.parse(valueJson))
      if (p && typeof p.then === 'function') p.then(undefined, (err) => report(name, err))
    } catch (err) {
      report(name, err)
    }
  }
}

/** Names with a truthy handler: own and inherited (class methods too), up to Object.prototype. */
function handlerNames(tools) {
  const names = new Set()
  for (let o = tools; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== 'constructor' && !names.has(name) && tools[name]) names.add(name)
    }
  }
  return [...names]
}

/**
 * One execution as an AsyncGenerator. The native execution is built (and the bodies
 * serialised) on the first pull, so nothing happens before it; `toSSEStream` may claim it
 * instead, to let Rust write the SSE bytes.
 */
function createExecution(config, fields, tools, resourceMap, signal) {
  const state = { claimed: false }
  const open = () => {
    if (state.claimed) throw new Error('This execution was already started (by iteration or toSSEStream)')
    state.claimed = true
    const request = {
      target: fields.target,
      id: fields.id,
      triggerName: fields.triggerName,
      inputJson: fields.input === undefined ? undefined : toJson(fields.input, 'input'),
      rollbackJson: fields.rollbackAfterMessageId === undefined ? undefined : toJson(fields.rollbackAfterMessageId, 'rollbackAfterMessageId'),
      workerStart: fields.workerStart,
      executionId: fields.executionId,
      toolResultsJson: fields.toolResults === undefined ? undefined : toJson(fields.toolResults, 'toolResults'),
    }
    const names = handlerNames(tools)
    let exec
    try {
      exec = new native.NativeExecution(
        requestConfig(config),
        request,
        names,
        names.length ? toolCaller(tools) : undefined,
        [...resourceMap.keys()],
        resourceMap.size ? resourceNotifier(resourceMap) : undefined,
        () => JSON.stringify(requestConfig(config).headers),
      )
    } catch (err) {
      // An id that cannot be a path segment: the same TypeError as the REST calls give.
      if (err && err.code === 'InvalidArg') unwrap({ ok: false, kind: 'invalid-argument', message: err.message })
      throw err
    }
    let onAbort
    if (signal) {
      if (signal.aborted) exec.cancel()
      else {
        onAbort = () => exec.cancel()
        signal.addEventListener('abort', onAbort, { once: true })
      }
    }
    // Iteration ended (completed, `break`, thrown) or the reader cancelled: nobody pulls again.
    const done = () => {
      if (onAbort) signal.removeEventListener('abort', onAbort)
      exec.close()
    }
    return { exec, done }
  }

  async function* iterate() {
    const { exec, done } = open()
    try {
      for (;;) {
        let batch
        try {
          batch = await exec.nextBatch()
        } catch (err) {
          throw new Error(err && err.message)
        }
        if (batch === null) return
        const events = JSON.parse(batch)
        for (let i = 0; i < events.length; i++) yield events[i]
      }
    } finally {
      done()
    }
  }

  const generator = iterate()
  Object.defineProperty(generator, EXECUTION, { value: { state, open } })
  return generator
}

module.exports = { EXECUTION, createExecution }
