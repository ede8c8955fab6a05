'use strict'
// The events 6.x added (docs/protocol.md §3.3): todo-update, worker-input-start/-delta/-ready,
// usage, and the new optional fields (start.sessionId, tool-input-start.display, worker-start.input,
// display 'title'). safeParseStreamEvent accepts them and, like the official (zod), returns the
// event with unknown keys removed at every level; executions yield them and toSSEStream relays
// them unchanged, unknown keys included. HTTP 402 on a streaming request is quota_exceeded_error.
// Expected values were taken from the official 6.4.0 and are written out here.

const test = require('ava')
const { safeParseStreamEvent, toSSEStream } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, mustSettle, trigger } = require('./fixtures/harness.js')

const TODOS = [
  { id: '1', content: 'Find sources', status: 'pending' },
  { id: '2', content: 'Read them', status: 'in_progress' },
  { id: '3', content: 'Summarise', status: 'completed' },
  { id: '4', content: 'Translate', status: 'cancelled' },
]
const COST = { currency: 'USD', bandwidthFee: 0.001, providerFee: 0.02, totalFee: 0.021, byok: false }
const TOKENS = { inputTokens: 1200, outputTokens: 300, totalTokens: 1500 }

/** Every added event and field, as the platform sends it. */
const ADDED = [
  { type: 'start', messageId: 'm1', executionId: 'exec-1', sessionId: 'sess-1' },
  { type: 'todo-update', todos: TODOS },
  { type: 'todo-update', todos: [], workerId: 'w1' },
  { type: 'tool-input-start', toolCallId: 'c1', toolName: 'search', title: 'Searching', display: 'title' },
  { type: 'block-start', blockId: 'b1', blockName: 'Answer', blockType: 'next-message', display: 'title' },
  { type: 'worker-input-start', workerId: 'w1', workerSlug: 'researcher', description: 'Research' },
  { type: 'worker-input-start', workerId: 'w2', workerSlug: 'writer' },
  { type: 'worker-input-delta', workerId: 'w1', delta: '{"topic":' },
  { type: 'worker-input-delta', workerId: 'w1', delta: '"tides"}' },
  { type: 'worker-input-ready', workerId: 'w1', input: { topic: 'tides' } },
  { type: 'worker-start', workerId: 'w1', workerSlug: 'researcher', description: 'Research', input: { topic: 'tides' } },
  { type: 'worker-result', workerId: 'w1', output: { summary: 's' } },
  { type: 'usage', cost: COST, tokens: TOKENS },
  { type: 'usage', cost: { ...COST, providerFee: 0, totalFee: 0.001, byok: true, estimatedProviderFee: 0.02 }, tokens: TOKENS },
]

// ---------------------------------------------------------------------------------------------
// safeParseStreamEvent

test('safeParseStreamEvent accepts every added event and field, returning it as it is', (t) => {
  for (const event of ADDED) {
    const r = safeParseStreamEvent(event)
    t.true(r.success, JSON.stringify(event))
    t.deepEqual(r.data, event)
    t.deepEqual(Object.keys(r.data), Object.keys(event), 'keys in the declared order')
  }
  for (const display of ['hidden', 'name', 'description', 'stream', 'title']) {
    t.true(safeParseStreamEvent({ type: 'tool-input-start', toolCallId: 'c', toolName: 'n', display }).success, display)
  }
})

test('safeParseStreamEvent rejects added events with a missing or ill-typed field', (t) => {
  const usage = { type: 'usage', cost: COST, tokens: TOKENS }
  const rejected = [
    { type: 'todo-update' },
    { type: 'todo-update', todos: [{ id: '1', content: 'a', status: 'done' }] },
    { type: 'todo-update', todos: [{ id: 1, content: 'a', status: 'pending' }] },
    { type: 'todo-update', todos: [{ id: '1', status: 'pending' }] },
    { type: 'todo-update', todos: [['1', 'a', 'pending']] },
    { type: 'todo-update', todos: [], workerId: 3 },
    { type: 'worker-input-start', workerId: 'w' },
    { type: 'worker-input-start', workerId: 'w', workerSlug: 's', description: 1 },
    { type: 'worker-input-delta', workerId: 'w' },
    { type: 'worker-input-delta', delta: 'x' },
    { type: 'worker-input-ready', workerId: 'w' },
    { type: 'worker-input-ready', workerId: 'w', input: ['x'] },
    { type: 'worker-input-ready', workerId: 'w', input: 'x' },
    { type: 'usage', cost: COST },
    { type: 'usage', tokens: TOKENS },
    { ...usage, cost: { ...COST, byok: 'no' } },
    { ...usage, cost: { ...COST, totalFee: '0.1' } },
    { ...usage, cost: { ...COST, currency: undefined } },
    { ...usage, cost: { ...COST, estimatedProviderFee: null } },
    { ...usage, tokens: { inputTokens: 1, outputTokens: 2 } },
    { ...usage, tokens: { ...TOKENS, totalTokens: '3' } },
    { type: 'start', sessionId: 7 },
    { type: 'tool-input-start', toolCallId: 'c', toolName: 'n', display: 'loud' },
    { type: 'worker-start', workerId: 'w', workerSlug: 's', input: [1] },
    { type: 'tool-request', toolCalls: [], workerId: 1 },
    // an array is never an event, even one that reads like one by position
    ['start'],
    ['text-delta', 't', 'd'],
  ]
  for (const event of rejected) {
    const r = safeParseStreamEvent(event)
    t.false(r.success, JSON.stringify(event))
    t.is(r.error.message, 'Invalid stream event')
  }
})

test('safeParseStreamEvent drops unknown keys at every level, as the official does', (t) => {
  const cases = [
    [
      { delta: 'd', id: 't', type: 'text-delta', extra: 1 },
      { type: 'text-delta', id: 't', delta: 'd' },
    ],
    [
      {
        type: 'error',
        message: 'm',
        errorType: 'rate_limit_error',
        retryable: true,
        source: 'provider',
        provider: { requestId: 'r', name: 'x', junk: 1 },
        tool: { name: 't', z: 1 },
        extra: true,
      },
      {
        type: 'error',
        errorType: 'rate_limit_error',
        message: 'm',
        retryable: true,
        source: 'provider',
        provider: { name: 'x', requestId: 'r' },
        tool: { name: 't' },
      },
    ],
    [
      // pending calls keep their args whole; providerMetadata and thoughtSignature are not in the schema
      {
        type: 'tool-request',
        toolCalls: [{ toolName: 'n', toolCallId: 'c', args: { b: 1, a: { x: 1 } }, providerMetadata: { g: {} }, thoughtSignature: 's', junk: 1 }],
        workerId: 'w',
        zz: 1,
      },
      { type: 'tool-request', toolCalls: [{ toolCallId: 'c', toolName: 'n', args: { b: 1, a: { x: 1 } } }], workerId: 'w' },
    ],
    [
      {
        type: 'client-tool-request',
        executionId: 'e',
        toolCalls: [],
        serverToolResults: [{ toolCallId: 'c', result: { x: 1 }, files: [{ url: 'u', id: 'i', mediaType: 'm', extra: 1 }], junk: 2 }],
      },
      {
        type: 'client-tool-request',
        executionId: 'e',
        toolCalls: [],
        serverToolResults: [{ toolCallId: 'c', result: { x: 1 }, files: [{ id: 'i', mediaType: 'm', url: 'u' }] }],
      },
    ],
    [
      {
        type: 'usage',
        tokens: { totalTokens: 3, inputTokens: 1, outputTokens: 2, x: 1 },
        cost: { currency: 'USD', bandwidthFee: 0.1, providerFee: 0, totalFee: 0.1, byok: true, estimatedProviderFee: 0.2, y: 1 },
        extra: 1,
      },
      {
        type: 'usage',
        cost: { currency: 'USD', bandwidthFee: 0.1, providerFee: 0, totalFee: 0.1, byok: true, estimatedProviderFee: 0.2 },
        tokens: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
      },
    ],
    [
      { type: 'todo-update', todos: [{ status: 'pending', id: '1', content: 'c', x: 1 }], workerId: 'w', e: 1 },
      { type: 'todo-update', todos: [{ id: '1', content: 'c', status: 'pending' }], workerId: 'w' },
    ],
    [
      // free-form values (input, output, value) are kept whole
      { type: 'worker-start', workerId: 'w', workerSlug: 's', input: { a: { deep: 1 } }, e: 1 },
      { type: 'worker-start', workerId: 'w', workerSlug: 's', input: { a: { deep: 1 } } },
    ],
    [
      { type: 'worker-result', workerId: 'w', output: { o: { k: 1 } }, cancelled: true },
      { type: 'worker-result', workerId: 'w', output: { o: { k: 1 } } },
    ],
    [
      { type: 'resource-update', name: 'n', value: { a: { b: 1 } }, x: 1 },
      { type: 'resource-update', name: 'n', value: { a: { b: 1 } } },
    ],
    [
      { type: 'source', sourceType: 'document', id: 's', mediaType: 'm', title: 't', url: 'not a document field' },
      { type: 'source', sourceType: 'document', id: 's', mediaType: 'm', title: 't' },
    ],
    [
      { type: 'start', sessionId: 's', zz: 1 },
      { type: 'start', sessionId: 's' },
    ],
  ]
  for (const [input, expected] of cases) {
    const r = safeParseStreamEvent(input)
    t.true(r.success, JSON.stringify(input))
    t.deepEqual(r.data, expected)
    t.is(JSON.stringify(r.data), JSON.stringify(expected), 'keys in the declared order at every level')
  }
  // an own __proto__ key of a record is not copied (it would set the prototype)
  const r = safeParseStreamEvent(JSON.parse('{"type":"worker-input-ready","workerId":"w","input":{"__proto__":{"polluted":true},"ok":1}}'))
  t.deepEqual(r.data, { type: 'worker-input-ready', workerId: 'w', input: { ok: 1 } })
  t.is(r.data.input.polluted, undefined)
})

// ---------------------------------------------------------------------------------------------
// Executions and the relay

/** A session round that carries every added event, each with an unknown key too. */
function addedRound() {
  const withExtra = ADDED.map((e, i) => (i % 2 === 0 ? { ...e, futureField: { i } } : e))
  return [...withExtra.slice(0, -2), sse.finish('stop', 'exec-1'), ...withExtra.slice(-2)]
}

test('an execution yields every added event unchanged, unknown keys included (usage after finish too)', async (t) => {
  const mock = await startMock(t)
  const round = addedRound()
  mock.session('s1', [round])
  const events = await mustSettle(collect(clientFor(mock).agentSessions.attach('s1').execute(trigger('go'))), 10000, 'execution')
  t.deepEqual(events, round)
})

test('toSSEStream relays every added event byte for byte (native relay of an unstarted execution)', async (t) => {
  const mock = await startMock(t)
  const round = addedRound()
  mock.session('s1', [round])
  const text = await mustSettle(new Response(toSSEStream(clientFor(mock).agentSessions.attach('s1').execute(trigger('go')))).text(), 10000, 'relay')
  const parsed = sse.parse(text)
  t.true(parsed.done)
  t.deepEqual(parsed.events, round)
  for (const event of round) t.true(text.includes(`data: ${JSON.stringify(event)}\n\n`), event.type)
})

test('toSSEStream over a plain iterable of added events writes them as given', async (t) => {
  async function* events() {
    yield* addedRound()
  }
  const text = await new Response(toSSEStream(events())).text()
  t.deepEqual(sse.parse(text), { events: addedRound(), done: true })
})

test('a worker execution yields worker-input events, worker-start with input, and usage after finish', async (t) => {
  const mock = await startMock(t)
  const round = [
    sse.start('exec-w'),
    ...sse.workerInput('w1', 'researcher', { topic: 'tides' }, { chunks: 3, description: 'Research' }),
    sse.workerStart('w1', 'researcher', 'Research', { topic: 'tides' }),
    sse.todoUpdate(['Find sources'], 'w1'),
    ...sse.text('t', 'tides are…', { workerId: 'w1' }),
    sse.workerResult('w1', { output: { summary: 'tides' } }),
    sse.finish('stop', 'exec-w'),
    sse.usage({ bandwidthFee: 0.001, providerFee: 0.004 }, { inputTokens: 10, outputTokens: 5 }),
  ]
  mock.worker('researcher', [round])
  const events = await mustSettle(collect(clientFor(mock).workers.execute('researcher', { topic: 'tides' })), 10000, 'worker')
  t.deepEqual(events, round)
  t.deepEqual(events.at(-1), {
    type: 'usage',
    cost: { currency: 'USD', bandwidthFee: 0.001, providerFee: 0.004, totalFee: 0.005, byok: false },
    tokens: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
  })
})

test('HTTP 402 on a trigger or a worker start: one terminal quota_exceeded_error event, with the body code', async (t) => {
  const mock = await startMock(t)
  const answer = { status: 402, json: { error: 'Monthly quota used up', code: 'QUOTA_EXCEEDED' } }
  mock.session('s1', [answer, [sse.start('never'), sse.finish()]])
  mock.worker('w', [answer, [sse.start('never'), sse.finish()]])
  const client = clientFor(mock)
  const expected = {
    type: 'error',
    errorType: 'quota_exceeded_error',
    message: 'Monthly quota used up',
    source: 'platform',
    retryable: false,
    code: 'QUOTA_EXCEEDED',
  }
  const sessionEvents = await mustSettle(collect(client.agentSessions.attach('s1').execute(trigger('go'))), 10000, 'trigger')
  t.deepEqual(sessionEvents, [expected])
  const workerEvents = await mustSettle(collect(client.workers.execute('w', {})), 10000, 'worker')
  t.deepEqual(workerEvents, [expected])
  // not retried: one request each
  t.is(mock.requestsTo('POST', '/api/agent-sessions/s1/trigger').length, 1)
  t.is(mock.requestsTo('POST', '/api/agents/w/execute').length, 1)
})
