'use strict'
// The 6.4 execution loop (docs/protocol.md §4.5) through the mock platform: retries of the
// streaming POSTs, the stream watchdog, rejectClientToolCalls, onToolResults, the tool-result
// size guard, sender, the wire-version header, heartbeats, and the answers that are not streams.

const test = require('ava')
const {
  OctavusClient,
  AgentSession,
  toSSEStream,
  enforceToolResultsSize,
  MAX_CONTINUATION_BODY_BYTES,
  CONTINUATION_BODY_RESERVE_BYTES,
} = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, mustSettle, sleep, waitFor, trigger, FINISH_STOP } = require('./fixtures/harness.js')

const ROUND = [sse.start('e1'), ...sse.text('t', 'hi'), sse.finish('stop')]

const toolRound = (calls) => [sse.start('e1'), sse.toolRequest(calls), sse.finish('tool-calls')]

/** A session config whose getHeaders counts its calls. */
function countingConfig(mock, extra = {}) {
  const config = {
    baseUrl: mock.url,
    calls: 0,
    getHeaders() {
      config.calls++
      return { 'Content-Type': 'application/json', Authorization: `Bearer key-${config.calls}` }
    },
    ...extra,
  }
  return config
}

// ---------------------------------------------------------------------------------------------
// Retries

test('a retryable status is retried after Retry-After, with headers asked again for each attempt', async (t) => {
  const mock = await startMock(t)
  mock.session('s-retry', [
    { status: 503, json: { error: 'Overloaded' }, headers: { 'Retry-After': '0' } },
    { status: 429, json: { error: 'Slow' }, headers: { 'Retry-After': '0' } },
    ROUND,
  ])
  const config = countingConfig(mock)
  const events = await mustSettle(collect(new AgentSession({ sessionId: 's-retry', config }).execute(trigger('go'))), 10000, 'the retried execution')
  t.deepEqual(events, ROUND)
  t.is(mock.requests.length, 3)
  t.deepEqual(
    mock.requests.map((r) => r.headers.authorization),
    ['Bearer key-1', 'Bearer key-2', 'Bearer key-3'],
  )
  t.true(mock.requests.every((r) => JSON.stringify(r.body) === JSON.stringify(mock.requests[0].body)))
})

test('maxRetries bounds the attempts; out of retries the status gives its error event', async (t) => {
  const mock = await startMock(t)
  const busy = { status: 502, json: { error: 'Upstream' }, headers: { 'Retry-After': '0' } }
  mock.session('s-out', [busy, busy, ROUND])
  const events = await collect(clientFor(mock, { maxRetries: 1 }).agentSessions.attach('s-out').execute(trigger('go')))
  t.deepEqual(events, [{ type: 'error', errorType: 'internal_error', message: 'Upstream', source: 'platform', retryable: true }])
  t.is(mock.requests.length, 2)
})

test('an abort during the backoff wait yields finish/stop at once and sends nothing more', async (t) => {
  const mock = await startMock(t)
  mock.session('s-wait', [{ status: 503, json: {}, headers: { 'Retry-After': '8' } }, ROUND])
  const controller = new AbortController()
  const run = collect(clientFor(mock).agentSessions.attach('s-wait').execute(trigger('go'), { signal: controller.signal }))
  t.true(await waitFor(() => mock.requests.length === 1))
  await sleep(50)
  const t0 = Date.now()
  controller.abort()
  t.deepEqual(await mustSettle(run, 3000, 'the aborted wait'), [FINISH_STOP])
  t.true(Date.now() - t0 < 2000)
  t.is(mock.requests.length, 1)
})

test('a response head slower than streamIdleTimeoutMs is retried, then the execution ends silently', async (t) => {
  const mock = await startMock(t)
  mock.session('s-head', [{ hang: true }, { hang: true }])
  const client = clientFor(mock, { streamIdleTimeoutMs: 150, maxRetries: 1 })
  const events = await mustSettle(collect(client.agentSessions.attach('s-head').execute(trigger('go'))), 10000, 'the execution')
  t.deepEqual(events, [])
  t.is(mock.requests.length, 2)
})

// ---------------------------------------------------------------------------------------------
// The stream watchdog

test('streamIdleTimeoutMs ends a silent stream without a terminal event; 0 disables it', async (t) => {
  const mock = await startMock(t)
  const slow = { sse: ROUND, delayMs: 250 }
  mock.session('s-idle', [slow])
  mock.session('s-idle-off', [slow])
  const cut = await collect(clientFor(mock, { streamIdleTimeoutMs: 100 }).agentSessions.attach('s-idle').execute(trigger('go')))
  t.deepEqual(cut, [ROUND[0]])
  const whole = await collect(clientFor(mock, { streamIdleTimeoutMs: 0 }).agentSessions.attach('s-idle-off').execute(trigger('go')))
  t.deepEqual(whole, ROUND)
})

test('idleTimeoutMs, this package’s earlier name, still sets the stream watchdog', async (t) => {
  const mock = await startMock(t)
  mock.session('s-alias', [{ sse: ROUND, delayMs: 250 }])
  const cut = await collect(clientFor(mock, { idleTimeoutMs: 100 }).agentSessions.attach('s-alias').execute(trigger('go')))
  t.deepEqual(cut, [ROUND[0]])
})

// ---------------------------------------------------------------------------------------------
// Tool hooks

test('rejectClientToolCalls answers calls without a handler with an error result and continues', async (t) => {
  const mock = await startMock(t)
  mock.session('s-reject', [toolRound([{ toolCallId: 'k1', toolName: 'askUser', args: {} }]), ROUND])
  const session = clientFor(mock).agentSessions.attach('s-reject', { rejectClientToolCalls: true })
  const events = await collect(session.execute(trigger('go')))
  const error = 'Tool "askUser" is not available. No handler is registered for this tool.'
  t.deepEqual(events, [sse.start('e1'), { type: 'tool-output-error', toolCallId: 'k1', error }, ...ROUND])
  t.deepEqual(mock.requests[1].body.toolResults, [{ toolCallId: 'k1', toolName: 'askUser', error }])
})

test('onToolResults sees the round’s results and may change them before their events and the continuation', async (t) => {
  const mock = await startMock(t)
  mock.session('s-hook', [toolRound([{ toolCallId: 'c1', toolName: 'lookup', args: {} }]), ROUND])
  const seen = []
  const session = clientFor(mock).agentSessions.attach('s-hook', {
    tools: { lookup: async () => ({ secret: 's', rows: [1, 2] }) },
    onToolResults: async (results) => {
      seen.push(structuredClone(results))
      await sleep(10)
      delete results[0].result.secret
    },
  })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(seen, [[{ toolCallId: 'c1', toolName: 'lookup', result: { secret: 's', rows: [1, 2] } }]])
  t.deepEqual(events[1], { type: 'tool-output-available', toolCallId: 'c1', output: { rows: [1, 2] } })
  t.deepEqual(mock.requests[1].body.toolResults, [{ toolCallId: 'c1', toolName: 'lookup', result: { rows: [1, 2] } }])
})

test('an onToolResults that throws fails the execution with its own error, before any output', async (t) => {
  const mock = await startMock(t)
  mock.session('s-hook-err', [toolRound([{ toolCallId: 'c1', toolName: 'lookup', args: {} }]), ROUND])
  const failure = new Error('hook says no')
  const session = clientFor(mock).agentSessions.attach('s-hook-err', {
    tools: { lookup: () => 1 },
    onToolResults: async () => {
      throw failure
    },
  })
  const events = []
  const err = await t.throwsAsync(async () => {
    for await (const e of session.execute(trigger('go'))) events.push(e)
  })
  t.is(err, failure)
  t.deepEqual(events, [sse.start('e1')])
  t.is(mock.requests.length, 1)
})

// ---------------------------------------------------------------------------------------------
// The size guard

test('a huge tool result is cut in the continuation (onToolResultTruncated told) but not in the event', async (t) => {
  const mock = await startMock(t, { maxBodyBytes: 64 * 1024 * 1024 })
  mock.session('s-big', [toolRound([{ toolCallId: 'c1', toolName: 'dump', args: {} }]), ROUND])
  const big = 'x'.repeat(5 * 1024 * 1024)
  const truncations = []
  const session = clientFor(mock).agentSessions.attach('s-big', {
    tools: { dump: () => big },
    onToolResultTruncated: (tr) => truncations.push(tr),
  })
  const events = await collect(session.execute(trigger('go')))
  t.is(events[1].output.length, big.length, 'the consumer gets the full output')
  t.deepEqual(truncations, [
    { toolCallId: 'c1', toolName: 'dump', originalBytes: big.length, keptBytes: truncations[0].keptBytes, variableCapture: false },
  ])
  const sent = mock.requests[1].body.toolResults[0].result
  t.is(Buffer.byteLength(sent), truncations[0].keptBytes)
  t.true(sent.startsWith("[Octavus: the tool's result (5.0 MB) was too large to send"))
  t.true(sent.includes(big.slice(0, 9000)))
})

test('results that cannot be cut enough give a 413 error event and no continuation', async (t) => {
  const mock = await startMock(t)
  const calls = Array.from({ length: 10 }, (_, i) => ({ toolCallId: `c${i}`, toolName: 'mid', args: {} }))
  mock.session('s-413', [toolRound(calls), ROUND])
  const session = clientFor(mock, { maxContinuationBytes: 100000 }).agentSessions.attach('s-413', { tools: { mid: () => 'm'.repeat(12000) } })
  const events = await collect(session.execute(trigger('go')))
  const last = events.at(-1)
  t.like(last, { type: 'error', errorType: 'unknown_error', source: 'platform', retryable: false })
  t.regex(last.message, /^Failed to trigger: the tool results are too large to send \(the limit is 98 KB\)/)
  t.is(events.filter((e) => e.type === 'tool-output-available').length, 10)
  t.is(mock.requests.length, 1)
})

test('enforceToolResultsSize works on copies and returns the same array when nothing had to change', (t) => {
  t.is(MAX_CONTINUATION_BODY_BYTES, 4194304)
  t.is(CONTINUATION_BODY_RESERVE_BYTES, 262144)
  const small = [{ toolCallId: 'a', toolName: 't', result: { ok: true } }]
  const same = enforceToolResultsSize(small, 1000)
  t.is(same.results, small)
  t.deepEqual(same, { results: small, truncations: [], overflow: false })
  const big = [{ toolCallId: 'b', toolName: 't', result: 'y'.repeat(40000), outputVariable: 'rows' }]
  const cut = enforceToolResultsSize(big, 10000)
  t.is(big[0].result.length, 40000, 'the caller’s objects are untouched')
  t.false('result' in cut.results[0])
  t.regex(cut.results[0].error, /variable "rows"/)
  t.deepEqual(cut.truncations, [
    { toolCallId: 'b', toolName: 't', originalBytes: 40000, keptBytes: Buffer.byteLength(cut.results[0].error), variableCapture: true },
  ])
  t.false(cut.overflow)
  t.deepEqual(enforceToolResultsSize([], 10), { results: [], truncations: [], overflow: false })
})

// ---------------------------------------------------------------------------------------------
// Bodies, headers, answers

test('sender goes into the trigger body; every request sends X-Octavus-Sdk-Version: 4', async (t) => {
  const mock = await startMock(t)
  mock.session('s-sender', [ROUND])
  mock.rest.agents()
  const client = clientFor(mock)
  await collect(client.agentSessions.attach('s-sender').execute({ ...trigger('m', { text: 'hi' }), sender: { id: 'u1', name: 'Ada' } }))
  await client.agents.list()
  t.deepEqual(mock.requests[0].body, { triggerName: 'm', input: { text: 'hi' }, sender: { id: 'u1', name: 'Ada' } })
  t.deepEqual(
    mock.requests.map((r) => r.headers['x-octavus-sdk-version']),
    ['4', '4'],
  )
})

test('a 204 answer gives "Response body is not readable"; a JSON answer gives an error naming its content type', async (t) => {
  const mock = await startMock(t)
  mock.session('s-204', [{ status: 204, body: '' }])
  mock.session('s-json', [{ json: { not: 'a stream' } }])
  const client = clientFor(mock)
  t.deepEqual(await collect(client.agentSessions.attach('s-204').execute(trigger('go'))), [
    { type: 'error', errorType: 'internal_error', message: 'Response body is not readable', source: 'platform', retryable: false },
  ])
  const [event] = await collect(client.agentSessions.attach('s-json').execute(trigger('go')))
  t.like(event, { type: 'error', errorType: 'internal_error' })
  t.regex(event.message, /application\/json/)
  t.regex(event.message, /s-json\/trigger/)
})

test('worker HTTP errors say "Failed to execute worker" and "Failed to continue worker"', async (t) => {
  const mock = await startMock(t)
  mock.worker('w1', [
    { status: 400, body: 'nope' },
    { status: 400, body: 'nope' },
  ])
  const workers = clientFor(mock).workers
  const [started] = await collect(workers.execute('w1', {}))
  t.is(started.message, 'Failed to execute worker: Bad Request')
  const [continued] = await collect(workers.continue('w1', 'e1', []))
  t.is(continued.message, 'Failed to continue worker: Bad Request')
})

// ---------------------------------------------------------------------------------------------
// toSSEStream

test('toSSEStream writes a heartbeat comment while a stream is quiet, on the relay and the JS path', async (t) => {
  const mock = await startMock(t)
  const slow = { sse: ROUND, delayMs: 120 }
  mock.session('s-hb', [slow, slow])
  const session = clientFor(mock).agentSessions.attach('s-hb')
  const relayed = await new Response(toSSEStream(session.execute(trigger('go')), { heartbeatMs: 30 })).text()
  const gen = session.execute(trigger('go'))
  const first = await gen.next()
  const framed = await new Response(toSSEStream(gen, { heartbeatMs: 30 })).text()
  for (const text of [relayed, framed]) {
    t.true(text.includes(': heartbeat\n\n'), text)
    const parsed = sse.parse(text)
    t.true(parsed.done)
  }
  t.deepEqual(sse.parse(relayed).events, ROUND)
  t.deepEqual([first.value, ...sse.parse(framed).events], ROUND)
})

test('toSSEStream accepts any iterable of events, sync or async', async (t) => {
  const fromArray = await new Response(toSSEStream(ROUND, { heartbeatMs: 0 })).text()
  t.deepEqual(sse.parse(fromArray).events, ROUND)
  function* sync() {
    yield* ROUND
  }
  const fromGenerator = await new Response(toSSEStream(sync())).text()
  t.deepEqual(sse.parse(fromGenerator), sse.parse(fromArray))
  t.true(fromArray.endsWith('data: [DONE]\n\n'))
})

test('OctavusClient forwards maxRetries and streamIdleTimeoutMs (6.4 options)', async (t) => {
  const mock = await startMock(t)
  const busy = { status: 503, json: { error: 'busy' }, headers: { 'Retry-After': '0' } }
  mock.session('s-opts', [busy, ROUND])
  mock.session('s-default', [busy, busy, ROUND])
  const client = new OctavusClient({ baseUrl: mock.url, apiKey: 'k', maxRetries: 0 })
  const [event] = await collect(client.agentSessions.attach('s-opts').execute(trigger('go')))
  t.is(event.errorType, 'provider_overloaded')
  t.is(mock.requestsTo('POST', '/api/agent-sessions/s-opts/trigger').length, 1)
  // By default: two retries (three attempts).
  const byDefault = await collect(new OctavusClient({ baseUrl: mock.url, apiKey: 'k' }).agentSessions.attach('s-default').execute(trigger('go')))
  t.deepEqual(byDefault, ROUND)
  t.is(mock.requestsTo('POST', '/api/agent-sessions/s-default/trigger').length, 3)
})
