'use strict'
// The load generator of the loaded-route benchmark (bench/route.js), its own process. Owns the
// client side: <clients> keep-alive connections (one node:http Agent, keepAlive, maxSockets =
// clients) opened first (one GET each, see preconnect()), each then sending POST /api/chat
// back-to-back for <warmup> s (not counted), <seconds> s (measured), <tail> s more (not counted:
// the app's own window, which starts and ends a little later than this one, stays under the same
// load), then letting the requests in flight finish.
//   node bench/route-load.js --url <http://127.0.0.1:port/api/chat> --clients N
//                            [--warmup 1] [--max-warmup 60] [--seconds 5] [--tail 1] [--deltas 200]
// The warm-up lasts at least <warmup> s and until every client has had an answer (at most
// <max-warmup> s): with 1,000 clients starting together, a slow app answers them all late.
// Per request completed inside the measured window: time to first byte (first body chunk, from
// the request's start) and to last byte (end of the body). Every body is checked cheaply: status
// 200, ends with `data: [DONE]\n\n`, at least <deltas> `"text-delta"`, a `"tool-output-available"`
// and no `"type":"error"`; anything else (and connection errors) counts as an error.
// Over IPC: { type: 'measure', hr } when the measured window starts, { type: 'end', hr } when it
// ends (hr: process.hrtime.bigint() as a number, the monotonic clock all processes share),
// then { type: 'result', ... } (also printed as `RESULT <json>` without IPC). Also reports its own
// CPU and main-thread utilisation over the window, to show it is not the bottleneck.

const http = require('node:http')
const { performance } = require('node:perf_hooks')

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const url = new URL(option('--url', 'http://127.0.0.1:3000/api/chat'))
const clients = Number(option('--clients', '50'))
const warmupMs = Number(option('--warmup', '1')) * 1000
const maxWarmupMs = Number(option('--max-warmup', '60')) * 1000
const measureMs = Number(option('--seconds', '5')) * 1000
const deltas = Number(option('--deltas', '200'))
const tailMs = Number(option('--tail', '1')) * 1000
const drainMs = Number(option('--drain', '15')) * 1000
const REQUEST_TIMEOUT_MS = 30000

const BODY = Buffer.from(JSON.stringify({ sessionId: `route.${deltas}`, q: 'hi' }))
const TAIL = Buffer.from('data: [DONE]\n\n')
const DELTA = '"text-delta"'
const TOOL_OUTPUT = '"tool-output-available"'
const ERROR_EVENT = '"type":"error"'

const agent = new http.Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients })
const send = (m) => (process.send ? process.send(m) : undefined)
const hr = () => Number(process.hrtime.bigint()) // CLOCK_MONOTONIC: one clock for every process

let phase = 'warmup' // warmup → measure → tail (still loaded, not counted) → drain
let windowStart = Infinity // nothing counts until the window starts
let windowEnd = Infinity
const ttfb = []
const ttlb = []
let completed = 0
let bytes = 0
const errors = { status: 0, connection: 0, body: 0, timeout: 0 }
let firstError
let started = 0

function countOf(text, needle) {
  let n = 0
  let at = text.indexOf(needle)
  while (at >= 0) {
    n++
    at = text.indexOf(needle, at + needle.length)
  }
  return n
}

/** Why a body is wrong, or undefined. Searches a latin1 string (V8's indexOf beats ~200 Buffer#indexOf calls: ~15 vs ~24 µs). */
function bodyProblem(buf) {
  if (buf.length < TAIL.length || buf.compare(TAIL, 0, TAIL.length, buf.length - TAIL.length) !== 0) return 'no [DONE] tail'
  const text = buf.toString('latin1')
  const n = countOf(text, DELTA)
  if (n < deltas) return `${n} text-delta events, expected >= ${deltas}`
  if (text.indexOf(TOOL_OUTPUT) < 0) return 'no tool-output-available'
  const error = text.indexOf(ERROR_EVENT)
  if (error >= 0) return `error event: ${text.slice(Math.max(0, error - 10), error + 200)}`
  return undefined
}

let errorsOutside = 0 // during the warm-up or the drain: not counted in the window's errors

function record(kind, message, t1) {
  firstError ??= `${kind}: ${message}`
  if (t1 < windowStart || t1 > windowEnd) errorsOutside++
  else errors[kind]++
}

function one() {
  return new Promise((resolve) => {
    const t0 = performance.now()
    started++
    let tFirst = 0
    const chunks = []
    let settled = false
    const finish = (kind, message) => {
      if (settled) return
      settled = true
      if (kind) record(kind, message, performance.now())
      resolve(kind === undefined)
    }
    const req = http.request({
      agent,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': BODY.length },
    })
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      req.destroy(new Error('request timeout'))
      finish('timeout', `no answer in ${REQUEST_TIMEOUT_MS} ms`)
    })
    req.on('error', (err) => finish('connection', err.message))
    req.on('response', (res) => {
      res.on('data', (chunk) => {
        if (tFirst === 0) tFirst = performance.now()
        chunks.push(chunk)
      })
      res.on('error', (err) => finish('connection', err.message))
      res.on('end', () => {
        const t1 = performance.now()
        const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
        if (res.statusCode !== 200) return finish('status', `${res.statusCode} ${buf.toString('utf8', 0, 200)}`)
        const problem = bodyProblem(buf)
        if (problem) return finish('body', problem)
        if (t1 >= windowStart && t1 <= windowEnd) {
          completed++
          bytes += buf.length
          ttfb.push(tFirst - t0)
          ttlb.push(t1 - t0)
        }
        finish(undefined)
      })
    })
    req.end(BODY)
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** One cheap GET (the app answers 404) on a connection of the agent; resolves true when answered. */
function ping() {
  return new Promise((resolve) => {
    const req = http.request({ agent, hostname: url.hostname, port: url.port, path: '/ping', method: 'GET' })
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('ping timeout')))
    req.on('error', () => resolve(false))
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(true))
      res.on('error', () => resolve(false))
    })
    req.end()
  })
}

/**
 * Opens the <clients> connections before the load, with one GET each, all at once. Node's server
 * accepts ONE connection per event-loop iteration (libuv >= 1.45, libuv/libuv#3696): while idle
 * its iterations are short and all are accepted in well under a second, but under load an
 * iteration with hundreds of busy connections takes 100+ ms, and connections still in the accept
 * queue wait tens of seconds (seen: 13 s, 63 s, and 30 s request timeouts at 1,000 clients).
 */
async function preconnect() {
  const t0 = performance.now()
  const answered = (await Promise.all(Array.from({ length: clients }, ping))).filter(Boolean).length
  const open = Object.values(agent.freeSockets).reduce((n, list) => n + list.length, 0)
  return { ms: performance.now() - t0, answered, open }
}

let clientsWarm = 0 // clients that have completed a request
const firstAnswerMs = [] // per client: from the start of the load to its first completed request
let loadStart = 0

async function client() {
  let warm = false
  while (phase !== 'drain') {
    const ok = await one()
    if (!ok) {
      await sleep(5) // an error: do not spin on a dead server
    } else if (!warm) {
      warm = true
      clientsWarm++
      firstAnswerMs.push(performance.now() - loadStart)
    }
  }
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

async function main() {
  const connected = await preconnect()
  loadStart = performance.now()
  const loops = Array.from({ length: clients }, client)
  // Warm-up: at least warmupMs and until every client has completed a request (all clients start
  // at once, so with a slow app the first answers all come late), at most maxWarmupMs.
  const t0 = performance.now()
  await sleep(warmupMs)
  while (clientsWarm < clients && performance.now() - t0 < maxWarmupMs) await sleep(50)
  const warmedUpMs = performance.now() - t0
  phase = 'measure'
  windowStart = performance.now()
  const cpu0 = process.cpuUsage()
  const elu0 = performance.eventLoopUtilization()
  const hrStart = hr()
  send({ type: 'measure', hr: hrStart })
  await sleep(measureMs)
  windowEnd = performance.now()
  phase = 'tail'
  const hrEnd = hr()
  const cpu = process.cpuUsage(cpu0)
  const elu = performance.eventLoopUtilization(elu0)
  send({ type: 'end', hr: hrEnd })
  await sleep(tailMs)
  phase = 'drain'
  const drained = await Promise.race([Promise.all(loops).then(() => true), sleep(drainMs).then(() => false)])
  agent.destroy()
  const windowMs = windowEnd - windowStart
  const a = ttfb.sort((x, y) => x - y)
  const b = ttlb.sort((x, y) => x - y)
  const result = {
    type: 'result',
    clients,
    windowMs,
    preconnect: connected,
    warmupMs: warmedUpMs,
    clientsWarm,
    firstAnswerMs: (() => {
      const f = firstAnswerMs.slice().sort((x, y) => x - y)
      return { p50: quantile(f, 0.5), p99: quantile(f, 0.99), max: f[f.length - 1] }
    })(),
    hrStart,
    hrEnd,
    completed,
    started,
    reqPerSec: (completed / windowMs) * 1000,
    bytesPerReq: completed ? bytes / completed : NaN,
    ttfbMs: { p50: quantile(a, 0.5), p99: quantile(a, 0.99), max: a[a.length - 1] },
    ttlbMs: { p50: quantile(b, 0.5), p99: quantile(b, 0.99), max: b[b.length - 1] },
    errors,
    errorCount: errors.status + errors.connection + errors.body + errors.timeout,
    errorsOutside,
    firstError,
    drained,
    load: { cpuMs: (cpu.user + cpu.system) / 1000, cpuUtilization: (cpu.user + cpu.system) / 1000 / windowMs, mainUtilization: elu.utilization },
  }
  if (process.send) send(result)
  else process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
}

main().then(
  () => setTimeout(() => process.exit(0), 50).unref(),
  (err) => {
    send({ type: 'fatal', error: String((err && err.stack) || err) })
    console.error(err)
    process.exit(1)
  },
)
if (process.send) process.on('disconnect', () => process.exit(0))
