'use strict'
// Proves the mock platform (testing/mock-platform.js) by driving it with the official
// @octavus/server-sdk and with raw fetch.

const test = require('ava')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { createMockPlatform, sse, fixtures } = require('../testing/mock-platform.js')
const { startMock, loadOfficial: loadSdk, collect, within, mustSettle, trigger } = require('./fixtures/harness.js')

test('REST JSON routes answer the official SDK and requests are recorded raw', async (t) => {
  const { OctavusClient } = await loadSdk()
  const mock = await startMock(t, { apiKey: 'key-1' })
  mock.on('GET', '/api/agents', { json: { agents: [fixtures.agent({ id: 'a1', name: 'First' })] } })
  mock.on('POST', '/api/agent-sessions', { json: { sessionId: 'sess-9' } })
  mock.on('GET', /^\/api\/agent-sessions\/[^/]+$/, { json: fixtures.uiSession({ sessionId: 'x' }) })

  const client = new OctavusClient({ baseUrl: `${mock.url}/`, apiKey: 'key-1' })
  const agents = await client.agents.list()
  t.is(agents.length, 1)
  t.is(agents[0].name, 'First')
  t.is(await client.agentSessions.create('a1', { user: 'ü', n: 2 }), 'sess-9')

  const res = await fetch(`${mock.url}/api/agent-sessions/a%2Fb?format=ui&x=1%202`, {
    headers: { authorization: 'Bearer key-1', 'X-Custom': 'yes' },
  })
  t.is(res.status, 200)
  t.is((await res.json()).sessionId, 'x')

  t.is(mock.requests.length, 3)
  const [list, create, get] = mock.requests
  t.is(list.method, 'GET')
  t.is(list.path, '/api/agents')
  t.is(list.rawUrl, '/api/agents')
  t.deepEqual(list.query, {})
  t.is(list.headers.authorization, 'Bearer key-1')
  t.is(list.headers['content-type'], 'application/json')
  t.is(list.rawBody, '')
  t.is(list.body, undefined)

  t.is(create.method, 'POST')
  t.is(create.rawBody, '{"agentId":"a1","input":{"user":"ü","n":2}}')
  t.deepEqual(create.body, { agentId: 'a1', input: { user: 'ü', n: 2 } })

  t.is(get.path, '/api/agent-sessions/a%2Fb')
  t.is(get.rawUrl, '/api/agent-sessions/a%2Fb?format=ui&x=1%202')
  t.deepEqual(get.query, { format: 'ui', x: '1 2' })
  t.is(get.headers['x-custom'], 'yes')
  t.true(list.seq < create.seq && create.seq < get.seq)

  t.is(mock.requestsTo('GET', '/api/agents').length, 1)
  t.is(mock.requestsTo('get', /^\/api\/agent-sessions/).length, 1)
  t.is(mock.requestsTo('*', (p) => p.startsWith('/api/')).length, 3)
})

test('responses are used in order, the last repeats, and a later on() replaces the route', async (t) => {
  const mock = await startMock(t)
  const route = mock.on('GET', '/n', { json: 1 }, { json: 2 }, { json: 3 })
  const values = []
  for (let i = 0; i < 5; i++) values.push(await (await fetch(`${mock.url}/n`)).json())
  t.deepEqual(values, [1, 2, 3, 3, 3])
  t.is(route.hits, 5)
  t.is(route.requests.length, 5)

  mock.on('GET', '/n', { json: 'new' })
  t.is(await (await fetch(`${mock.url}/n`)).json(), 'new')

  // Exact string routes win over patterns registered earlier.
  mock.on('GET', /.*/, { json: 'pattern' })
  mock.on('GET', '/exact', { json: 'exact' })
  t.is(await (await fetch(`${mock.url}/exact`)).json(), 'exact')
  t.is(await (await fetch(`${mock.url}/other`)).json(), 'pattern')

  t.throws(() => mock.on('GET', '/bad'), { instanceOf: TypeError })
  t.throws(() => mock.on('GET', '/bad', { nope: 1 }), { instanceOf: TypeError })
})

test('an unmatched request gets 404 naming method and raw path', async (t) => {
  const mock = await startMock(t)
  const res = await fetch(`${mock.url}/api/nowhere%20here?q=1`, { method: 'DELETE' })
  t.is(res.status, 404)
  t.deepEqual(await res.json(), { error: 'No mock route for DELETE /api/nowhere%20here' })
  t.is(mock.requests[0].path, '/api/nowhere%20here')
})

test('apiKey: a wrong or missing bearer gets 401 Unauthorized and is still recorded', async (t) => {
  const { OctavusClient, ApiError } = await loadSdk()
  const mock = await startMock(t, { apiKey: 'right' })
  mock.rest.agents([{ id: 'a1' }])

  const wrong = new OctavusClient({ baseUrl: mock.url, apiKey: 'wrong' })
  const err = await t.throwsAsync(wrong.agents.list(), { instanceOf: ApiError })
  t.is(err.status, 401)
  t.is(err.message, 'Unauthorized')

  const none = await fetch(`${mock.url}/api/agents`)
  t.is(none.status, 401)
  t.deepEqual(await none.json(), { error: 'Unauthorized' })

  t.is(mock.requests.length, 2)
  t.is(mock.requests[0].headers.authorization, 'Bearer wrong')
  t.is(mock.requests[1].headers.authorization, undefined)

  const right = new OctavusClient({ baseUrl: mock.url, apiKey: 'right' })
  t.is((await right.agents.list())[0].id, 'a1')
})

test('error responses reach the official SDK: JSON error body and a non-JSON page with statusText', async (t) => {
  const { OctavusClient, ApiError } = await loadSdk()
  const mock = await startMock(t)
  mock.on('GET', '/api/agents/missing', { status: 404, json: { error: 'Agent not found', code: 'NOT_FOUND' } })
  mock.on('GET', '/api/agents', {
    status: 502,
    statusText: 'Bad Gateway Mock',
    body: '<html>upstream down</html>',
    headers: { 'Content-Type': 'text/html' },
  })
  const client = new OctavusClient({ baseUrl: mock.url })

  const notFound = await t.throwsAsync(client.agents.get('missing'), { instanceOf: ApiError })
  t.is(notFound.status, 404)
  t.is(notFound.message, 'Agent not found')
  t.is(notFound.code, 'NOT_FOUND')

  const page = await t.throwsAsync(client.agents.list(), { instanceOf: ApiError })
  t.is(page.status, 502)
  t.is(page.message, 'Request failed: Bad Gateway Mock')

  const raw = await fetch(`${mock.url}/api/agents`)
  t.is(raw.statusText, 'Bad Gateway Mock')
  t.is(raw.headers.get('content-type'), 'text/html')
  t.is(await raw.text(), '<html>upstream down</html>')

  // A non-2xx trigger becomes one error event in the official SDK.
  mock.session('s-err', [{ status: 429, json: { error: 'Slow down' } }])
  const events = await collect(client.agentSessions.attach('s-err').execute(trigger('go')))
  t.is(events.length, 1)
  t.like(events[0], { type: 'error', errorType: 'rate_limit_error', message: 'Slow down', retryable: true })
})

test('rest helpers satisfy the official SDK response schemas', async (t) => {
  const { OctavusClient } = await loadSdk()
  const mock = await startMock(t)
  mock.rest.agents([{ id: 'a1' }, { id: 'a2', format: 'worker' }])
  mock.rest.agent({ id: 'a1' })
  mock.rest.createSession('s1', 's2')
  mock.rest.getSession('s1', { state: { variables: { v: 1 } } })
  mock.rest.restore('s1')
  mock.rest.clear('s1')
  mock.rest.uploadUrls()
  const client = new OctavusClient({ baseUrl: mock.url })

  t.deepEqual(
    (await client.agents.list()).map((a) => a.format),
    ['interactive', 'worker'],
  )
  t.is((await client.agents.get('a1')).id, 'a1')
  t.is(await client.agentSessions.create('a1'), 's1')
  t.is(await client.agentSessions.create('a1'), 's2')
  t.is(await client.agentSessions.create('a1'), 's2')
  const state = await client.agentSessions.get('s1')
  t.deepEqual(state.variables, { v: 1 })
  const ui = await client.agentSessions.getMessages('s1')
  t.is(ui.sessionId, 's1')
  t.deepEqual(ui.messages, [])
  t.deepEqual(await client.agentSessions.restore('s1', []), { sessionId: 's1', restored: true })
  t.is(mock.requestsTo('POST', '/api/agent-sessions/s1/restore')[0].rawBody, '{"messages":[]}')
  const cleared = await (await fetch(`${mock.url}/api/agent-sessions/s1`, { method: 'DELETE' })).json()
  t.deepEqual(cleared, { sessionId: 's1', cleared: true })
  const uploads = await client.files.getUploadUrls('s1', [
    { filename: 'a.png', mediaType: 'image/png', size: 10 },
    { filename: 'b.pdf', mediaType: 'application/pdf', size: 20 },
  ])
  t.is(uploads.files.length, 2)
  t.true(uploads.files[1].uploadUrl.startsWith(mock.url))

  mock.rest.getSession('old', { expired: true })
  t.is((await client.agentSessions.get('old')).status, 'expired')
})

test('session rounds: a tool-request round, then the official tool loop sends toolResults in round two', async (t) => {
  const { OctavusClient } = await loadSdk()
  const mock = await startMock(t, { apiKey: 'k' })
  const route = mock.session('sess-1', [
    [
      sse.start('exec-1'),
      sse.toolRequest([
        { toolCallId: 'call-1', toolName: 'add', args: { a: 2, b: 3 } },
        { toolCallId: 'call-2', toolName: 'fail', args: {} },
      ]),
      sse.finish('tool-calls'),
    ],
    [sse.text('t1', 'Five.'), sse.resourceUpdate('SUMMARY', 'done'), sse.finish('stop')],
  ])
  const client = new OctavusClient({ baseUrl: mock.url, apiKey: 'k' })
  const session = client.agentSessions.attach('sess-1', {
    tools: {
      add: async ({ a, b }) => a + b,
      fail: async () => {
        throw new Error('nope')
      },
    },
  })

  const events = await collect(session.execute(trigger('ask', { q: 'sum' })))
  t.deepEqual(
    events.map((e) => e.type),
    ['start', 'tool-output-available', 'tool-output-error', 'text-start', 'text-delta', 'text-end', 'resource-update', 'finish'],
  )
  t.like(events[1], { toolCallId: 'call-1', output: 5 })
  t.like(events[2], { toolCallId: 'call-2', error: 'nope' })
  t.is(events[4].delta, 'Five.')
  t.is(events.at(-1).finishReason, 'stop')

  t.is(route.hits, 2)
  const [first, second] = mock.requestsTo('POST', '/api/agent-sessions/sess-1/trigger')
  t.deepEqual(first.body, { triggerName: 'ask', input: { q: 'sum' } })
  t.is(second.body.executionId, 'exec-1')
  t.is(second.body.triggerName, 'ask')
  t.deepEqual(second.body.toolResults, [
    { toolCallId: 'call-1', toolName: 'add', result: 5 },
    { toolCallId: 'call-2', toolName: 'fail', error: 'nope' },
  ])
  t.is(second.headers.authorization, 'Bearer k')

  t.throws(() => mock.session('x', [sse.start()]), { instanceOf: TypeError })
})

test('session() matches a percent-encoded session id segment', async (t) => {
  const mock = await startMock(t)
  mock.session('a/b c', [[sse.start('e'), sse.finish()]])
  const hit = await fetch(`${mock.url}/api/agent-sessions/${encodeURIComponent('a/b c')}/trigger`, { method: 'POST', body: '{}' })
  t.is(hit.status, 200)
  t.true(sse.parse(await hit.text()).done)
  const miss = await fetch(`${mock.url}/api/agent-sessions/a/b%20c/trigger`, { method: 'POST', body: '{}' })
  t.is(miss.status, 404)
})

test('chunkSize 1 writes every byte separately; the official SDK parses the same events', async (t) => {
  const { OctavusClient } = await loadSdk()
  const mock = await startMock(t)
  const events = [sse.start('e1'), sse.text('t1', 'héllo wörld 🌍', { chunks: 4 }), sse.finish('stop')]
  mock.session('whole', [{ sse: events }])
  mock.session('bytes', [{ sse: events, chunkSize: 1 }])
  const client = new OctavusClient({ baseUrl: mock.url })

  const whole = await collect(client.agentSessions.attach('whole').execute(trigger('go')))
  const bytes = await collect(client.agentSessions.attach('bytes').execute(trigger('go')))
  t.is(whole.length, 8)
  t.deepEqual(bytes, whole)
  t.is(
    bytes
      .filter((e) => e.type === 'text-delta')
      .map((e) => e.delta)
      .join(''),
    'héllo wörld 🌍',
  )

  // Raw reads: many small reads, and the bytes are exactly the encoded stream.
  const res = await fetch(`${mock.url}/api/agent-sessions/bytes/trigger`, { method: 'POST', body: '{}' })
  t.is(res.headers.get('content-type'), 'text/event-stream')
  const reader = res.body.getReader()
  const parts = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parts.push(Buffer.from(value))
  }
  const expected = sse.encode(events)
  t.is(Buffer.concat(parts).toString('utf8'), expected)
  t.true(parts.length > 20, `expected many reads, got ${parts.length}`)
  t.true(parts.some((p) => p.length === 1))
})

test('crlf, [DONE] and a malformed string payload: the official SDK skips the bad payload', async (t) => {
  const { OctavusClient } = await loadSdk()
  const mock = await startMock(t)
  mock.session('s', [{ sse: [sse.start('e'), '{not json', sse.text('t', 'ok'), sse.finish()], crlf: true }])
  const res = await fetch(`${mock.url}/api/agent-sessions/s/trigger`, { method: 'POST' })
  const text = await res.text()
  t.true(text.startsWith('data: {"type":"start","executionId":"e"}\r\n\r\ndata: {not json\r\n\r\n'))
  t.true(text.endsWith('data: [DONE]\r\n\r\n'))

  const client = new OctavusClient({ baseUrl: mock.url })
  const events = await collect(client.agentSessions.attach('s').execute(trigger('go')))
  t.deepEqual(
    events.map((e) => e.type),
    ['start', 'text-start', 'text-delta', 'text-end', 'finish'],
  )

  mock.session('no-done', [{ sse: [sse.finish()], done: false }])
  const noDone = await (await fetch(`${mock.url}/api/agent-sessions/no-done/trigger`, { method: 'POST' })).text()
  t.is(noDone, 'data: {"type":"finish","finishReason":"stop"}\n\n')
})

test('raw frames and raw responses are sent byte for byte', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/raw', { raw: 'data:{"type":"start"}\n\n: comment\n\n' })
  t.is(await (await fetch(`${mock.url}/raw`, { method: 'POST' })).text(), 'data:{"type":"start"}\n\n: comment\n\n')
  mock.on('POST', '/mixed', { sse: [sse.raw('event: ping\n\n'), sse.finish()], done: false })
  t.is(await (await fetch(`${mock.url}/mixed`, { method: 'POST' })).text(), 'event: ping\n\ndata: {"type":"finish","finishReason":"stop"}\n\n')
})

test('delayMs spaces the events out', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/slow', { sse: [sse.start(), sse.text('t', 'abc', { chunks: 3 }), sse.finish()], delayMs: 25 })
  const started = Date.now()
  const res = await fetch(`${mock.url}/slow`, { method: 'POST' })
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  const arrivals = []
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
    arrivals.push(Date.now() - started)
  }
  const { events, done } = sse.parse(text)
  t.is(events.length, 7)
  t.true(done)
  // 6 gaps of 25 ms between 7 events.
  t.true(arrivals.at(-1) >= 6 * 25 * 0.8, `stream took ${arrivals.at(-1)} ms`)
  t.true(arrivals.length >= 5, `expected separate arrivals, got ${arrivals.length}`)
})

test('dropAfter: the official iterator throws after the first N events; not counted as a client close', async (t) => {
  const { OctavusClient } = await loadSdk()
  const mock = await startMock(t)
  mock.session('drop', [{ sse: [sse.start('e1'), sse.text('t', 'abc'), sse.finish()], dropAfter: 3 }])
  const client = new OctavusClient({ baseUrl: mock.url })
  const seen = []
  const err = await t.throwsAsync(async () => {
    for await (const event of client.agentSessions.attach('drop').execute(trigger('go'))) seen.push(event)
  })
  t.truthy(err)
  t.deepEqual(
    seen.map((e) => e.type),
    ['start', 'text-start', 'text-delta'],
  )
  t.is(mock.closedConnections, 0)

  // Raw fetch sees the body fail, with exactly the first N frames delivered.
  const res = await fetch(`${mock.url}/api/agent-sessions/drop/trigger`, { method: 'POST' })
  const reader = res.body.getReader()
  let received = ''
  await t.throwsAsync(async () => {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      received += Buffer.from(value).toString()
    }
  })
  t.is(received, sse.encode([sse.start('e1'), sse.text('t', 'abc').slice(0, 2)], { done: false }))
})

test('hangAfter + abort through the official signal: closedConnections counts it, waitForClientClose resolves', async (t) => {
  const { OctavusClient } = await loadSdk()
  const mock = await startMock(t)
  mock.session('hang', [{ sse: [sse.start('e1'), sse.text('t', 'abc'), sse.finish()], hangAfter: 2 }])
  const client = new OctavusClient({ baseUrl: mock.url })
  const controller = new AbortController()
  const closed = mock.waitForClientClose(3000)
  const seen = []
  for await (const event of client.agentSessions.attach('hang').execute(trigger('go'), { signal: controller.signal })) {
    seen.push(event)
    if (seen.length === 2) controller.abort()
  }
  t.deepEqual(
    seen.map((e) => e.type),
    ['start', 'text-start', 'finish'],
  )
  t.is(seen[2].finishReason, 'stop')
  t.true(await closed)
  t.is(mock.closedConnections, 1)
  t.true(await mock.waitForClosedConnections(1, 10))
})

test('waitForClientClose is false on timeout, then true when a raw fetch reader cancels', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/hang', { sse: [sse.start('e1')], hangAfter: 1 })
  const res = await fetch(`${mock.url}/hang`, { method: 'POST' })
  const reader = res.body.getReader()
  const first = await reader.read()
  t.is(Buffer.from(first.value).toString(), 'data: {"type":"start","executionId":"e1"}\n\n')

  t.false(await mock.waitForClientClose(100))
  t.is(mock.closedConnections, 0)

  const closed = mock.waitForClientClose(3000)
  await reader.cancel()
  t.true(await closed)
  t.is(mock.closedConnections, 1)

  // A request that never gets an answer, aborted by the client, counts too.
  mock.on('GET', '/never', { hang: true })
  const controller = new AbortController()
  const pending = fetch(`${mock.url}/never`, { signal: controller.signal })
  while (mock.requestsTo('GET', '/never').length === 0) await new Promise((r) => setTimeout(r, 5))
  controller.abort()
  const abortError = await pending.then(
    () => null,
    (err) => err,
  )
  t.is(abortError && abortError.name, 'AbortError')
  t.true(await mock.waitForClosedConnections(2, 3000))
})

test('close() with streams in progress does not hang, and the client stream fails', async (t) => {
  const mock = await createMockPlatform()
  mock.on('POST', '/hang', { sse: [sse.start('e1')], hangAfter: 1 })
  mock.on('POST', '/slow', { sse: sse.deltas('t', 1000), delayMs: 1000 })
  mock.on('GET', '/never', { hang: true })
  const hanging = await fetch(`${mock.url}/hang`, { method: 'POST' })
  const slow = await fetch(`${mock.url}/slow`, { method: 'POST' })
  const never = fetch(`${mock.url}/never`)
  while (mock.requests.length < 3) await new Promise((r) => setTimeout(r, 5))
  const reader = hanging.body.getReader()
  await reader.read()
  const waiter = mock.waitForClientClose(60000)

  const started = Date.now()
  t.not(await within(mock.close(), 2000), 'timeout')
  t.true(Date.now() - started < 2000)
  t.false(await waiter)
  t.is(mock.closedConnections, 0)
  await t.throwsAsync(async () => {
    for (;;) if ((await reader.read()).done) break
  })
  await t.throwsAsync(slow.text())
  await t.throwsAsync(never)
  await mock.close() // idempotent
})

test('a node process using the mock exits by itself after close()', async (t) => {
  const script = `
    const { createMockPlatform, sse } = require(${JSON.stringify(path.join(__dirname, '..', 'testing', 'index.js'))})
    ;(async () => {
      const mock = await createMockPlatform()
      mock.on('POST', '/hang', { sse: [sse.start('e')], hangAfter: 1 })
      mock.on('POST', '/slow', { sse: sse.deltas('t', 100), delayMs: 500 })
      const res = await fetch(mock.url + '/hang', { method: 'POST' })
      const slow = await fetch(mock.url + '/slow', { method: 'POST' })
      void mock.waitForClientClose(60000)
      await res.body.getReader().read()
      await mock.close()
      await slow.text().catch(() => {})
      console.log('closed')
    })()
  `
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)))
  const code = await within(exit, 10000)
  if (code === 'timeout') child.kill()
  t.is(code, 0, output)
  t.is(output.trim(), 'closed')
})

test('function responses get the recorded request; a throwing handler answers 500', async (t) => {
  const mock = await startMock(t)
  mock.on('PUT', '/fn', (req, res, recorded) => {
    res.writeHead(201, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ echoed: recorded.body, method: req.method }))
  })
  mock.on('GET', '/throws', async () => {
    throw new Error('handler broke')
  })
  const res = await fetch(`${mock.url}/fn`, { method: 'PUT', body: '{"a":[1,2]}' })
  t.is(res.status, 201)
  t.deepEqual(await res.json(), { echoed: { a: [1, 2] }, method: 'PUT' })
  const broken = await fetch(`${mock.url}/throws`)
  t.is(broken.status, 500)
  t.regex((await broken.json()).error, /handler broke/)
})

test('worker() routes POST /api/agents/:id/execute to consecutive rounds', async (t) => {
  const mock = await startMock(t)
  const route = mock.worker('agent-w', [
    [sse.start('wexec'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'look' }]), sse.finish('tool-calls')],
    [sse.workerStart('w1', 'researcher'), sse.workerResult('w1', { output: { answer: 42 } }), sse.finish()],
  ])
  const post = (body) => fetch(`${mock.url}/api/agents/agent-w/execute`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.text())
  const one = sse.parse(await post({ type: 'start', input: {} }))
  t.deepEqual(one.events[1], { type: 'tool-request', toolCalls: [{ toolCallId: 'c1', toolName: 'look', args: {} }] })
  const two = sse.parse(await post({ type: 'continue', executionId: 'wexec', toolResults: [] }))
  t.deepEqual(two.events[1], { type: 'worker-result', workerId: 'w1', output: { answer: 42 } })
  t.true(two.done)
  t.is(route.hits, 2)
  t.deepEqual(
    mock.requestsTo('POST', '/api/agents/agent-w/execute').map((r) => r.body.type),
    ['start', 'continue'],
  )
})

test('sse builders produce events the official SDK validates', async (t) => {
  const { safeParseStreamEvent } = await loadSdk()
  const events = [
    sse.start(),
    sse.start('e1', { messageId: 'm1' }),
    sse.finish(),
    sse.finish('tool-calls', 'e1'),
    ...sse.text('t1', 'hello', { chunks: 2, responseType: 'markdown' }),
    ...sse.reasoning('r1', 'thinking', { chunks: ['thin', 'king'] }),
    ...sse.deltas('t2', 3),
    ...sse.toolInput('c1', 'search', { q: 'x' }, { chunks: 3, title: 'Search' }),
    sse.toolRequest([{ toolCallId: 'c1', toolName: 'search', args: { q: 'x' }, source: 'llm', outputVariable: 'v', blockIndex: 1 }]),
    sse.clientToolRequest('e1', [{ toolCallId: 'c2', toolName: 'ui' }], [{ toolCallId: 'c1', toolName: 'search', result: 1 }]),
    sse.toolOutput('c1', { hits: [] }),
    sse.toolOutputError('c1', 'failed'),
    sse.resourceUpdate('NOTES', ['a']),
    sse.error(),
    sse.error({ errorType: 'rate_limit_error', message: 'slow', retryable: true, source: 'provider', retryAfter: 3 }),
    sse.sourceUrl('s1', 'https://example.com', 'Example'),
    sse.sourceDocument('s2', 'application/pdf', 'Doc', 'doc.pdf'),
    sse.blockStart('b1', 'Reply', { display: 'description', description: 'Replying' }),
    sse.blockEnd('b1', 'done'),
    sse.fileAvailable('f1', 'image/png', 'https://example.com/f.png', { size: 3 }),
  ]
  for (const event of events) {
    const parsed = safeParseStreamEvent(event)
    t.true(parsed.success, `${JSON.stringify(event)} rejected`)
  }
  t.deepEqual(
    sse
      .text('t', 'abcd', { chunks: 2 })
      .map((e) => e.delta)
      .filter(Boolean),
    ['ab', 'cd'],
  )
  t.deepEqual(
    sse
      .toolInput('c', 'n', { a: 1 }, { chunks: 2 })
      .filter((e) => e.type === 'tool-input-delta')
      .map((e) => e.inputTextDelta)
      .join(''),
    '{"a":1}',
  )
  // Worker events are newer than the installed official 2.0.0; check the fields docs/protocol.md §3 requires.
  t.deepEqual(sse.workerStart('w', 'slug', 'desc'), { type: 'worker-start', workerId: 'w', workerSlug: 'slug', description: 'desc' })
  t.deepEqual(sse.workerResult('w', { error: 'bad' }), { type: 'worker-result', workerId: 'w', error: 'bad' })
  // encode/parse round trip.
  const parsed = sse.parse(sse.encode(events, { crlf: true }))
  t.true(parsed.done)
  t.deepEqual(parsed.events, events)
})

test('bounded recording: maxRequests keeps the newest, oversized bodies get 413; reset() clears', async (t) => {
  const mock = await startMock(t, { maxRequests: 3, maxBodyBytes: 64 })
  mock.on('POST', '/x', { json: true })
  for (let i = 0; i < 5; i++) await (await fetch(`${mock.url}/x`, { method: 'POST', body: JSON.stringify({ i }) })).json()
  t.deepEqual(
    mock.requests.map((r) => r.body.i),
    [2, 3, 4],
  )
  const big = await fetch(`${mock.url}/x`, { method: 'POST', body: 'y'.repeat(1000) })
  t.is(big.status, 413)
  t.true(mock.requests.at(-1).bodyTruncated)
  t.is(mock.requests.at(-1).rawBody, '')

  mock.reset()
  t.is(mock.requests.length, 0)
  t.is((await fetch(`${mock.url}/x`, { method: 'POST' })).status, 404)
})

// ---------------------------------------------------------------------------------------------
// 6.x additions: builders of the added events, heartbeats, Retry-After and any status, v4 messages

test('6.x sse builders: exact shapes, and our safeParseStreamEvent accepts each as it is', (t) => {
  const { safeParseStreamEvent } = require('../index.js')
  const cases = [
    [
      sse.todoUpdate([{ id: 'a', content: 'Search', status: 'in_progress' }]),
      { type: 'todo-update', todos: [{ id: 'a', content: 'Search', status: 'in_progress' }] },
    ],
    [
      sse.todoUpdate(['Search', { id: 'x', content: 'Read' }, { id: 'y', content: 'Done', status: 'completed' }], 'w1'),
      {
        type: 'todo-update',
        todos: [
          { id: '1', content: 'Search', status: 'pending' },
          { id: 'x', content: 'Read', status: 'pending' },
          { id: 'y', content: 'Done', status: 'completed' },
        ],
        workerId: 'w1',
      },
    ],
    [sse.todoUpdate(), { type: 'todo-update', todos: [] }],
    [sse.workerInputStart('w1', 'researcher'), { type: 'worker-input-start', workerId: 'w1', workerSlug: 'researcher' }],
    [
      sse.workerInputStart('w1', 'researcher', 'Research'),
      { type: 'worker-input-start', workerId: 'w1', workerSlug: 'researcher', description: 'Research' },
    ],
    [sse.workerInputDelta('w1', '{"q"'), { type: 'worker-input-delta', workerId: 'w1', delta: '{"q"' }],
    [sse.workerInputReady('w1', { q: 1 }), { type: 'worker-input-ready', workerId: 'w1', input: { q: 1 } }],
    [sse.workerInputReady('w1'), { type: 'worker-input-ready', workerId: 'w1', input: {} }],
    [sse.workerStart('w1', 'researcher', undefined, { q: 1 }), { type: 'worker-start', workerId: 'w1', workerSlug: 'researcher', input: { q: 1 } }],
    [
      sse.usage(),
      {
        type: 'usage',
        cost: { currency: 'USD', bandwidthFee: 0, providerFee: 0, totalFee: 0, byok: false },
        tokens: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      },
    ],
    [
      sse.usage({ bandwidthFee: 0.25, providerFee: 0, byok: true, estimatedProviderFee: 1.5 }, { inputTokens: 7, outputTokens: 3 }),
      {
        type: 'usage',
        cost: { currency: 'USD', bandwidthFee: 0.25, providerFee: 0, totalFee: 0.25, byok: true, estimatedProviderFee: 1.5 },
        tokens: { inputTokens: 7, outputTokens: 3, totalTokens: 10 },
      },
    ],
    [
      sse.usage({ currency: 'EUR', bandwidthFee: 1, providerFee: 2, totalFee: 4 }, { inputTokens: 1, outputTokens: 1, totalTokens: 5 }),
      {
        type: 'usage',
        cost: { currency: 'EUR', bandwidthFee: 1, providerFee: 2, totalFee: 4, byok: false },
        tokens: { inputTokens: 1, outputTokens: 1, totalTokens: 5 },
      },
    ],
    [sse.start('e1', { sessionId: 's1' }), { type: 'start', executionId: 'e1', sessionId: 's1' }],
    [
      sse.blockStart('b', 'Reply', { display: 'title' }),
      { type: 'block-start', blockId: 'b', blockName: 'Reply', blockType: 'next-message', display: 'title' },
    ],
  ]
  for (const [event, expected] of cases) {
    t.deepEqual(event, expected)
    const parsed = safeParseStreamEvent(event)
    t.true(parsed.success, JSON.stringify(event))
    t.deepEqual(parsed.data, expected)
  }

  const input = sse.workerInput('w1', 'researcher', { topic: 'tides' }, { chunks: 3, description: 'Research' })
  t.deepEqual(
    input.map((e) => e.type),
    ['worker-input-start', 'worker-input-delta', 'worker-input-delta', 'worker-input-delta', 'worker-input-ready'],
  )
  t.deepEqual(input[0], { type: 'worker-input-start', workerId: 'w1', workerSlug: 'researcher', description: 'Research' })
  t.is(
    input
      .slice(1, -1)
      .map((e) => e.delta)
      .join(''),
    '{"topic":"tides"}',
  )
  t.deepEqual(input.at(-1), { type: 'worker-input-ready', workerId: 'w1', input: { topic: 'tides' } })
  for (const event of input) t.true(safeParseStreamEvent(event).success)

  const toolInput = sse.toolInput('c', 'search', {}, { display: 'title', title: 'Searching', workerId: 'w' })
  t.deepEqual(toolInput[0], { type: 'tool-input-start', toolCallId: 'c', toolName: 'search', title: 'Searching', display: 'title', workerId: 'w' })
  t.true(safeParseStreamEvent(toolInput[0]).success)

  // they survive encode/parse like any event
  const all = cases.map(([event]) => event).concat(input)
  t.deepEqual(sse.parse(sse.encode(all)), { events: all, done: true })
})

/** Reads a response body as text, chunk by chunk, until `stop(text)` or the body ends. */
async function readUntil(res, stop = () => false) {
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
    if (stop(text)) {
      await reader.cancel()
      break
    }
  }
  return text
}

const HEARTBEAT = ': heartbeat\n\n'
const count = (text, part) => text.split(part).length - 1

test('heartbeatMs: ": heartbeat" comments while events are spaced out, between frames only, none once the stream ended', async (t) => {
  const mock = await startMock(t)
  const events = [sse.start('e1'), ...sse.text('t', 'abc', { chunks: 3 }), sse.finish()]
  mock.on('POST', '/beat', { sse: events, delayMs: 60, heartbeatMs: 10, chunkSize: 7 })
  const text = await readUntil(await fetch(`${mock.url}/beat`, { method: 'POST' }))
  t.true(count(text, HEARTBEAT) >= 5, `heartbeats: ${count(text, HEARTBEAT)}`)
  // Without the comments the stream is exactly the events: no frame was split by a beat.
  t.is(text.split(HEARTBEAT).join(''), sse.encode(events))
  // Parsers ignore the comments.
  t.deepEqual(sse.parse(text), { events, done: true })
  // The timer stops with the response: nothing more is written, and the mock closes at once.
  t.true(text.endsWith('data: [DONE]\n\n'))
})

test('heartbeatMs: a hanging stream keeps beating until the client leaves; close() stops it', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/hang', { sse: [sse.start('e1')], hangAfter: 1, heartbeatMs: 15 })
  const text = await readUntil(await fetch(`${mock.url}/hang`, { method: 'POST' }), (s) => count(s, HEARTBEAT) >= 4)
  t.true(text.startsWith(`data: ${JSON.stringify(sse.start('e1'))}\n\n${HEARTBEAT}`))
  t.true(await mock.waitForClientClose(2000))

  // a stream that only hangs (no event at all) beats too, and close() ends it
  mock.on('POST', '/silent', { sse: [], hangAfter: 0, heartbeatMs: 15 })
  const res = await fetch(`${mock.url}/silent`, { method: 'POST' })
  const reader = res.body.getReader()
  const first = await reader.read()
  t.is(Buffer.from(first.value).toString(), HEARTBEAT)
  await mustSettle(mock.close(), 2000, 'close() with a beating stream')
  await t.throwsAsync(async () => {
    for (;;) if ((await reader.read()).done) throw new Error('ended without an error')
  })
})

test('heartbeatMs is off by default and ignored when not positive', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/quiet', { sse: [sse.start(), sse.finish()], delayMs: 40 })
  mock.on('POST', '/zero', { sse: [sse.start(), sse.finish()], delayMs: 40, heartbeatMs: 0 })
  for (const path of ['/quiet', '/zero']) {
    const text = await (await fetch(`${mock.url}${path}`, { method: 'POST' })).text()
    t.is(text, sse.encode([sse.start(), sse.finish()]), path)
  }
})

test('any status with a Retry-After header, on JSON, body and SSE responses (retryAfter or headers)', async (t) => {
  const mock = await startMock(t)
  const date = new Date(Date.UTC(2030, 0, 2, 3, 4, 5))
  mock.on('GET', '/json402', { status: 402, json: { error: 'Quota', code: 'QUOTA_EXCEEDED' } })
  mock.on('GET', '/json429', { status: 429, json: { error: 'Slow down' }, retryAfter: 2 })
  mock.on('GET', '/body503', { status: 503, body: 'busy', retryAfter: '7' })
  mock.on('GET', '/date504', { status: 504, json: {}, retryAfter: date })
  mock.on('GET', '/header408', { status: 408, body: '', headers: { 'Retry-After': '3' }, retryAfter: 99 })
  mock.on('GET', '/sse502', { status: 502, sse: [], done: false, retryAfter: 1 })

  const res402 = await fetch(`${mock.url}/json402`)
  t.is(res402.status, 402)
  t.is(res402.headers.get('retry-after'), null)
  t.deepEqual(await res402.json(), { error: 'Quota', code: 'QUOTA_EXCEEDED' })

  const res429 = await fetch(`${mock.url}/json429`)
  t.is(res429.status, 429)
  t.is(res429.headers.get('retry-after'), '2')
  t.deepEqual(await res429.json(), { error: 'Slow down' })

  const res503 = await fetch(`${mock.url}/body503`)
  t.is(res503.status, 503)
  t.is(res503.headers.get('retry-after'), '7')
  t.is(await res503.text(), 'busy')

  const res504 = await fetch(`${mock.url}/date504`)
  t.is(res504.status, 504)
  t.is(res504.headers.get('retry-after'), 'Wed, 02 Jan 2030 03:04:05 GMT')

  const res408 = await fetch(`${mock.url}/header408`)
  t.is(res408.status, 408)
  t.is(res408.headers.get('retry-after'), '3', 'an explicit header wins')

  const res502 = await fetch(`${mock.url}/sse502`)
  t.is(res502.status, 502)
  t.is(res502.headers.get('retry-after'), '1')
  t.is(res502.headers.get('content-type'), 'text/event-stream')
  t.is(await res502.text(), '')
})

test('attempts are scripted one response per request: on() lists and session()/worker() rounds', async (t) => {
  const mock = await startMock(t)
  const route = mock.on(
    'POST',
    '/retry',
    { status: 503, json: { error: 'busy' }, retryAfter: 1 },
    { status: 429, json: { error: 'slow' }, retryAfter: 2 },
    { sse: [sse.start('e1'), sse.finish()] },
  )
  const seen = []
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${mock.url}/retry`, { method: 'POST', body: JSON.stringify({ attempt: i }) })
    seen.push([res.status, res.headers.get('retry-after'), await res.text()])
  }
  t.deepEqual(seen, [
    [503, '1', '{"error":"busy"}'],
    [429, '2', '{"error":"slow"}'],
    [200, null, sse.encode([sse.start('e1'), sse.finish()])],
  ])
  t.is(route.hits, 3)
  t.deepEqual(
    route.requests.map((r) => r.body.attempt),
    [0, 1, 2],
  )

  // rounds take responses the same way: a retried round is two consecutive entries
  const session = mock.session('s1', [{ status: 502, body: 'bad gateway', retryAfter: 0 }, [sse.start('e2'), sse.finish()]])
  const first = await fetch(`${mock.url}/api/agent-sessions/s1/trigger`, { method: 'POST', body: '{}' })
  t.is(first.status, 502)
  t.is(first.headers.get('retry-after'), '0')
  await first.text()
  const second = await fetch(`${mock.url}/api/agent-sessions/s1/trigger`, { method: 'POST', body: '{}' })
  t.deepEqual(sse.parse(await second.text()).events, [sse.start('e2'), sse.finish()])
  t.is(session.hits, 2)
})

test('fixtures.chatMessage / uiMessage / v4Session: v4 messages for sessionState and uiSession', (t) => {
  t.deepEqual(fixtures.chatMessage(), {
    id: 'message-1',
    role: 'assistant',
    parts: [{ type: 'text', visible: true, content: 'Hello' }],
    createdAt: '2025-01-01T00:00:00.000Z',
    content: 'Hello',
  })
  t.deepEqual(fixtures.chatMessage({ content: 'Hi', role: 'user' }).parts, [{ type: 'text', visible: true, content: 'Hi' }])
  t.deepEqual(fixtures.uiMessage({ id: 'x' }), {
    id: 'x',
    role: 'assistant',
    parts: [{ type: 'text', text: 'Hello', status: 'done' }],
    status: 'done',
    createdAt: '2025-01-01T00:00:00.000Z',
  })
  const a = fixtures.v4Session()
  const b = fixtures.v4Session()
  t.not(a.chat, b.chat, 'a fresh copy per call')
  t.deepEqual(a, b)
  const partTypes = (messages) => [...new Set(messages.flatMap((m) => m.parts.map((p) => p.type)))].sort()
  t.deepEqual(partTypes(a.chat), ['operation', 'step-start', 'text', 'todo', 'tool-call', 'worker'])
  t.deepEqual(partTypes(a.ui), ['operation', 'step-start', 'text', 'todo', 'tool-call', 'worker'])
  t.deepEqual(a.ui[0].sender, { id: 'user-1', name: 'Ada', image: 'https://example.com/ada.png' })
  const state = fixtures.sessionState({ messages: a.chat })
  t.is(state.messages, a.chat)
  t.is(fixtures.uiSession({ messages: a.ui }).messages, a.ui)

  // what the official 6.x parses them into is what they are (checked with safeParseUIMessages)
  const { safeParseUIMessages } = require('../index.js')
  const parsed = safeParseUIMessages(a.ui)
  t.true(parsed.success)
  t.deepEqual(
    parsed.data,
    a.ui.map((m) => ({ ...m, createdAt: new Date(m.createdAt) })),
  )
})
