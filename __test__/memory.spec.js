'use strict'
// Bounded memory: a consumer that stops pulling (or pulls slowly) does not make the process
// buffer the stream. The platform stand-in runs in a child process, so only the SDK's memory
// is in this process's RSS. Assertions are on memory only, never on time.

const test = require('ava')
const path = require('node:path')
const v8 = require('node:v8')
const vm = require('node:vm')
const { fork } = require('node:child_process')
const { OctavusClient, toSSEStream } = require('../index.js')

const EVENTS = 200000
// 200k text-delta events are ~10 MB of SSE. While the consumer is paused the stream must wait
// at the socket: buffering it in the process (even as compact Rust strings, ~20 MB; the
// official SDK's toSSEStream grows by ~110-150 MB) breaks the first bound. The second bounds
// the whole run, slow consumption included.
const PAUSED_BOUND = 10 * 1024 * 1024
const RSS_BOUND = 60 * 1024 * 1024
const PAUSE_MS = 1500

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// The mock platform in a child process: one session streaming EVENTS text deltas per request.
const PLATFORM_CHILD = `
const { createMockPlatform, sse } = require(${JSON.stringify(path.join(__dirname, '..', 'testing', 'mock-platform.js'))})
createMockPlatform().then((mock) => {
  const events = [sse.start('exec-mem'), sse.deltas('t1', ${EVENTS}, 'x'), sse.finish('stop')]
  mock.session('mem', [{ sse: events, chunkSize: 65536 }])
  mock.session('warm', [[sse.start('exec-warm'), sse.deltas('t1', 2000, 'x'), sse.finish('stop')]])
  process.send({ url: mock.url })
  process.on('disconnect', () => mock.close().then(() => process.exit(0)))
})
`

let platform
test.before(async () => {
  const child = fork('-e', [PLATFORM_CHILD], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const url = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m.url))
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`mock platform child exited with ${code}`)))
  })
  platform = { child, url }
})

test.after.always(() => {
  if (platform && platform.child.connected) platform.child.disconnect()
})

const trigger = { type: 'trigger', triggerName: 'chat', input: {} }
const session = (id) => new OctavusClient({ baseUrl: platform.url, apiKey: 'k' }).agentSessions.attach(id)

/**
 * Samples RSS every 20 ms. `paused()` returns the peak growth over the baseline so far (call it
 * at the end of the pause); `stop()` the peak growth over the whole run.
 */
function rssWatch() {
  gc()
  gc()
  const baseline = process.memoryUsage.rss()
  let peak = baseline
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }
  const timer = setInterval(sample, 20)
  return {
    paused() {
      sample()
      return peak - baseline
    },
    stop() {
      clearInterval(timer)
      sample()
      return peak - baseline
    },
  }
}

const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`

test.serial('a paused, then slow `for await` consumer keeps RSS growth bounded over 200k events', async (t) => {
  for await (const _ of session('warm').execute(trigger)); // load code paths and the connection pool
  const watch = rssWatch()
  const iterator = session('mem').execute(trigger)[Symbol.asyncIterator]()
  let count = 0
  let deltas = 0
  const first = await iterator.next()
  t.false(first.done)
  count++
  await sleep(PAUSE_MS) // stopped pulling: the stream must wait at the socket, not in memory
  const pausedGrowth = watch.paused()
  for (;;) {
    const { value, done } = await iterator.next()
    if (done) break
    count++
    if (value.type === 'text-delta') deltas++
    if (count % 25000 === 0) await sleep(50) // a slow consumer: short pauses all along
  }
  const growth = watch.stop()
  t.log(`RSS growth: ${mb(pausedGrowth)} while paused (bound ${mb(PAUSED_BOUND)}), ${mb(growth)} in all (bound ${mb(RSS_BOUND)})`)
  t.is(deltas, EVENTS)
  t.is(count, EVENTS + 4)
  t.true(pausedGrowth < PAUSED_BOUND, `RSS grew by ${mb(pausedGrowth)} while the consumer was paused`)
  t.true(growth < RSS_BOUND, `RSS grew by ${mb(growth)} over the run`)
})

test.serial('a paused toSSEStream reader keeps RSS growth bounded over 200k events', async (t) => {
  const warm = toSSEStream(session('warm').execute(trigger)).getReader()
  while (!(await warm.read()).done);
  const watch = rssWatch()
  const reader = toSSEStream(session('mem').execute(trigger)).getReader()
  let bytes = 0
  let reads = 0
  let tail = ''
  const first = await reader.read()
  t.false(first.done)
  bytes += first.value.byteLength
  await sleep(PAUSE_MS) // stopped reading
  const pausedGrowth = watch.paused()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    bytes += value.byteLength
    tail = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1').slice(-64)
    if (++reads % 50 === 0) await sleep(20)
  }
  const growth = watch.stop()
  t.log(`RSS growth: ${mb(pausedGrowth)} while paused (bound ${mb(PAUSED_BOUND)}), ${mb(growth)} over ${mb(bytes)} relayed (bound ${mb(RSS_BOUND)})`)
  t.true(bytes > EVENTS * 40, `only ${bytes} bytes relayed`)
  t.true(tail.endsWith('data: [DONE]\n\n'))
  t.true(pausedGrowth < PAUSED_BOUND, `RSS grew by ${mb(pausedGrowth)} while the reader was paused`)
  t.true(growth < RSS_BOUND, `RSS grew by ${mb(growth)} over the run`)
})
