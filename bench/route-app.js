'use strict'
// The app server of the loaded-route benchmark (bench/route.js), one process per combination and
// run. Owns the route under test, the framework adapters and the app's own figures:
//   node bench/route-app.js --framework node|express --variant none|ours|official|official64
//                           --upstream <url> [--reference DIR] [--request light|web]
// The route is shaped like a Next.js App Router handler, `async POST(request) → Response`:
//   ours/official/official64  attach a session with a `lookup` tool, execute the `chat` trigger and
//                             return `new Response(toSSEStream(events))` (the upstream, bench/
//                             route-upstream.js, makes it one tool round and ~200 text deltas)
//   none                      the no-SDK floor: one node:http request to the upstream (keep-alive
//                             agent) for a session that sends the whole answer in one response,
//                             whose bytes become the Response body unchanged (Readable.toWeb)
// Frameworks, the same adapter for every variant:
//   node     node:http server; the handler builds a request (light: method/url/headers/json() over
//            the buffered body; --request web: a WHATWG Request), calls POST and writes the
//            returned Response: status, headers, then its body stream chunk by chunk into
//            res.write, waiting for 'drain' when write returns false, res.end() at the end
//   express  Express 5 `app.post('/api/chat', express.json(), handler)`, the same Response writer
// Over IPC: sends { type: 'ready', port } once listening; answers { cmd: 'reset' } (start of the
// measured window: resets the event-loop delay histogram, CPU, ELU and counters) with
// { type: 'reset' } and { cmd: 'report' } with { type: 'report', ... }; { cmd: 'exit' } or a closed
// IPC channel exits (cleanly, so `--cpu-prof` can write its profile).

const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const { Readable } = require('node:stream')
const { pathToFileURL } = require('node:url')
const { performance, monitorEventLoopDelay } = require('node:perf_hooks')

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const framework = option('--framework', 'node')
const variant = option('--variant', 'ours')
const upstreamUrl = option('--upstream')
const reference = option('--reference', path.join(__dirname, '..', '..', 'shared', 'reference', 'server-sdk-6.4.0'))
const requestKind = option('--request', 'light')
const maxSeconds = Number(option('--max-seconds', '900'))

const SSE_HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' }

// ---------------------------------------------------------------------------------------------
// The route, one per variant

async function loadSdk(name) {
  if (name === 'ours') return require(path.join(__dirname, '..'))
  if (name === 'official') return import('@octavus/server-sdk')
  if (name === 'official64') return import(pathToFileURL(path.join(reference, 'index.mjs')).href)
  throw new Error(`unknown variant ${name}`)
}

function sdkRoute(sdk) {
  const { OctavusClient, toSSEStream } = sdk
  const client = new OctavusClient({ baseUrl: upstreamUrl, apiKey: 'k' })
  return async function POST(request) {
    const { sessionId, q } = await request.json()
    const session = client.agentSessions.attach(sessionId, { tools: { lookup: async (args) => ({ ok: true, n: args.n }) } })
    const events = session.execute({ type: 'trigger', triggerName: 'chat', input: { q } })
    return new Response(toSSEStream(events), { headers: SSE_HEADERS })
  }
}

function floorRoute() {
  const { hostname, port } = new URL(upstreamUrl)
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
  return async function POST(request) {
    const { sessionId, q } = await request.json()
    const whole = `whole.${String(sessionId).split('.').pop()}`
    const payload = JSON.stringify({ triggerName: 'chat', input: { q } })
    const upstream = await new Promise((resolve, reject) => {
      const req = http.request({
        agent,
        hostname,
        port,
        method: 'POST',
        path: `/api/agent-sessions/${encodeURIComponent(whole)}/trigger`,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: 'Bearer k' },
      })
      req.on('response', resolve)
      req.on('error', reject)
      req.end(payload)
    })
    if (upstream.statusCode !== 200) {
      upstream.resume()
      return Response.json({ error: `upstream ${upstream.statusCode}` }, { status: 502 })
    }
    return new Response(Readable.toWeb(upstream), { headers: SSE_HEADERS })
  }
}

/**
 * The second floor: the same forwarding as a Next.js route usually writes it, with `fetch` (Node's
 * undici) for the one upstream request and its body returned as the Response's body.
 */
function fetchFloorRoute() {
  return async function POST(request) {
    const { sessionId, q } = await request.json()
    const whole = `whole.${String(sessionId).split('.').pop()}`
    const upstream = await fetch(`${upstreamUrl}/api/agent-sessions/${encodeURIComponent(whole)}/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify({ triggerName: 'chat', input: { q } }),
    })
    if (upstream.status !== 200) {
      await upstream.arrayBuffer()
      return Response.json({ error: `upstream ${upstream.status}` }, { status: 502 })
    }
    return new Response(upstream.body, { headers: SSE_HEADERS })
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

// The histogram holds the intervals between ticks of a 10 ms timer; the delay is what exceeds 10 ms.
const ELD_RESOLUTION_MS = 10
const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS })
eld.enable()
let window = null
let serverErrors = 0
let firstServerError
let writes = 0 // res.write calls (body chunks) since the window's start

function threadCpuMs() {
  const out = {}
  let tids = []
  try {
    tids = fs.readdirSync('/proc/self/task')
  } catch {}
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const name = stat.slice(stat.indexOf('(') + 1, close).replace(/[0-9]+$/, '#')
      const fields = stat.slice(close + 2).split(' ')
      out[name] = (out[name] || 0) + (Number(fields[11]) + Number(fields[12])) * 10
    } catch {}
  }
  return out
}

/** The main thread's on-CPU and run-queue wait time (ns, Linux schedstat), unlike ELU not inflated by waiting for a core. */
function mainSchedNs() {
  try {
    const [run, wait] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number)
    return { run, wait }
  } catch {
    return { run: NaN, wait: NaN }
  }
}

function resetWindow() {
  eld.reset()
  window = {
    hr0: Number(process.hrtime.bigint()),
    t0: performance.now(),
    cpu0: process.cpuUsage(),
    elu0: performance.eventLoopUtilization(),
    threads0: threadCpuMs(),
    sched0: mainSchedNs(),
    completed: 0,
    failed: 0,
  }
  serverErrors = 0
  writes = 0
}

function report() {
  const w = window || { t0: 0, cpu0: undefined, elu0: undefined, threads0: {}, sched0: { run: 0, wait: 0 }, completed: 0, failed: 0 }
  const sched = mainSchedNs()
  const windowMs = performance.now() - w.t0
  const cpu = process.cpuUsage(w.cpu0)
  const elu = performance.eventLoopUtilization(w.elu0)
  const threads1 = threadCpuMs()
  const threadCpu = {}
  for (const k of Object.keys(threads1)) {
    const d = threads1[k] - (w.threads0[k] || 0)
    if (d > 0) threadCpu[k] = d
  }
  const mem = process.memoryUsage()
  const ms = (ns) => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS)
  return {
    type: 'report',
    windowMs,
    hrStart: w.hr0,
    hrEnd: Number(process.hrtime.bigint()),
    completed: w.completed,
    failed: w.failed,
    serverErrors,
    firstServerError,
    writesPerRequest: writes / w.completed,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    mainActiveMs: elu.active,
    mainUtilization: elu.utilization,
    mainCpuMs: (sched.run - w.sched0.run) / 1e6,
    mainRunqueueWaitMs: (sched.wait - w.sched0.wait) / 1e6,
    eld: { p50Ms: ms(eld.percentile(50)), p99Ms: ms(eld.percentile(99)), maxMs: ms(eld.max), meanMs: ms(eld.mean), ticks: eld.count },
    threadCpuMs: threadCpu,
    memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external, arrayBuffers: mem.arrayBuffers },
  }
}

// ---------------------------------------------------------------------------------------------
// Adapters

function once(emitter, a, b) {
  return new Promise((resolve) => {
    const done = () => {
      emitter.off(a, done)
      emitter.off(b, done)
      resolve()
    }
    emitter.on(a, done)
    emitter.on(b, done)
  })
}

/** Writes a web Response to a node:http (or Express) response, honouring backpressure. */
async function writeResponse(res, response) {
  const headers = {}
  for (const [k, v] of response.headers) headers[k] = v
  res.writeHead(response.status, headers)
  if (!response.body) {
    res.end()
    return response.status === 200
  }
  const reader = response.body.getReader()
  let aborted = false
  const onClose = () => {
    if (!res.writableFinished) {
      aborted = true
      reader.cancel().catch(() => {})
    }
  }
  res.on('close', onClose)
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done || aborted) break
      writes++
      if (!res.write(value)) await once(res, 'drain', 'close')
    }
  } finally {
    res.off('close', onClose)
  }
  if (!aborted) res.end()
  return !aborted && response.status === 200
}

function fail(res, err) {
  serverErrors++
  firstServerError ??= String((err && err.stack) || err)
  if (window) window.failed++
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ error: String(err && err.message) }))
}

async function serve(res, request, POST) {
  try {
    const ok = await writeResponse(res, await POST(request))
    if (window) ok ? window.completed++ : window.failed++
  } catch (err) {
    fail(res, err)
  }
}

/** The request a route sees: `light` parses the buffered body itself, `web` is a WHATWG Request. */
function makeRequest(req, body) {
  if (requestKind === 'web') {
    return new Request(`http://${req.headers.host || '127.0.0.1'}${req.url}`, { method: req.method, headers: req.headers, body })
  }
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    json: async () => JSON.parse(body.toString('utf8')),
    text: async () => body.toString('utf8'),
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function nodeHandler(POST) {
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/chat') {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end('{"error":"not found"}')
      return
    }
    readBody(req).then(
      (body) => serve(res, makeRequest(req, body), POST),
      (err) => fail(res, err),
    )
  }
}

function expressHandler(POST) {
  const express = require('express')
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.post('/api/chat', express.json(), (req, res) => {
    const request = { method: req.method, url: req.url, headers: req.headers, json: async () => req.body }
    return serve(res, request, POST)
  })
  return app
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!upstreamUrl) throw new Error('--upstream <url> is required')
  const POST = variant === 'none' ? floorRoute() : variant === 'fetch' ? fetchFloorRoute() : sdkRoute(await loadSdk(variant))
  const handler = framework === 'express' ? expressHandler(POST) : framework === 'node' ? nodeHandler(POST) : null
  if (!handler) throw new Error(`unknown framework ${framework}`)
  const server = http.createServer({ noDelay: true, keepAliveTimeout: 60000 }, handler)
  server.headersTimeout = 0
  server.requestTimeout = 0
  await new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve))
  const { port } = server.address()
  const guard = setTimeout(() => process.exit(3), maxSeconds * 1000)
  guard.unref()
  if (!process.send) {
    console.log(`route app (${framework}, ${variant}) on http://127.0.0.1:${port}/api/chat`)
    return
  }
  process.on('message', (m) => {
    if (m.cmd === 'reset') {
      resetWindow()
      process.send({ type: 'reset' })
    } else if (m.cmd === 'report') {
      process.send(report())
    } else if (m.cmd === 'exit') {
      process.exit(0)
    }
  })
  process.on('disconnect', () => process.exit(0))
  process.send({ type: 'ready', port, pid: process.pid, rss: process.memoryUsage.rss() })
}

main().catch((err) => {
  const message = String((err && err.stack) || err)
  if (process.send) process.send({ type: 'fatal', error: message })
  console.error(message)
  process.exit(1)
})
