'use strict'
// SSE platform stand-in for the benchmarks, run as its own process (so its CPU is never charged
// to the SDK under test). Listens on 127.0.0.1 and answers session triggers whose session id
// names the stream to send:
//   bulk.<n>[.<len>]     start, text-start, n × text-delta (delta of <len> chars, default 1),
//                        text-end, finish — written as fast as the socket takes it (64 KiB
//                        writes, waiting for 'drain')
//   paced.<n>.<ms>       the same with one text-delta every <ms> ms; each delta is the server's
//                        monotonic clock (process.hrtime.bigint(), ns) taken just before the write
//   tools.<rounds>.<tag> <rounds> rounds of tool-request + finish(tool-calls); each continuation
//                        request is timed against the end of the previous response
//   mixed.<tag>          a varied stream with two server tool calls and a second round
//                        (used to check that relayed bytes parse to the official's events)
//   beat.<n>.<burst>.<ms> n text-deltas (delta = their index) in bursts of <burst>, one burst
//                        every <ms> ms: a paced stream for the relay heartbeat
//   idle.<tag>           one tool round (tool `wait`), kept by nobody: any number can be open
//                        at once (the continuation answers text + finish(stop))
// POST /api/agent-sessions/start (a deferred start): the body's agentId names the stream, as the
// session id does above (`bulk.<n>` only); the new session id is sent in the header
// X-Octavus-Session-Id and in the `start` event's sessionId.
// GET /bench/stats/<tag> returns what the server measured for a tools run (gaps, and per
// continuation its arrival time, body size and what each tool result looked like).
// GET /bench/connections returns { open } (TCP connections open at the server).
// Started by bench/run.js via fork(); reports { port } over IPC. Standalone: `node bench/server.js`.

const http = require('node:http')

const CHUNK = 64 * 1024
const encoded = new Map() // n -> Buffer of a whole bulk stream
const toolRuns = new Map() // tag -> { rounds, gapsUs: [], lastEnd }
const now = () => process.hrtime.bigint()

/** JSON with sorted keys: the echoed tool results must not depend on an SDK's key order. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

const frame = (event) => `data: ${JSON.stringify(event)}\n\n`
const DONE = 'data: [DONE]\n\n'

function bulkBytes(n, deltaLength = 1) {
  const key = `${n}.${deltaLength}`
  let buf = encoded.get(key)
  if (buf) return buf
  buf = Buffer.concat([startFrame(), bulkBody(n, deltaLength)])
  if (encoded.size > 8) encoded.clear()
  encoded.set(key, buf)
  return buf
}

const startFrame = (sessionId) =>
  Buffer.from(frame({ type: 'start', executionId: 'exec-bulk', messageId: 'm1', ...(sessionId ? { sessionId } : {}) }))

/** A bulk stream after its `start` event. */
function bulkBody(n, deltaLength = 1) {
  const key = `body.${n}.${deltaLength}`
  let buf = encoded.get(key)
  if (buf) return buf
  const delta = frame({ type: 'text-delta', id: 't1', delta: 'x'.repeat(deltaLength) })
  const parts = [frame({ type: 'text-start', id: 't1' })]
  parts.push(delta.repeat(n))
  parts.push(frame({ type: 'text-end', id: 't1' }), frame({ type: 'finish', finishReason: 'stop' }), DONE)
  buf = Buffer.from(parts.join(''))
  if (encoded.size > 8) encoded.clear()
  encoded.set(key, buf)
  return buf
}

function sseHead(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  res.flushHeaders()
}

/** Writes `buf` in CHUNK pieces, waiting for 'drain' (a stalled reader stalls this writer). */
function writeAll(res, buf) {
  return new Promise((resolve) => {
    let offset = 0
    let closed = false
    res.once('close', () => {
      closed = true
      resolve(false)
    })
    const pump = () => {
      while (!closed && offset < buf.length) {
        const piece = buf.subarray(offset, offset + CHUNK)
        offset += piece.length
        if (!res.write(piece)) {
          res.once('drain', pump)
          return
        }
      }
      if (!closed) resolve(true)
    }
    pump()
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function sendBulk(res, n, deltaLength) {
  sseHead(res)
  if (await writeAll(res, bulkBytes(n, deltaLength))) res.end()
}

async function sendPaced(res, n, ms) {
  sseHead(res)
  let open = true
  res.once('close', () => {
    open = false
  })
  res.write(frame({ type: 'start', executionId: 'exec-paced' }) + frame({ type: 'text-start', id: 't1' }))
  for (let i = 0; i < n && open; i++) {
    await sleep(ms)
    if (!open) return
    res.write(`data: {"type":"text-delta","id":"t1","delta":"${now()}"}\n\n`)
  }
  if (open) res.end(frame({ type: 'text-end', id: 't1' }) + frame({ type: 'finish', finishReason: 'stop' }) + DONE)
}

function sendTools(res, rounds, tag, request) {
  const body = request.value
  let run = toolRuns.get(tag)
  // The continuation counts as arrived when its body was read (before it is parsed).
  const arrived = request.endNs
  if (!body || !body.executionId) {
    run = { rounds, round: 0, gapsUs: [], continuations: [], lastEnd: 0n }
    toolRuns.set(tag, run)
    if (toolRuns.size > 64) toolRuns.delete(toolRuns.keys().next().value)
  } else if (run) {
    if (run.lastEnd) run.gapsUs.push(Number(arrived - run.lastEnd) / 1000)
    run.continuations.push({ arrivedNs: String(arrived), bodyBytes: request.bytes, results: describeResults(body.toolResults) })
  }
  if (!run) {
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end('{"error":"unknown tools run"}')
    return
  }
  run.round++
  sseHead(res)
  let text = frame({ type: 'start', executionId: `exec-${tag}` })
  if (run.round <= run.rounds) {
    const call = { toolCallId: `call-${run.round}`, toolName: 'echo', args: { round: run.round } }
    text += frame({ type: 'tool-request', toolCalls: [call] }) + frame({ type: 'finish', finishReason: 'tool-calls' })
  } else {
    text += frame({ type: 'text-start', id: 't1' }) + frame({ type: 'text-delta', id: 't1', delta: 'done' })
    text += frame({ type: 'text-end', id: 't1' }) + frame({ type: 'finish', finishReason: 'stop' })
  }
  res.end(text + DONE, () => {
    run.lastEnd = now()
  })
}

/** What a continuation carried per tool result: the result's type and JSON size, an error. */
function describeResults(results) {
  if (!Array.isArray(results)) return []
  return results.map((r) => ({
    toolCallId: r.toolCallId,
    resultType: r.result === undefined ? 'none' : typeof r.result,
    resultBytes: r.result === undefined ? 0 : Buffer.byteLength(typeof r.result === 'string' ? r.result : JSON.stringify(r.result)),
    error: r.error === undefined ? undefined : String(r.error).slice(0, 300),
    preview: typeof r.result === 'string' ? r.result.slice(0, 300) : undefined,
  }))
}

/** One tool round that nobody keeps state for: `idle.<tag>` streams can be open by the thousand. */
function sendIdle(res, tag, body) {
  sseHead(res)
  let text = frame({ type: 'start', executionId: `exec-idle-${tag}` })
  if (!body || !body.executionId) {
    const call = { toolCallId: `call-${tag}`, toolName: 'wait', args: { tag } }
    text += frame({ type: 'tool-request', toolCalls: [call] }) + frame({ type: 'finish', finishReason: 'tool-calls' })
  } else {
    const ok = Array.isArray(body.toolResults) && body.toolResults.length === 1 && body.toolResults[0].toolCallId === `call-${tag}`
    text += frame({ type: 'text-start', id: 't1' }) + frame({ type: 'text-delta', id: 't1', delta: ok ? 'released' : 'unexpected results' })
    text += frame({ type: 'text-end', id: 't1' }) + frame({ type: 'finish', finishReason: 'stop' })
  }
  res.end(text + DONE)
}

/** `beat.<n>.<burst>.<ms>`: bursts of text-deltas (delta = index) every <ms> ms. */
async function sendBeat(res, n, burst, ms) {
  sseHead(res)
  let open = true
  res.once('close', () => {
    open = false
  })
  res.write(frame({ type: 'start', executionId: 'exec-beat' }) + frame({ type: 'text-start', id: 't1' }))
  for (let i = 0; i < n && open;) {
    await sleep(ms)
    if (!open) return
    let text = ''
    for (const end = Math.min(n, i + burst); i < end; i++) text += `data: {"type":"text-delta","id":"t1","delta":"${i}"}\n\n`
    res.write(text)
  }
  if (open) res.end(frame({ type: 'text-end', id: 't1' }) + frame({ type: 'finish', finishReason: 'stop' }) + DONE)
}

/** The deferred start: creates a session and runs its first trigger (`bulk.<n>` streams only). */
let startedSessions = 0
async function sendStart(res, body) {
  const parts = String((body && body.agentId) || '').split('.')
  if (parts[0] !== 'bulk' || !body.trigger || !body.idempotencyKey) {
    res.writeHead(400, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: `bad start request (agentId ${body && body.agentId})` }))
    return
  }
  const sessionId = `started-${++startedSessions}`
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-octavus-session-id': sessionId })
  res.flushHeaders()
  res.write(startFrame(sessionId))
  if (await writeAll(res, bulkBody(Number(parts[1]), Number(parts[2]) || 1))) res.end()
}

function sendMixed(res, body) {
  sseHead(res)
  const events = []
  if (!body || !body.executionId) {
    events.push(
      { type: 'start', executionId: 'exec-mixed', messageId: 'm1' },
      { type: 'block-start', blockId: 'b1', blockName: 'Think', blockType: 'next-message', display: 'stream' },
      { type: 'reasoning-start', id: 'r1' },
      { type: 'reasoning-delta', id: 'r1', delta: 'héllo "quoted" \\ \u2028 ✓' },
      { type: 'reasoning-end', id: 'r1' },
      { type: 'text-start', id: 't1', responseType: 'text' },
      { type: 'text-delta', id: 't1', delta: 'line\nbreak 😀' },
      { type: 'text-end', id: 't1' },
      { type: 'source', sourceType: 'url', id: 's1', url: 'https://example.com/a?b=c', title: 'Example' },
      { type: 'tool-input-start', toolCallId: 'c1', toolName: 'echo' },
      { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"a":1}' },
      { type: 'tool-input-end', toolCallId: 'c1' },
      { type: 'tool-input-available', toolCallId: 'c1', toolName: 'echo', input: { a: 1 } },
      { type: 'resource-update', name: 'notes', value: { list: [1, 2, { x: null }] } },
      { type: 'block-end', blockId: 'b1', summary: 'done' },
      {
        type: 'tool-request',
        toolCalls: [
          { toolCallId: 'c1', toolName: 'echo', args: { a: 1 } },
          { toolCallId: 'c2', toolName: 'fail', args: {} },
        ],
      },
      { type: 'finish', finishReason: 'tool-calls' },
    )
  } else {
    events.push(
      { type: 'start', executionId: 'exec-mixed' },
      { type: 'file-available', id: 'f1', mediaType: 'image/png', url: 'https://example.com/f.png', size: 12 },
      { type: 'text-start', id: 't2' },
      { type: 'text-delta', id: 't2', delta: `results: ${canonical(body.toolResults)}` },
      { type: 'text-end', id: 't2' },
      { type: 'finish', finishReason: 'stop' },
    )
  }
  res.end(events.map(frame).join('') + DONE)
}

/** The request body: { value (parsed JSON or null), bytes, endNs (when its last byte arrived) }. */
function readJson(req) {
  return new Promise((resolve) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const endNs = now()
      const buf = Buffer.concat(chunks)
      let value = null
      try {
        value = JSON.parse(buf.toString('utf8') || 'null')
      } catch {}
      resolve({ value, bytes: buf.length, endNs })
    })
    req.on('error', () => resolve({ value: null, bytes: 0, endNs: now() }))
  })
}

async function handle(req, res) {
  const url = req.url
  if (req.method === 'GET' && url.startsWith('/bench/stats/')) {
    const run = toolRuns.get(decodeURIComponent(url.slice('/bench/stats/'.length)))
    res.writeHead(run ? 200 : 404, { 'content-type': 'application/json' })
    res.end(JSON.stringify(run ? { rounds: run.rounds, gapsUs: run.gapsUs, continuations: run.continuations } : { error: 'unknown tag' }))
    return
  }
  if (req.method === 'GET' && url === '/bench/connections') {
    server.getConnections((err, open) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ open: err ? null : open }))
    })
    return
  }
  if (req.method === 'POST' && url === '/api/agent-sessions/start') return sendStart(res, (await readJson(req)).value)
  const m = /^\/api\/agent-sessions\/([^/?]+)\/trigger/.exec(url)
  if (req.method !== 'POST' || !m) {
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: `No route for ${req.method} ${url}` }))
    return
  }
  const request = await readJson(req)
  const body = request.value
  const parts = decodeURIComponent(m[1]).split('.')
  switch (parts[0]) {
    case 'bulk':
      return sendBulk(res, Number(parts[1]), Number(parts[2]) || 1)
    case 'paced':
      return sendPaced(res, Number(parts[1]), Number(parts[2]))
    case 'tools':
      return sendTools(res, Number(parts[1]), parts[2], request)
    case 'mixed':
      return sendMixed(res, body)
    case 'beat':
      return sendBeat(res, Number(parts[1]), Number(parts[2]), Number(parts[3]))
    case 'idle':
      return sendIdle(res, parts.slice(1).join('.'), body)
    default:
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: `Unknown bench session ${m[1]}` }))
  }
}

let server
function start(port = 0) {
  server = http.createServer({ noDelay: true, keepAliveTimeout: 30000 }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: String(err && err.message) }))
    })
  })
  server.maxHeadersCount = 0
  return new Promise((resolve) => {
    server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => resolve(server))
  })
}

module.exports = { start, bulkBytes }

if (require.main === module) {
  start(Number(process.env.PORT) || 0).then((server) => {
    const { port } = server.address()
    if (process.send) {
      process.send({ port })
      process.on('disconnect', () => process.exit(0))
    } else {
      console.log(`bench SSE server on http://127.0.0.1:${port}`)
    }
  })
}
