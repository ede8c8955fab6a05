'use strict'
// client.workers (WorkersApi) against the mock platform: the worker execute loop
// (start → continue rounds), client-tool pauses and workers.continue(), generate() and
// WorkerError, cancellation, HTTP errors as events, and percent-encoded agent ids.
// Contract: docs/protocol.md §5 (plus §3/§4/§7 for the shared loop) and docs/02-server-sdk_06-workers.md.

const test = require('ava')
const { OctavusClient, WorkersApi, WorkerError, toSSEStream } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const harness = require('./fixtures/harness.js')
const { startMock, collect, MISSING_EXECUTION_ID_ERROR } = harness

const AGENT = 'worker-agent-1'
const EXECUTE_PATH = `/api/agents/${AGENT}/execute`
const NO_RESULT = 'Worker completed without producing a result'

/** Our client for the mock, with this file's API key. */
const clientFor = (mock, extra = {}) => harness.clientFor(mock, { apiKey: 'key-w', ...extra })

/** A route response that calls `onArrive()` once the request is in, then never answers. */
function hangingHandler(onArrive) {
  return (req, res) => {
    onArrive()
    return new Promise((resolve) => res.on('close', resolve))
  }
}

/** Asserts that `generate(AGENT, {})` rejects with a WorkerError with this message and sessionId. */
async function assertGenerateRejects(t, client, message, sessionId, note) {
  const err = await t.throwsAsync(client.workers.generate(AGENT, {}), { instanceOf: WorkerError })
  t.is(err.message, message)
  t.is(err.sessionId, sessionId, note)
}

// -------------------------------------------------------------------------------------------
// execute()

test('execute: nothing is sent before the first pull; then POST {type:start,input} to the raw execute path', async (t) => {
  const mock = await startMock(t)
  const round = [
    sse.start('exec-1', { messageId: 'm-1' }),
    sse.workerStart('wk-1', 'research-assistant', 'Researching AI safety'),
    sse.blockStart('b-1', 'Research', { blockType: 'next-message', display: 'stream' }),
    ...sse.text('t-1', 'Hello world', { chunks: ['Hello', ' world'], workerId: 'wk-1' }),
    sse.blockEnd('b-1'),
    sse.workerResult('wk-1', { output: { summary: 'done', score: 3 } }),
    sse.finish('stop', 'exec-1'),
  ]
  mock.worker(AGENT, [round])
  const client = clientFor(mock, { traceModelRequests: true })

  const input = { TOPIC: 'AI safety', DEPTH: 'detailed', nested: { list: [1, 'two', null] } }
  const events = client.workers.execute(AGENT, input)
  await new Promise((resolve) => setImmediate(resolve))
  t.is(mock.requests.length, 0, 'no request before the generator is pulled')

  const got = await collect(events)
  t.deepEqual(got, round, 'every event is yielded in order, worker-start and worker-result included')
  t.is(got.filter((e) => e.type === 'worker-start').length, 1)
  t.deepEqual(got.find((e) => e.type === 'worker-result').output, { summary: 'done', score: 3 })

  t.is(mock.requests.length, 1)
  const [req] = mock.requests
  t.is(req.method, 'POST')
  t.is(req.path, EXECUTE_PATH)
  t.is(req.rawUrl, EXECUTE_PATH, 'no query string')
  t.deepEqual(req.body, { type: 'start', input })
  t.is(req.headers.authorization, 'Bearer key-w')
  t.regex(req.headers['content-type'], /^application\/json/)
  t.is(req.headers['x-octavus-trace'], 'true')
})

test('execute: an undefined input is omitted from the start body (JSON.stringify semantics)', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [[sse.start('e'), sse.finish('stop')]])
  await collect(clientFor(mock).workers.execute(AGENT, undefined))
  t.is(mock.requests.length, 1)
  t.deepEqual(mock.requests[0].body, { type: 'start' })
})

test('execute: server tools run and each later round POSTs {type:continue, executionId, toolResults}', async (t) => {
  const mock = await startMock(t)
  const searchCall = {
    toolCallId: 'call-1',
    toolName: 'web-search',
    args: { query: 'octavus' },
    source: 'llm',
    outputVariable: 'SEARCH',
    blockIndex: 2,
    thread: 'research',
    workerId: 'wk-1',
  }
  const failingCall = { toolCallId: 'call-2', toolName: 'get-user', args: { id: 7 }, workerId: 'wk-1' }
  const secondCall = { toolCallId: 'call-3', toolName: 'web-search', args: { query: 'round two' } }
  mock.worker(AGENT, [
    [
      sse.start('exec-1'),
      sse.workerStart('wk-1', 'researcher'),
      ...sse.toolInput('call-1', 'web-search', { query: 'octavus' }),
      sse.toolRequest([searchCall, failingCall]),
      sse.finish('tool-calls'),
    ],
    [sse.toolRequest([secondCall]), sse.finish('tool-calls')],
    [sse.workerResult('wk-1', { output: 'final' }), sse.finish('stop')],
  ])

  const seenArgs = []
  const tools = {
    'web-search': async (args) => {
      seenArgs.push(args)
      return { hits: [args.query] }
    },
    'get-user': async () => {
      throw new Error('user store offline')
    },
  }
  const events = await collect(clientFor(mock).workers.execute(AGENT, { TOPIC: 'x' }, { tools }))

  t.deepEqual(seenArgs, [{ query: 'octavus' }, { query: 'round two' }])
  t.deepEqual(
    events.map((e) => e.type),
    [
      'start',
      'worker-start',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-end',
      'tool-input-available',
      'tool-output-available',
      'tool-output-error',
      'tool-output-available',
      'worker-result',
      'finish',
    ],
    'tool-request is not yielded and finish(tool-calls) is swallowed',
  )
  t.deepEqual(events[6], { type: 'tool-output-available', toolCallId: 'call-1', output: { hits: ['octavus'] } })
  t.deepEqual(events[7], { type: 'tool-output-error', toolCallId: 'call-2', error: 'user store offline' })
  t.deepEqual(events[10], { type: 'finish', finishReason: 'stop' })

  const bodies = mock.requestsTo('POST', EXECUTE_PATH).map((r) => r.body)
  t.is(bodies.length, 3)
  t.deepEqual(bodies[0], { type: 'start', input: { TOPIC: 'x' } })
  t.deepEqual(bodies[1], {
    type: 'continue',
    executionId: 'exec-1',
    toolResults: [
      {
        toolCallId: 'call-1',
        toolName: 'web-search',
        result: { hits: ['octavus'] },
        outputVariable: 'SEARCH',
        blockIndex: 2,
        thread: 'research',
        workerId: 'wk-1',
      },
      { toolCallId: 'call-2', toolName: 'get-user', error: 'user store offline', workerId: 'wk-1' },
    ],
  })
  t.deepEqual(
    bodies[2],
    {
      type: 'continue',
      executionId: 'exec-1',
      toolResults: [{ toolCallId: 'call-3', toolName: 'web-search', result: { hits: ['round two'] } }],
    },
    "the execution id is kept across rounds; only the latest round's results are sent",
  )
})

test('execute: a tool without a handler pauses with client-tool-request + finish(client-tool-calls); workers.continue() resumes', async (t) => {
  const mock = await startMock(t)
  const serverCall = { toolCallId: 'srv-1', toolName: 'lookup', args: { key: 'a' } }
  const clientCall = { toolCallId: 'cli-1', toolName: 'confirm', args: { prompt: 'Proceed?' }, workerId: 'wk-9' }
  mock.worker(AGENT, [
    [sse.start('exec-9'), sse.workerStart('wk-9', 'approver'), sse.toolRequest([serverCall, clientCall]), sse.finish('tool-calls')],
    [sse.workerResult('wk-9', { output: { approved: true } }), sse.finish('stop', 'exec-9')],
  ])
  const client = clientFor(mock)
  const tools = { lookup: async ({ key }) => `value-of-${key}` }

  const first = []
  const resumed = []
  for await (const event of client.workers.execute(AGENT, { Q: 1 }, { tools })) {
    first.push(event)
    if (event.type === 'client-tool-request') {
      const results = [
        ...(event.serverToolResults || []),
        ...event.toolCalls.map((c) => ({ toolCallId: c.toolCallId, toolName: c.toolName, result: { confirmed: true } })),
      ]
      for await (const ev of client.workers.continue(AGENT, event.executionId, results, { tools })) resumed.push(ev)
      break
    }
  }

  const serverResult = { toolCallId: 'srv-1', toolName: 'lookup', result: 'value-of-a' }
  t.deepEqual(first, [
    { type: 'start', executionId: 'exec-9' },
    { type: 'worker-start', workerId: 'wk-9', workerSlug: 'approver' },
    { type: 'tool-output-available', toolCallId: 'srv-1', output: 'value-of-a' },
    { type: 'client-tool-request', executionId: 'exec-9', toolCalls: [clientCall], serverToolResults: [serverResult] },
  ])
  t.deepEqual(resumed, [
    { type: 'worker-result', workerId: 'wk-9', output: { approved: true } },
    { type: 'finish', finishReason: 'stop', executionId: 'exec-9' },
  ])

  const reqs = mock.requestsTo('POST', EXECUTE_PATH)
  t.is(reqs.length, 2, 'the pause sends nothing; continue() sends one request')
  t.deepEqual(reqs[1].body, {
    type: 'continue',
    executionId: 'exec-9',
    toolResults: [serverResult, { toolCallId: 'cli-1', toolName: 'confirm', result: { confirmed: true } }],
  })
})

test('execute: the pause ends with finish(client-tool-calls) carrying the execution id, and no serverToolResults when none ran', async (t) => {
  const mock = await startMock(t)
  const clientCall = { toolCallId: 'cli-1', toolName: 'pick-file', args: {} }
  mock.worker(AGENT, [[sse.start('exec-3'), sse.toolRequest([clientCall]), sse.finish('tool-calls')]])
  const events = await collect(clientFor(mock).workers.execute(AGENT, {}))
  t.deepEqual(events, [
    { type: 'start', executionId: 'exec-3' },
    { type: 'client-tool-request', executionId: 'exec-3', toolCalls: [clientCall] },
    { type: 'finish', finishReason: 'client-tool-calls', executionId: 'exec-3' },
  ])
  t.is(mock.requests.length, 1)
})

test('continue(): first body is {type:continue, executionId, toolResults}; server tools keep looping on the same execution', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [
    [sse.toolRequest([{ toolCallId: 'c-2', toolName: 'double', args: { n: 21 } }]), sse.finish('tool-calls')],
    [sse.workerResult('wk-2', { output: 42 }), sse.finish('stop')],
  ])
  const toolResults = [{ toolCallId: 'c-1', toolName: 'confirm', result: true, workerId: 'wk-2' }]
  const events = await collect(
    new OctavusClient({ baseUrl: mock.url }).workers.continue(AGENT, 'exec-given', toolResults, {
      tools: { double: ({ n }) => n * 2 },
    }),
  )
  t.deepEqual(events, [
    { type: 'tool-output-available', toolCallId: 'c-2', output: 42 },
    { type: 'worker-result', workerId: 'wk-2', output: 42 },
    { type: 'finish', finishReason: 'stop' },
  ])
  const bodies = mock.requests.map((r) => r.body)
  t.deepEqual(bodies, [
    { type: 'continue', executionId: 'exec-given', toolResults },
    { type: 'continue', executionId: 'exec-given', toolResults: [{ toolCallId: 'c-2', toolName: 'double', result: 42 }] },
  ])
  t.true(mock.requests.every((r) => r.path === EXECUTE_PATH))
})

test('execute: a client tool call without any execution id yields the internal error event and ends', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [[sse.start(), sse.toolRequest([{ toolCallId: 'k', toolName: 'client-only', args: {} }]), sse.finish('tool-calls')]])
  const events = await collect(clientFor(mock).workers.execute(AGENT, {}))
  t.deepEqual(events, [{ type: 'start' }, MISSING_EXECUTION_ID_ERROR])
  t.is(mock.requests.length, 1)
})

test('execute: toSSEStream() turns a worker execution into SSE bytes ending with [DONE]', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-s'), sse.workerStart('wk', 'slug'), sse.workerResult('wk', { output: [1, 2] }), sse.finish('stop')]
  mock.worker(AGENT, [round])
  const text = await new Response(toSSEStream(clientFor(mock).workers.execute(AGENT, { a: 1 }))).text()
  const parsed = sse.parse(text)
  t.true(parsed.done)
  t.deepEqual(parsed.events, round)
  t.deepEqual(mock.requests[0].body, { type: 'start', input: { a: 1 } })
})

// -------------------------------------------------------------------------------------------
// generate()

test('generate: resolves {output, sessionId} with sessionId from start.executionId', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [
    [
      sse.start('exec-g1'),
      sse.workerStart('wk-g1', 'gen'),
      ...sse.text('t', 'thinking'),
      sse.workerResult('wk-g1', { output: { answer: 42 } }),
      sse.finish('stop'),
    ],
  ])
  const result = await clientFor(mock).workers.generate(AGENT, { TOPIC: 'AI safety' })
  t.deepEqual(result, { output: { answer: 42 }, sessionId: 'exec-g1' })
  t.deepEqual(mock.requests[0].body, { type: 'start', input: { TOPIC: 'AI safety' } })
})

test('generate: without start.executionId the sessionId is the worker-result workerId; a missing output resolves undefined', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [[sse.start(), sse.workerStart('wk-only', 'gen'), sse.workerResult('wk-only'), sse.finish('stop')]])
  const result = await clientFor(mock).workers.generate(AGENT, {})
  t.deepEqual(result, { output: undefined, sessionId: 'wk-only' })
  t.true('output' in result)
})

test('generate: runs server tools across rounds before resolving', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [
    [sse.start('exec-t'), sse.toolRequest([{ toolCallId: 'c', toolName: 'add', args: { a: 2, b: 3 } }]), sse.finish('tool-calls')],
    [sse.workerResult('wk-t', { output: 'sum is 5' }), sse.finish('stop')],
  ])
  const result = await clientFor(mock).workers.generate(AGENT, { x: 1 }, { tools: { add: ({ a, b }) => a + b } })
  t.deepEqual(result, { output: 'sum is 5', sessionId: 'exec-t' })
  t.deepEqual(mock.requests[1].body, {
    type: 'continue',
    executionId: 'exec-t',
    toolResults: [{ toolCallId: 'c', toolName: 'add', result: 5 }],
  })
})

test('generate: worker-result with error rejects WorkerError(error, sessionId); sessionId falls back to workerId', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [
    [sse.start('exec-f'), sse.workerResult('wk-f', { error: 'Step 2 failed: timeout' }), sse.finish('stop')],
    [sse.start(), sse.workerResult('wk-f2', { error: 'bad output', output: 'partial' }), sse.finish('stop')],
  ])
  const client = clientFor(mock)

  await assertGenerateRejects(t, client, 'Step 2 failed: timeout', 'exec-f')

  await assertGenerateRejects(t, client, 'bad output', 'wk-f2')
})

test('execute: a failed worker-result is just an event (no throw) and the stream goes on', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('e'), sse.workerResult('wk', { error: 'nope' }), sse.finish('stop')]
  mock.worker(AGENT, [round])
  t.deepEqual(await collect(clientFor(mock).workers.execute(AGENT, {})), round)
})

test('generate: an error event rejects WorkerError(message, sessionId)', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [
    [
      sse.start('exec-e'),
      sse.error({ errorType: 'provider_error', message: 'Provider exploded', source: 'provider', retryable: true }),
      sse.finish('error'),
    ],
    [sse.error({ errorType: 'execution_error', message: 'Early failure' })],
  ])
  const client = clientFor(mock)

  await assertGenerateRejects(t, client, 'Provider exploded', 'exec-e')

  await assertGenerateRejects(t, client, 'Early failure', undefined, 'no start seen: no session id')
})

test('generate: a stream without worker-result rejects WorkerError("Worker completed without producing a result")', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [[sse.start('exec-n'), sse.workerStart('wk-n', 'slug'), ...sse.text('t', 'hi'), sse.finish('stop')]])
  await assertGenerateRejects(t, clientFor(mock), NO_RESULT, 'exec-n')
})

test('generate reads to the end of the stream (6.4): a stream that stays open after the result settles when the watchdog ends it', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [
    { sse: [sse.start('exec-h'), sse.workerResult('wk-h', { output: 'early' })], hangAfter: 2 },
    { sse: [sse.start('exec-h2'), sse.error({ message: 'fatal' })], hangAfter: 2 },
  ])
  const client = clientFor(mock, { streamIdleTimeoutMs: 300 })

  t.deepEqual(await client.workers.generate(AGENT, {}), { output: 'early', sessionId: 'exec-h' })
  t.true(await mock.waitForClosedConnections(1, 10_000), 'the silent response was closed by the watchdog')

  const err = await t.throwsAsync(client.workers.generate(AGENT, {}), { instanceOf: WorkerError, message: 'fatal' })
  t.is(err.sessionId, 'exec-h2')
  t.true(await mock.waitForClosedConnections(2, 10_000))
})

test('generate: a client tool pause (no handler) rejects WorkerError because no result arrives', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [[sse.start('exec-p'), sse.toolRequest([{ toolCallId: 'k', toolName: 'ask-user', args: {} }]), sse.finish('tool-calls')]])
  await assertGenerateRejects(t, clientFor(mock), NO_RESULT, 'exec-p')
})

// -------------------------------------------------------------------------------------------
// WorkerError

test('WorkerError: instanceof Error and WorkerError, name, message, optional sessionId', (t) => {
  const withId = new WorkerError('worker failed', 'sess-1')
  t.true(withId instanceof Error)
  t.true(withId instanceof WorkerError)
  t.is(withId.constructor, WorkerError)
  t.is(withId.name, 'WorkerError')
  t.is(withId.message, 'worker failed')
  t.is(withId.sessionId, 'sess-1')
  t.is(typeof withId.stack, 'string')
  t.is(String(withId), 'WorkerError: worker failed')
  t.is(Object.prototype.toString.call(withId), '[object Error]')

  const withoutId = new WorkerError('no id')
  t.is(withoutId.sessionId, undefined)
  t.is(withoutId.name, 'WorkerError')
  t.false(withoutId instanceof TypeError)
})

// -------------------------------------------------------------------------------------------
// Cancellation

test('abort: execute yields finish(stop) after an abort mid-stream, ends, and closes the connection', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [{ sse: [sse.start('exec-a'), sse.workerStart('wk-a', 'slow'), ...sse.text('t', 'never')], hangAfter: 2 }])
  const controller = new AbortController()
  const events = []
  for await (const event of clientFor(mock).workers.execute(AGENT, {}, { signal: controller.signal })) {
    events.push(event)
    if (event.type === 'worker-start') controller.abort()
  }
  t.deepEqual(events, [
    { type: 'start', executionId: 'exec-a' },
    { type: 'worker-start', workerId: 'wk-a', workerSlug: 'slow' },
    { type: 'finish', finishReason: 'stop' },
  ])
  t.true(await mock.waitForClosedConnections(1, 10_000))
  t.is(mock.requests.length, 1)
})

test('abort: an already aborted signal yields only finish(stop) and sends nothing; generate rejects without a session id', async (t) => {
  const mock = await startMock(t)
  mock.worker(AGENT, [[sse.start('never'), sse.workerResult('wk', { output: 1 })]])
  const client = clientFor(mock)
  const signal = AbortSignal.abort()

  t.deepEqual(await collect(client.workers.execute(AGENT, {}, { signal })), [{ type: 'finish', finishReason: 'stop' }])
  t.deepEqual(await collect(client.workers.continue(AGENT, 'e', [], { signal })), [{ type: 'finish', finishReason: 'stop' }])

  const err = await t.throwsAsync(client.workers.generate(AGENT, {}, { signal }), { instanceOf: WorkerError })
  t.is(err.message, NO_RESULT)
  t.is(err.sessionId, undefined)
  t.is(mock.requests.length, 0)
})

test('abort: generate aborted while the request is pending rejects WorkerError(no result) and closes the connection', async (t) => {
  const mock = await startMock(t)
  const controller = new AbortController()
  mock.worker(AGENT, [hangingHandler(() => controller.abort())])
  const err = await t.throwsAsync(clientFor(mock).workers.generate(AGENT, {}, { signal: controller.signal }), {
    instanceOf: WorkerError,
  })
  t.is(err.message, NO_RESULT)
  t.is(err.sessionId, undefined)
  t.true(await mock.waitForClosedConnections(1, 10_000))
  t.is(mock.requests.length, 1)
})

test('abort: generate aborted between rounds (from a tool handler) rejects with the session id and sends no next round', async (t) => {
  const mock = await startMock(t)
  const controller = new AbortController()
  mock.worker(AGENT, [
    [sse.start('exec-b'), sse.toolRequest([{ toolCallId: 'c', toolName: 'work', args: {} }]), sse.finish('tool-calls')],
    [sse.workerResult('wk', { output: 'must not be reached' })],
  ])
  const tools = {
    work: () => {
      controller.abort()
      return 'ok'
    },
  }
  const err = await t.throwsAsync(clientFor(mock).workers.generate(AGENT, {}, { tools, signal: controller.signal }), {
    instanceOf: WorkerError,
  })
  t.is(err.message, NO_RESULT)
  t.is(err.sessionId, 'exec-b')
  t.is(mock.requests.length, 1)
})

// -------------------------------------------------------------------------------------------
// HTTP errors

test('HTTP 404 on execute: one not_found_error event, no throw; generate rejects WorkerError with the message', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', EXECUTE_PATH, { status: 404, json: { error: 'Agent not found' } })
  const client = clientFor(mock)

  const events = await collect(client.workers.execute(AGENT, { a: 1 }))
  t.deepEqual(events, [{ type: 'error', errorType: 'not_found_error', message: 'Agent not found', source: 'platform', retryable: false }])
  t.is(mock.requests.length, 1, 'no retry or further round')

  await assertGenerateRejects(t, client, 'Agent not found', undefined)
})

test('HTTP errors on execute map status to errorType/retryable; the nested error body is read', async (t) => {
  const mock = await startMock(t)
  const cases = [
    { status: 400, json: { error: 'Invalid input: TOPIC is required' }, errorType: 'validation_error', retryable: false },
    { status: 401, json: { message: 'Bad key' }, errorType: 'authentication_error', retryable: false },
    { status: 429, json: { error: 'Slow down' }, errorType: 'rate_limit_error', retryable: true },
    { status: 503, json: { error: 'Overloaded' }, errorType: 'provider_overloaded', retryable: true },
    { status: 500, json: { error: { code: 'BOOM', message: 'Nested failure' } }, errorType: 'internal_error', retryable: true },
  ]
  const client = clientFor(mock)
  for (const c of cases) {
    mock.on('POST', EXECUTE_PATH, { status: c.status, json: c.json })
    const events = await collect(client.workers.execute(AGENT, {}))
    const expectedMessage = typeof c.json.error === 'object' ? c.json.error.message : (c.json.error ?? c.json.message)
    t.is(events.length, 1, `status ${c.status}`)
    t.like(events[0], { type: 'error', errorType: c.errorType, message: expectedMessage, source: 'platform', retryable: c.retryable })
  }
})

// -------------------------------------------------------------------------------------------
// Agent id encoding

test('agent ids are percent-encoded as one path segment in execute, continue and generate', async (t) => {
  const mock = await startMock(t)
  const client = clientFor(mock)
  const cases = [
    ['team/agent?v=1#frag', '/api/agents/team%2Fagent%3Fv%3D1%23frag/execute'],
    ['ü agent', '/api/agents/%C3%BC%20agent/execute'],
    ['already%2Fencoded', '/api/agents/already%252Fencoded/execute'],
  ]
  for (const [id, rawPath] of cases) {
    mock.reset()
    mock.worker(id, [[sse.start('e'), sse.workerResult('wk', { output: id }), sse.finish('stop')]])

    await collect(client.workers.execute(id, {}))
    await collect(client.workers.continue(id, 'e', []))
    t.deepEqual(await client.workers.generate(id, {}), { output: id, sessionId: 'e' })

    t.deepEqual(
      mock.requests.map((r) => r.rawUrl),
      [rawPath, rawPath, rawPath],
      `agent id ${JSON.stringify(id)}`,
    )
  }
})

test('dot-segment agent ids are refused before any request is sent', async (t) => {
  const mock = await startMock(t)
  mock.on('*', () => true, { json: { reached: true } })
  const client = clientFor(mock)
  for (const id of ['..', '.']) {
    await t.throwsAsync(collect(client.workers.execute(id, {})), { instanceOf: Error, message: /path segment/ })
    await t.throwsAsync(collect(client.workers.continue(id, 'e', [])), { instanceOf: Error, message: /path segment/ })
    await t.throwsAsync(client.workers.generate(id, {}), { instanceOf: Error, message: /path segment/ })
  }
  t.is(mock.requests.length, 0)
})

test('workers is a WorkersApi on every client', (t) => {
  const client = new OctavusClient({ baseUrl: 'http://127.0.0.1:9' })
  t.true(client.workers instanceof WorkersApi)
  for (const method of ['execute', 'generate', 'continue']) t.is(typeof client.workers[method], 'function')
})
