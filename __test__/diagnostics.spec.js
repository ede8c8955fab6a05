'use strict'
// The diagnostics channels (docs/observability.md) against the mock platform: REST calls,
// executions with their rounds, request attempts and tool calls, errors with their codes, no
// payloads unless `octavus:tool:payload` has a subscriber, and no native observation at all
// while nobody subscribes. Serial: subscribers are process-wide.

const test = require('ava')
const dc = require('node:diagnostics_channel')
const path = require('node:path')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, sleep, trigger } = require('./fixtures/harness.js')
const { runBounded } = require('./fixtures/child.js')
const sdk = require('../index.js')
const native = require('../lib/native.js')

const { diagnosticsChannels } = sdk
const MAIN = Object.keys(diagnosticsChannels).filter((k) => k !== 'toolPayload')

/** Subscribes to `keys` (all but the payload channel by default) until the test ends. */
function record(t, keys = MAIN) {
  const seen = []
  for (const key of keys) {
    const name = diagnosticsChannels[key]
    const fn = (message) => seen.push({ name: name.slice('octavus:'.length), ...message })
    dc.subscribe(name, fn)
    t.teardown(() => dc.unsubscribe(name, fn))
  }
  return seen
}

const names = (seen) => seen.map((m) => m.name)
const isDuration = (n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n < 10000

test.serial('the channel names are exported from both entries, under one prefix', async (t) => {
  const esm = await import('../index.mjs')
  t.is(esm.diagnosticsChannels, diagnosticsChannels)
  t.true(Object.isFrozen(diagnosticsChannels))
  t.deepEqual(Object.values(diagnosticsChannels), [
    'octavus:request:start',
    'octavus:request:finish',
    'octavus:request:error',
    'octavus:execution:start',
    'octavus:execution:round',
    'octavus:execution:finish',
    'octavus:tool:start',
    'octavus:tool:finish',
    'octavus:tool:error',
    'octavus:tool:payload',
  ])
})

test.serial('REST calls: start and finish with method, encoded path, status, attempt 1 and a duration', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([{ id: 'a1' }])
  mock.rest.agent({ id: 'a/1' })
  mock.rest.getSession('s 1')
  const seen = record(t)
  const client = clientFor(mock)
  await client.agents.list()
  await client.agents.get('a/1')
  await client.agentSessions.getMessages('s 1')
  t.deepEqual(names(seen), ['request:start', 'request:finish', 'request:start', 'request:finish', 'request:start', 'request:finish'])
  t.deepEqual(
    seen.map(({ name, method, path, attempt, status }) => ({ name, method, path, attempt, status })),
    [
      { name: 'request:start', method: 'GET', path: '/api/agents', attempt: 1, status: undefined },
      { name: 'request:finish', method: 'GET', path: '/api/agents', attempt: 1, status: 200 },
      { name: 'request:start', method: 'GET', path: '/api/agents/a%2F1', attempt: 1, status: undefined },
      { name: 'request:finish', method: 'GET', path: '/api/agents/a%2F1', attempt: 1, status: 200 },
      { name: 'request:start', method: 'GET', path: '/api/agent-sessions/s%201?format=ui', attempt: 1, status: undefined },
      { name: 'request:finish', method: 'GET', path: '/api/agent-sessions/s%201?format=ui', attempt: 1, status: 200 },
    ],
  )
  t.deepEqual(
    mock.requests.map((r) => r.rawUrl),
    seen.filter((m) => m.name === 'request:start').map((m) => m.path),
    'the paths are the ones sent',
  )
  for (let i = 0; i < seen.length; i += 2) {
    t.is(seen[i].requestSeq, seen[i + 1].requestSeq)
    t.true(isDuration(seen[i + 1].durationMs))
    t.is(seen[i].executionSeq, undefined)
  }
  t.true(seen[2].requestSeq > seen[0].requestSeq)
})

test.serial('REST errors carry kind, code, status and message; the call still throws what it threw before', async (t) => {
  const mock = await startMock(t)
  mock.on('GET', '/api/agents/gone', { status: 404, json: { error: 'Agent not found', code: 'NOT_FOUND' } })
  mock.on('GET', '/api/custom', { status: 500, json: { message: 'broken' } })
  const seen = record(t)
  const client = clientFor(mock)
  const notFound = await t.throwsAsync(client.agents.get('gone'))
  t.true(notFound instanceof sdk.ApiError)
  t.like(seen[1], {
    name: 'request:error',
    method: 'GET',
    path: '/api/agents/gone',
    attempt: 1,
    status: 404,
    kind: 'api',
    code: 'NOT_FOUND',
    message: 'Agent not found',
    retry: false,
  })
  t.true(isDuration(seen[1].durationMs))

  class Custom extends sdk.AgentsApi {
    fetch() {
      return this.httpGet('/api/custom')
    }
  }
  await t.throwsAsync(new Custom(client.agents.config).fetch())
  t.like(seen[3], { name: 'request:error', method: 'GET', path: '/api/custom', status: 500, kind: 'api', message: 'broken' })

  const closed = await startMock(t)
  const url = closed.url
  await closed.close()
  const offline = new sdk.OctavusClient({ baseUrl: url, apiKey: 'test-key' })
  const err = await t.throwsAsync(offline.agents.list())
  t.is(err.code, 'OCTAVUS_NETWORK')
  t.like(seen[5], { name: 'request:error', path: '/api/agents', kind: 'network', code: 'OCTAVUS_NETWORK', status: undefined, message: err.message })
})

/** A session with one tool round (`lookup`, ~30 ms) then a text reply. */
function toolSession(mock, id, { args = { q: 'x' }, first } = {}) {
  const rounds = [
    [sse.start('exec-1'), sse.toolRequest([{ toolCallId: 'call-1', toolName: 'lookup', args }]), sse.finish('tool-calls')],
    [...sse.text('t1', 'done'), sse.finish('stop')],
  ]
  mock.session(id, first ? [first, ...rounds] : rounds)
}

const lookupTools = (result = { hits: 1 }) => ({
  lookup: async () => {
    await sleep(30)
    return result
  },
})

test.serial('a tool round: execution, round, request and tool events in order, with plausible durations', async (t) => {
  const mock = await startMock(t)
  toolSession(mock, 's-tools')
  const seen = record(t)
  const session = clientFor(mock).agentSessions.attach('s-tools', { tools: lookupTools() })
  const events = await collect(session.execute(trigger('user-message', { text: 'hi' })))
  t.is(events.at(-1).type, 'finish')
  t.deepEqual(names(seen), [
    'execution:start',
    'execution:round',
    'request:start',
    'request:finish',
    'tool:start',
    'tool:finish',
    'execution:round',
    'request:start',
    'request:finish',
    'execution:finish',
  ])
  const [start, round1, req1, res1, toolStart, toolFinish, round2, req2, res2, finish] = seen
  const ids = { executionSeq: start.executionSeq, target: 'session', sessionId: 's-tools', agentId: undefined }
  t.deepEqual(start, { name: 'execution:start', ...ids, operation: 'trigger', triggerName: 'user-message' })
  t.deepEqual(round1, { name: 'execution:round', ...ids, round: 1 })
  t.deepEqual(round2, { name: 'execution:round', ...ids, round: 2 })
  const trig = '/api/agent-sessions/s-tools/trigger'
  t.deepEqual(req1, {
    name: 'request:start',
    requestSeq: req1.requestSeq,
    method: 'POST',
    path: trig,
    attempt: 1,
    executionSeq: start.executionSeq,
    round: 1,
  })
  t.like(res1, { name: 'request:finish', requestSeq: req1.requestSeq, method: 'POST', path: trig, attempt: 1, round: 1, status: 200 })
  t.like(req2, { round: 2, attempt: 1, path: trig })
  t.like(res2, { requestSeq: req2.requestSeq, round: 2, status: 200 })
  t.deepEqual(toolStart, { name: 'tool:start', ...ids, round: 1, toolName: 'lookup', toolCallId: 'call-1' })
  t.like(toolFinish, { name: 'tool:finish', round: 1, toolName: 'lookup', toolCallId: 'call-1', outcome: 'result' })
  t.like(finish, { name: 'execution:finish', ...ids, outcome: 'completed', rounds: 2 })
  for (const m of [res1, res2, toolFinish, finish]) t.true(isDuration(m.durationMs), `${m.name} ${m.durationMs}`)
  t.true(toolFinish.durationMs >= 25, `the tool slept 30 ms: ${toolFinish.durationMs}`)
  t.true(finish.durationMs >= toolFinish.durationMs + res1.durationMs, 'the execution spans its parts')
})

test.serial('a retried POST shows attempts 1 and 2 of the same round', async (t) => {
  const mock = await startMock(t)
  toolSession(mock, 's-retry', { first: { status: 503, json: {}, headers: { 'Retry-After': '0' } } })
  const seen = record(t, ['requestStart', 'requestFinish', 'requestError'])
  const session = clientFor(mock).agentSessions.attach('s-retry', { tools: lookupTools() })
  await collect(session.execute(trigger('user-message')))
  t.deepEqual(
    seen.map(({ name, attempt, round, status, retry, kind }) => ({ name, attempt, round, status, retry, kind })),
    [
      { name: 'request:start', attempt: 1, round: 1, status: undefined, retry: undefined, kind: undefined },
      { name: 'request:error', attempt: 1, round: 1, status: 503, retry: true, kind: 'api' },
      { name: 'request:start', attempt: 2, round: 1, status: undefined, retry: undefined, kind: undefined },
      { name: 'request:finish', attempt: 2, round: 1, status: 200, retry: undefined, kind: undefined },
      { name: 'request:start', attempt: 1, round: 2, status: undefined, retry: undefined, kind: undefined },
      { name: 'request:finish', attempt: 1, round: 2, status: 200, retry: undefined, kind: undefined },
    ],
  )
  t.is(seen[1].message, 'Service Unavailable')
  t.not(seen[0].requestSeq, seen[2].requestSeq, 'each attempt is its own request')
})

test.serial('execution errors carry their code: an error answer, an unreachable platform', async (t) => {
  const mock = await startMock(t)
  mock.session('s-404', [{ status: 404, json: { error: { code: 'NOT_FOUND', message: 'Session not found' } } }])
  const seen = record(t)
  const events = await collect(clientFor(mock).agentSessions.attach('s-404').execute(trigger('user-message')))
  t.is(events[0].type, 'error')
  t.like(
    seen.find((m) => m.name === 'request:error'),
    { status: 404, kind: 'api', code: 'NOT_FOUND', message: 'Session not found', retry: false },
  )
  t.like(seen.at(-1), { name: 'execution:finish', outcome: 'completed', rounds: 1 })

  seen.length = 0
  const closed = await startMock(t)
  const url = closed.url
  await closed.close()
  const offline = new sdk.OctavusClient({ baseUrl: url, apiKey: 'test-key', maxRetries: 0 })
  const err = await t.throwsAsync(collect(offline.workers.execute('agent 7', { a: 1 })))
  t.is(err.code, 'OCTAVUS_NETWORK')
  t.deepEqual(names(seen), ['execution:start', 'execution:round', 'request:start', 'request:error', 'execution:finish'])
  t.like(seen[0], { target: 'worker', agentId: 'agent 7', sessionId: undefined, operation: 'execute' })
  t.like(seen[3], { path: '/api/agents/agent%207/execute', kind: 'network', code: 'OCTAVUS_NETWORK', retry: false })
  t.like(seen[4], { outcome: 'failed', kind: 'network', code: 'OCTAVUS_NETWORK', message: err.message, rounds: 1 })
})

test.serial('through toSSEStream a failure is written into the stream and reported as failed', async (t) => {
  const closed = await startMock(t)
  const url = closed.url
  await closed.close()
  const seen = record(t, ['executionFinish'])
  const offline = new sdk.OctavusClient({ baseUrl: url, apiKey: 'test-key', maxRetries: 0 })
  const text = await new Response(sdk.toSSEStream(offline.agentSessions.attach('s-x').execute(trigger('m')))).text()
  t.true(text.includes('"errorType":"internal_error"'), text)
  t.like(seen[0], { outcome: 'failed', kind: 'network', code: 'OCTAVUS_NETWORK', sessionId: 's-x', rounds: 1 })
})

test.serial('an id that cannot be a path segment ends its REST call with invalid-argument before the network', async (t) => {
  const mock = await startMock(t)
  const seen = record(t)
  const err = await t.throwsAsync(clientFor(mock).agents.get('..'))
  t.is(err.code, 'OCTAVUS_INVALID_ARGUMENT')
  t.deepEqual(names(seen), ['request:start', 'request:error'])
  t.like(seen[1], { path: '/api/agents/..', kind: 'invalid-argument', code: 'OCTAVUS_INVALID_ARGUMENT', status: undefined })
  t.is(mock.requests.length, 0)
})

test.serial('a failing tool is a tool:error with its message and code', async (t) => {
  const mock = await startMock(t)
  toolSession(mock, 's-fail')
  const seen = record(t, ['toolStart', 'toolFinish', 'toolError'])
  const tools = {
    lookup: async () => {
      throw Object.assign(new Error('lookup is down'), { code: 'E_DOWN' })
    },
  }
  await collect(clientFor(mock).agentSessions.attach('s-fail', { tools }).execute(trigger('user-message')))
  t.deepEqual(names(seen), ['tool:start', 'tool:error'])
  t.like(seen[1], { toolName: 'lookup', toolCallId: 'call-1', outcome: 'error', code: 'E_DOWN', message: 'lookup is down' })
  t.true(isDuration(seen[1].durationMs))
})

test.serial('no payloads by default, and never the API key or a header', async (t) => {
  const mock = await startMock(t, { apiKey: 'KEY-SECRET' })
  toolSession(mock, 's-private', { args: { q: 'ARG-SECRET' } })
  mock.rest.createSession('s-created')
  const seen = record(t)
  const client = clientFor(mock, { apiKey: 'KEY-SECRET' })
  await client.agentSessions.create('agent-1', { note: 'INPUT-SECRET' })
  const session = client.agentSessions.attach('s-private', { tools: lookupTools({ found: 'RESULT-SECRET' }) })
  const events = await collect(session.execute(trigger('user-message', { text: 'INPUT-SECRET' })))
  t.true(JSON.stringify(events).includes('RESULT-SECRET'), 'sanity: the result went through')
  t.true(seen.length >= 12)
  const text = JSON.stringify(seen)
  for (const secret of ['KEY-SECRET', 'Bearer', 'ARG-SECRET', 'RESULT-SECRET', 'INPUT-SECRET', 'authorization']) {
    t.false(text.toLowerCase().includes(secret.toLowerCase()), secret)
  }
  for (const m of seen) t.false('argsJson' in m || 'resultJson' in m || 'headers' in m, m.name)
})

test.serial('payloads only on octavus:tool:payload, to its subscribers', async (t) => {
  const mock = await startMock(t, { apiKey: 'KEY-SECRET' })
  toolSession(mock, 's-payload', { args: { q: 'ARG-SECRET' } })
  const seen = record(t)
  const payloads = record(t, ['toolPayload'])
  const session = clientFor(mock, { apiKey: 'KEY-SECRET' }).agentSessions.attach('s-payload', { tools: lookupTools({ found: 'RESULT-SECRET' }) })
  await collect(session.execute(trigger('user-message')))
  t.is(payloads.length, 1)
  const [p] = payloads
  t.like(p, { name: 'tool:payload', round: 1, toolName: 'lookup', toolCallId: 'call-1', error: undefined })
  t.deepEqual(JSON.parse(p.argsJson), { q: 'ARG-SECRET' })
  t.deepEqual(JSON.parse(p.resultJson), { found: 'RESULT-SECRET' })
  t.is(p.executionSeq, seen[0].executionSeq)
  t.false(JSON.stringify(seen).includes('SECRET'), 'the other channels stay without payloads')
  t.false(JSON.stringify(payloads).includes('KEY-SECRET'))
})

test.serial('outcomes: aborted, closed by the consumer, and the relay of toSSEStream', async (t) => {
  const mock = await startMock(t)
  const slow = { delayMs: 50, sse: [sse.start('e'), ...sse.text('t', 'abcdefghij', { chunks: 10 }), sse.finish('stop')] }
  mock.session('s-abort', [slow])
  mock.session('s-break', [slow])
  toolSession(mock, 's-relay')
  const seen = record(t, ['executionStart', 'executionFinish', 'requestError'])
  const client = clientFor(mock)

  const controller = new AbortController()
  for await (const event of client.agentSessions.attach('s-abort').execute(trigger('m'), { signal: controller.signal })) {
    if (event.type === 'text-delta') controller.abort()
  }
  t.like(seen.at(-1), { name: 'execution:finish', sessionId: 's-abort', outcome: 'aborted', rounds: 1 })

  for await (const event of client.agentSessions.attach('s-break').execute(trigger('m'))) {
    if (event.type === 'text-delta') break
  }
  t.like(seen.at(-1), { name: 'execution:finish', sessionId: 's-break', outcome: 'closed', rounds: 1 })

  const stream = sdk.toSSEStream(client.agentSessions.attach('s-relay', { tools: lookupTools() }).execute(trigger('m')))
  const text = await new Response(stream).text()
  t.true(text.endsWith('data: [DONE]\n\n'))
  t.like(seen.at(-2), { name: 'execution:start', sessionId: 's-relay' })
  t.like(seen.at(-1), { name: 'execution:finish', sessionId: 's-relay', outcome: 'completed', rounds: 2 })
  t.false(names(seen).includes('request:error'), 'no attempt was cut short')
})

test.serial('an abort while the request waits for its answer ends that attempt as cancelled, once', async (t) => {
  const mock = await startMock(t)
  mock.session('s-hang', [{ hang: true }])
  const seen = record(t)
  const controller = new AbortController()
  const gen = clientFor(mock).agentSessions.attach('s-hang').execute(trigger('m'), { signal: controller.signal })
  const first = gen.next()
  while (mock.requests.length === 0) await sleep(5)
  controller.abort()
  t.deepEqual((await first).value, { type: 'finish', finishReason: 'stop' })
  await collect({ [Symbol.asyncIterator]: () => gen })
  await sleep(50)
  t.deepEqual(names(seen), ['execution:start', 'execution:round', 'request:start', 'request:error', 'execution:finish'])
  t.like(seen[3], { kind: 'cancelled', code: 'OCTAVUS_CANCELLED', attempt: 1, requestSeq: seen[2].requestSeq })
  t.like(seen[4], { outcome: 'aborted' })
})

test.serial('a deferred start names its agent, then the session it created', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/api/agent-sessions/start', {
    sse: [sse.start('e1', { sessionId: 'created-1' }), sse.finish('stop')],
    headers: { 'x-octavus-session-id': 'created-1' },
  })
  const seen = record(t, ['executionStart', 'executionFinish'])
  await collect(clientFor(mock).agentSessions.start({ agentId: 'agent-9' }).execute(trigger('m')))
  t.like(seen[0], { operation: 'start', agentId: 'agent-9', sessionId: undefined })
  t.like(seen[1], { outcome: 'completed', agentId: 'agent-9', sessionId: 'created-1' })
})

test.serial('with no subscriber the native side is not asked to observe, and nothing is published', async (t) => {
  const mock = await startMock(t)
  toolSession(mock, 's-quiet')
  toolSession(mock, 's-loud')
  const made = []
  const Original = native.NativeExecution
  native.NativeExecution = class extends Original {
    constructor(...args) {
      super(...args)
      const [, request] = args
      made.push({ observe: request.observe })
    }
  }
  t.teardown(() => {
    native.NativeExecution = Original
  })
  for (const name of Object.values(diagnosticsChannels)) t.false(dc.hasSubscribers(name), name)
  const tools = lookupTools()
  await collect(clientFor(mock).agentSessions.attach('s-quiet', { tools }).execute(trigger('m')))
  t.deepEqual(made, [{ observe: false }])

  const seen = record(t, ['toolFinish'])
  await collect(clientFor(mock).agentSessions.attach('s-loud', { tools }).execute(trigger('m')))
  t.deepEqual(made[1], { observe: true })
  t.is(seen.length, 1)
})

test.serial('examples/trace.js logs a trace of one execution against the mock platform', async (t) => {
  const root = path.resolve(__dirname, '..')
  const run = await runBounded(process.execPath, [path.join(root, 'examples', 'trace.js')], { cwd: root, timeoutMs: 60000, t })
  t.is(run.code, 0, run.stderr)
  const out = run.stdout
  for (const expected of [
    '→ POST /api/agent-sessions',
    '← 200 POST /api/agent-sessions in',
    'execution #1: trigger on session session-trace',
    'execution #1: round 1',
    '✗ 503 ',
    ', will retry',
    '(round 1, attempt 2)',
    'tool lookup-order (call-1)',
    'tool lookup-order: result in',
    'execution #1: round 2',
    'execution #1: completed, 2 rounds in',
  ]) {
    t.true(out.includes(expected), `${expected}\n---\n${out}`)
  }
  t.false(out.includes('trace-key'))
})
