'use strict'
// Platform stand-in for the loaded-route benchmark (bench/route.js), run as its own process so
// its CPU is never charged to the app under test. Owns the upstream side of the route: answers
// `POST /api/agent-sessions/<id>/trigger` from pre-encoded buffers (no per-request encoding):
//   route.<n>   a tool round: the first request (no executionId in the body) gets start, a short
//               text, tool-request (lookup {n:1}), finish(tool-calls), [DONE]; the continuation
//               (body with executionId 'e1' and the lookup's toolResults) gets start, text-start,
//               <n> × text-delta 'word ', text-end, finish(stop), [DONE]. A continuation without
//               the expected tool result gets 400.
//   whole.<n>   for the no-SDK floor: the whole answer in ONE response, the same events (and the
//               same bytes as ours) an SDK relays to its client for route.<n>, ending with [DONE]
// GET /stats returns request counts. Started by bench/route.js via fork(); reports { port } over
// IPC and exits when the IPC channel closes. Standalone: `node bench/route-upstream.js`.

const http = require('node:http')

const frame = (event) => `data: ${JSON.stringify(event)}\n\n`
const DONE = 'data: [DONE]\n\n'
const CALL = { toolCallId: 'c1', toolName: 'lookup', args: { n: 1 } }
const RESULT = { ok: true, n: 1 } // what the route's lookup handler returns for CALL.args

function firstRound() {
  return [
    { type: 'start', executionId: 'e1', messageId: 'm1' },
    { type: 'text-start', id: 't0' },
    { type: 'text-delta', id: 't0', delta: 'Let me look that up. ' },
    { type: 'text-end', id: 't0' },
    { type: 'tool-request', toolCalls: [CALL] },
    { type: 'finish', finishReason: 'tool-calls', executionId: 'e1' },
  ]
}

function secondRound(n) {
  const events = [
    { type: 'start', executionId: 'e1', messageId: 'm2' },
    { type: 'text-start', id: 't1' },
  ]
  for (let i = 0; i < n; i++) events.push({ type: 'text-delta', id: 't1', delta: 'word ' })
  events.push({ type: 'text-end', id: 't1' }, { type: 'finish', finishReason: 'stop', executionId: 'e1' })
  return events
}

/**
 * What ours, the official 2.0.0 and 6.4.0 relay to their client for route.<n> (the same events;
 * the officials order start's keys differently): the first round without its tool-request and
 * finish(tool-calls), the tool-output-available of the handler's result, then the second round.
 */
function wholeAnswer(n) {
  const first = firstRound().filter((e) => e.type !== 'tool-request' && e.type !== 'finish')
  return [...first, { type: 'tool-output-available', toolCallId: CALL.toolCallId, output: RESULT }, ...secondRound(n)]
}

const cache = new Map()
function bytes(kind, n) {
  const key = `${kind}.${n}`
  let buf = cache.get(key)
  if (buf) return buf
  const events = kind === 'first' ? firstRound() : kind === 'second' ? secondRound(n) : wholeAnswer(n)
  buf = Buffer.from(events.map(frame).join('') + DONE)
  if (cache.size > 32) cache.clear()
  cache.set(key, buf)
  return buf
}

const stats = { first: 0, continuation: 0, whole: 0, bad: 0 }

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve(''))
  })
}

function reply(res, status, body, type) {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache' })
  res.end(body)
}

function fail(res, message) {
  stats.bad++
  reply(res, 400, Buffer.from(JSON.stringify({ error: message })), 'application/json')
}

async function handle(req, res) {
  if (req.method === 'GET' && req.url === '/stats') return reply(res, 200, Buffer.from(JSON.stringify(stats)), 'application/json')
  const m = /^\/api\/agent-sessions\/([a-z]+)\.(\d+)\/trigger$/.exec(req.url)
  if (req.method !== 'POST' || !m) return reply(res, 404, Buffer.from(`{"error":"no route for ${req.method} ${req.url}"}`), 'application/json')
  let body
  try {
    body = JSON.parse(await readBody(req))
  } catch {
    return fail(res, 'body is not JSON')
  }
  if (!body || typeof body.triggerName !== 'string') return fail(res, 'no triggerName')
  const n = Number(m[2])
  if (m[1] === 'whole') {
    stats.whole++
    return reply(res, 200, bytes('whole', n), 'text/event-stream')
  }
  if (m[1] !== 'route') return fail(res, `unknown session ${m[1]}.${m[2]}`)
  if (!body.executionId) {
    stats.first++
    return reply(res, 200, bytes('first', n), 'text/event-stream')
  }
  const result = Array.isArray(body.toolResults) && body.toolResults[0]
  if (body.executionId !== 'e1' || !result || result.toolCallId !== 'c1' || !result.result || result.result.n !== 1) {
    return fail(res, `unexpected continuation ${JSON.stringify(body).slice(0, 200)}`)
  }
  stats.continuation++
  return reply(res, 200, bytes('second', n), 'text/event-stream')
}

function start(port = 0) {
  const server = http.createServer({ noDelay: true, keepAliveTimeout: 60000 }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: String(err && err.message) }))
    })
  })
  server.headersTimeout = 0
  server.requestTimeout = 0
  return new Promise((resolve) => server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => resolve(server)))
}

module.exports = { start, wholeAnswer, firstRound, secondRound }

if (require.main === module) {
  start(Number(process.env.PORT) || 0).then((server) => {
    const { port } = server.address()
    if (process.send) {
      process.send({ port })
      process.on('disconnect', () => process.exit(0))
    } else {
      console.log(`route upstream on http://127.0.0.1:${port}`)
    }
  })
}
