'use strict'
// One error type crosses the bridge for REST calls and executions alike (docs/architecture.md):
// a failure keeps its kind, so it has the same class and `code` whichever call met it, and its
// message names the request once, without the HTTP library's internals.

const http = require('node:http')
const test = require('ava')
const { OctavusClient, ApiError } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, mustSettle, trigger } = require('./fixtures/harness.js')

/** A base URL on which nothing listens. */
async function refusedUrl() {
  const server = http.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

/** The error an iteration throws (fails the test if it ends without one). */
async function thrownBy(t, iterable) {
  const error = await mustSettle(
    (async () => {
      for await (const _ of iterable) {
        // drain
      }
    })().then(
      () => undefined,
      (err) => err,
    ),
    15000,
    'the iteration',
  )
  t.truthy(error, 'the iteration ended without an error')
  return error
}

const count = (text, part) => text.split(part).length - 1

test('a refused connection has code OCTAVUS_NETWORK from agents.list(), execute() and workers.execute() alike', async (t) => {
  const baseUrl = await refusedUrl()
  const client = new OctavusClient({ baseUrl, apiKey: 'secret-key', maxRetries: 0 })
  const rest = await t.throwsAsync(client.agents.list())
  const session = await thrownBy(t, client.agentSessions.attach('s-1').execute(trigger('go')))
  const worker = await thrownBy(t, client.workers.execute('agent-1', {}))
  for (const [err, path] of [
    [rest, '/api/agents'],
    [session, '/api/agent-sessions/s-1/trigger'],
    [worker, '/api/agents/agent-1/execute'],
  ]) {
    t.true(err instanceof Error && !(err instanceof ApiError), String(err))
    t.is(err.code, 'OCTAVUS_NETWORK', err.message)
    t.is(count(err.message, `${baseUrl}${path}`), 1, `the URL appears once: ${err.message}`)
    t.false(/client error|error sending request|hyper|reqwest/i.test(err.message), `no HTTP-library internals: ${err.message}`)
    t.false(err.message.includes('secret-key'))
  }
})

test('a REST call past requestTimeoutMs rejects with code OCTAVUS_TIMEOUT naming the request once', async (t) => {
  const mock = await startMock(t)
  mock.on('GET', '/api/agents', { hang: true })
  const err = await t.throwsAsync(clientFor(mock, { requestTimeoutMs: 200 }).agents.list())
  t.is(err.code, 'OCTAVUS_TIMEOUT', err.message)
  t.is(count(err.message, `${mock.url}/api/agents`), 1, err.message)
})

test('an id that cannot be a path segment is the same TypeError (OCTAVUS_INVALID_ARGUMENT) for REST and executions', async (t) => {
  const mock = await startMock(t)
  const client = clientFor(mock)
  const rest = await t.throwsAsync(client.agentSessions.get('..'))
  const exec = await thrownBy(t, client.agentSessions.attach('..').execute(trigger('go')))
  for (const err of [rest, exec]) {
    t.true(err instanceof TypeError, String(err))
    t.is(err.code, 'OCTAVUS_INVALID_ARGUMENT')
  }
  t.is(rest.message, exec.message)
  t.is(mock.requests.length, 0)
})

test('a malformed baseUrl is a TypeError at construction that says what a valid one looks like', (t) => {
  for (const baseUrl of ['', 'localhost:3000', 'octavus.ai', 'ftp://x.example', '/api', 'http://']) {
    const err = t.throws(() => new OctavusClient({ baseUrl, apiKey: 'k' }), { instanceOf: TypeError }, baseUrl)
    t.regex(err.message, /absolute http\(s\) URL such as/)
    t.true(err.message.includes(JSON.stringify(baseUrl)))
  }
  for (const baseUrl of ['https://octavus.ai', 'http://127.0.0.1:3000/', 'https://example.com/prefix']) {
    t.notThrows(() => new OctavusClient({ baseUrl }))
  }
})
