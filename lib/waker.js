'use strict'
// Waiting for a native pull without napi's Promise per call: `exec.wait()` makes the pull on the
// Rust side and then calls the execution's waker (`wake`, given to its constructor) with its id;
// the pull is taken with `nextSseNow()`/`nextBatchNow()`. The waker is weak, so while anything
// waits a ref'd timer keeps Node running, as a pending native Promise would; with nothing
// waiting it lets Node exit.

/** Execution id → the resolve of its wait. */
const waiting = new Map()
let keepAlive

const noop = () => {}

function wake(id) {
  const resolve = waiting.get(id)
  if (resolve === undefined) return
  waiting.delete(id)
  if (waiting.size === 0) keepAlive.unref()
  resolve()
}

/** Resolves once the execution's next pull (in its claimed framing) is ready to be taken. */
function pullReady(exec, heartbeatMs) {
  return new Promise((resolve, reject) => {
    const id = exec.id
    waiting.set(id, resolve)
    if (waiting.size === 1) {
      if (keepAlive === undefined) keepAlive = setInterval(noop, 2 ** 30)
      keepAlive.ref()
    }
    try {
      exec.wait(heartbeatMs)
    } catch (err) {
      waiting.delete(id)
      if (waiting.size === 0) keepAlive.unref()
      reject(err)
    }
  })
}

module.exports = { pullReady, wake }
