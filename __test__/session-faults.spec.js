'use strict'
// Faults around a session execution (docs/protocol.md §3, §4, §7, §10): HTTP errors as events,
// malformed or oddly framed SSE, dropped connections, failing tool handlers and resources,
// aborts at every stage, and `break` cancelling the HTTP request.

const test = require('ava')
const http = require('node:http')
const { OctavusClient, Resource, toSSEStream } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, within, sleep, deferred, waitFor, trigger, FINISH_STOP } = require('./fixtures/harness.js')

/** Collects events until the iterator throws; resolves `{events, error}`. */
async function collectUntilThrow(iterable) {
  const events = []
  try {
    for await (const event of iterable) events.push(event)
    return { events, error: undefined }
  } catch (error) {
    return { events, error }
  }
}

/** Records unhandled rejections while the test runs. */
function trackUnhandledRejections(t) {
  const seen = []
  const onRejection = (reason) => seen.push(reason)
  process.on('unhandledRejection', onRejection)
  t.teardown(() => process.off('unhandledRejection', onRejection))
  return seen
}

/** Captures the OctavusResourceWarning messages ours emits during test `t` (not printed); other warnings still go to Node. */
function captureResourceWarnings(t) {
  const seen = []
  const emitWarning = process.emitWarning
  process.emitWarning = function (warning, options, ...rest) {
    const type = typeof options === 'string' ? options : options && options.type
    if (type !== 'OctavusResourceWarning') return emitWarning.call(this, warning, options, ...rest)
    seen.push(typeof warning === 'string' ? warning : String(warning && warning.message))
  }
  t.teardown(() => {
    process.emitWarning = emitWarning
  })
  return seen
}

// ---------------------------------------------------------------------------------------------
// HTTP errors on the trigger request (§4 step 2, §7)

const STATUS_CASES = [
  [400, 'validation_error', false],
  [401, 'authentication_error', false],
  [403, 'permission_error', false],
  [404, 'not_found_error', false],
  [418, 'unknown_error', false],
  [429, 'rate_limit_error', true],
  [500, 'internal_error', true],
  [502, 'internal_error', true],
  [503, 'provider_overloaded', true],
  [504, 'provider_timeout', true],
]

for (const [status, errorType, retryable] of STATUS_CASES) {
  test(`HTTP ${status} on trigger yields one ${errorType} error event (message and code from the body) and ends`, async (t) => {
    const mock = await startMock(t)
    const id = `s-http-${status}`
    mock.session(id, [{ status, json: { error: `platform says ${status}`, code: `CODE_${status}` } }, [sse.start('never')]])
    // No retries: this pins the error event itself (retries.spec.js covers retrying these).
    const session = clientFor(mock, { maxRetries: 0 }).agentSessions.attach(id, { tools: { x: () => 1 } })
    const events = await collect(session.execute(trigger('user-message', { a: 1 })))
    t.deepEqual(events, [
      {
        type: 'error',
        errorType,
        message: `platform says ${status}`,
        source: 'platform',
        retryable,
        code: `CODE_${status}`,
      },
    ])
    t.is(mock.requests.length, 1)
    t.deepEqual(mock.requests[0].body, { triggerName: 'user-message', input: { a: 1 } })
  })
}

test('HTTP error bodies: nested {error:{code,message}}, {message}, no code, and a non-JSON body', async (t) => {
  const mock = await startMock(t)
  mock.session('s-nested', [{ status: 404, json: { error: { code: 'NOT_FOUND', message: 'Session not found' } } }])
  mock.session('s-message', [{ status: 401, json: { message: 'Invalid API key' } }])
  mock.session('s-nocode', [{ status: 429, json: { error: 'Slow down' } }])
  mock.session('s-text', [{ status: 500, statusText: 'Internal Server Error', body: '<html>oops</html>' }])
  const client = clientFor(mock)
  const run = (id) => collect(client.agentSessions.attach(id).execute(trigger('go')))

  t.deepEqual(await run('s-nested'), [
    { type: 'error', errorType: 'not_found_error', message: 'Session not found', source: 'platform', retryable: false, code: 'NOT_FOUND' },
  ])
  t.deepEqual(await run('s-message'), [
    { type: 'error', errorType: 'authentication_error', message: 'Invalid API key', source: 'platform', retryable: false },
  ])
  t.deepEqual(await run('s-nocode'), [{ type: 'error', errorType: 'rate_limit_error', message: 'Slow down', source: 'platform', retryable: true }])
  const [textError, ...rest] = await run('s-text')
  t.deepEqual(rest, [])
  t.like(textError, { type: 'error', errorType: 'internal_error', source: 'platform', retryable: true })
  t.is(typeof textError.message, 'string')
  t.true(textError.message.length > 0)
  t.false(textError.message.includes('<html>'))
})

test('an HTTP error in a later round (after a tool round) yields the error event after the tool outputs', async (t) => {
  const mock = await startMock(t)
  mock.session('s-late-err', [
    [sse.start('exec-le'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'calc', args: {} }]), sse.finish('tool-calls')],
    { status: 503, json: { error: 'Overloaded' } },
  ])
  const session = clientFor(mock, { maxRetries: 0 }).agentSessions.attach('s-late-err', { tools: { calc: () => 42 } })
  t.deepEqual(await collect(session.execute(trigger('go'))), [
    sse.start('exec-le'),
    { type: 'tool-output-available', toolCallId: 'c1', output: 42 },
    { type: 'error', errorType: 'provider_overloaded', message: 'Overloaded', source: 'platform', retryable: true },
  ])
  t.is(mock.requests.length, 2)
})

test('a network failure (connection refused) throws out of the generator with a message naming the request', async (t) => {
  const server = http.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))

  const client = new OctavusClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' })
  const { events, error } = await collectUntilThrow(client.agentSessions.attach('s-refused').execute(trigger('go')))
  t.deepEqual(events, [])
  t.true(error instanceof Error)
  t.regex(error.message, /agent-sessions\/s-refused\/trigger/)
  t.false(error.message.includes('Bearer'))
})

// ---------------------------------------------------------------------------------------------
// Odd or malformed SSE (§3)

const TOOL_SCRIPT = () => [
  [
    sse.start('exec-x'),
    ...sse.text('t1', 'Grüße 👋 from the 🌍, ünïcødé', { chunks: 5 }),
    sse.toolRequest([{ toolCallId: 'c1', toolName: 'echo', args: { s: 'ü👋' } }]),
    sse.finish('tool-calls'),
  ],
  [sse.start('exec-x'), ...sse.text('t2', 'done ✓'), sse.finish('stop')],
]
const TOOL_SCRIPT_EVENTS = () => [
  sse.start('exec-x'),
  ...sse.text('t1', 'Grüße 👋 from the 🌍, ünïcødé', { chunks: 5 }),
  { type: 'tool-output-available', toolCallId: 'c1', output: { s: 'ü👋' } },
  sse.start('exec-x'),
  ...sse.text('t2', 'done ✓'),
  sse.finish('stop'),
]

test('CRLF line endings give the same events and bodies', async (t) => {
  const mock = await startMock(t)
  const [r1, r2] = TOOL_SCRIPT()
  mock.session('s-crlf', [
    { sse: r1, crlf: true },
    { sse: r2, crlf: true },
  ])
  const session = clientFor(mock).agentSessions.attach('s-crlf', { tools: { echo: (args) => args } })
  t.deepEqual(await collect(session.execute(trigger('go'))), TOOL_SCRIPT_EVENTS())
  t.deepEqual(mock.requests[1].body.toolResults, [{ toolCallId: 'c1', toolName: 'echo', result: { s: 'ü👋' } }])
})

test('events split at every byte boundary (chunkSize 1, multi-byte UTF-8, LF and CRLF) arrive intact', async (t) => {
  const mock = await startMock(t)
  const [r1, r2] = TOOL_SCRIPT()
  mock.session('s-bytes', [
    { sse: r1, chunkSize: 1 },
    { sse: r2, chunkSize: 1, crlf: true },
  ])
  const session = clientFor(mock).agentSessions.attach('s-bytes', { tools: { echo: (args) => args } })
  t.deepEqual(await collect(session.execute(trigger('go'))), TOOL_SCRIPT_EVENTS())
  t.is(mock.requests.length, 2)
})

test('malformed JSON, unknown types and events missing required fields are skipped; the stream goes on', async (t) => {
  const mock = await startMock(t)
  const round = [
    sse.start('exec-bad'),
    '{not json',
    '{"type":"text-delta","id":"t","delta":"unterminated',
    { type: 'mystery-event', id: 'x' },
    { noType: true },
    '[1,2,3]',
    '"just a string"',
    'null',
    '42',
    { type: 'text-start' }, // no id
    { type: 'text-start', id: 't' },
    { type: 'text-delta', id: 't' }, // no delta
    { type: 'text-delta', id: 't', delta: 'kept' },
    { type: 'resource-update', name: 'r' }, // no value
    { type: 'tool-output-available', toolCallId: 'c' }, // no output
    { type: 'tool-input-available', toolCallId: 'c', toolName: 'n' }, // no input
    { type: 'error', message: 'no errorType', retryable: false, source: 'platform' },
    { type: 'finish' }, // no finishReason
    { type: 'finish', finishReason: 'not-a-reason' },
    { type: 'block-start', blockId: 'b', blockName: 'n', blockType: 't', display: 'sideways' },
    { type: 'text-end', id: 't' },
    sse.finish('stop'),
  ]
  mock.session('s-bad', [round, [sse.start('never')]])
  const session = clientFor(mock).agentSessions.attach('s-bad')
  t.deepEqual(await collect(session.execute(trigger('go'))), [sse.start('exec-bad'), ...sse.text('t', 'kept'), sse.finish('stop')])
  t.is(mock.requests.length, 1)
})

test('"data:" without a following space is accepted', async (t) => {
  const mock = await startMock(t)
  mock.session('s-nospace', [
    {
      raw: [
        'data:{"type":"start","executionId":"e-ns"}\n\n',
        'data: {"type":"text-start","id":"t"}\n\n',
        'data:{"type":"text-delta","id":"t","delta":"tight"}\n\n',
        'data:{"type":"text-end","id":"t"}\r\n\r\n',
        'data:[DONE]\n\n',
      ],
    },
  ])
  const session = clientFor(mock).agentSessions.attach('s-nospace')
  t.deepEqual(await collect(session.execute(trigger('go'))), [sse.start('e-ns'), ...sse.text('t', 'tight')])
})

test('a 10 MB text-delta is delivered intact', async (t) => {
  const mock = await startMock(t)
  const unit = 'abcdefghijklmnopqrstuvwxyz0123456789 "quoted" \\ é ✓ 👋\n'
  const big = unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length))
  mock.session('s-big', [
    [
      sse.start('e-big'),
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: big },
      { type: 'text-end', id: 't' },
      sse.finish('stop'),
    ],
  ])
  const session = clientFor(mock).agentSessions.attach('s-big')
  const events = await collect(session.execute(trigger('go')))
  t.is(events.length, 5)
  t.is(events[2].type, 'text-delta')
  t.is(events[2].delta.length, big.length)
  t.true(events[2].delta === big, 'the delta text is byte-identical')
  t.deepEqual(events[4], sse.finish('stop'))
})

test('a connection dropped mid-stream ends the stream silently after the events before the drop (6.4)', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-drop'), ...sse.text('t', 'before the drop', { chunks: 3 }), sse.finish('stop')]
  mock.session('s-drop', [{ sse: round, dropAfter: 4 }])
  const session = clientFor(mock).agentSessions.attach('s-drop')
  const { events, error } = await collectUntilThrow(session.execute(trigger('go')))
  t.deepEqual(events, round.slice(0, 4))
  t.is(error, undefined, 'a transport drop is not thrown: the caller triggers again')
  t.is(mock.requests.length, 1, 'a drop after the body began is never retried')
})

test('a drop in the second round ends silently after the first round and its tool outputs', async (t) => {
  const mock = await startMock(t)
  mock.session('s-drop2', [
    [sse.start('exec-d2'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'calc', args: {} }]), sse.finish('tool-calls')],
    { sse: [sse.start('exec-d2'), ...sse.text('t', 'partial'), sse.finish('stop')], dropAfter: 2 },
  ])
  const session = clientFor(mock).agentSessions.attach('s-drop2', { tools: { calc: () => 'ok' } })
  const { events, error } = await collectUntilThrow(session.execute(trigger('go')))
  t.deepEqual(events, [
    sse.start('exec-d2'),
    { type: 'tool-output-available', toolCallId: 'c1', output: 'ok' },
    sse.start('exec-d2'),
    { type: 'text-start', id: 't' },
  ])
  t.is(error, undefined)
})

test('toSSEStream over a dropped stream ends with [DONE] after the events before the drop (relay and generic paths)', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-sd'), ...sse.text('t', 'abc'), sse.finish('stop')]
  mock.session('s-sse-drop', [{ sse: round, dropAfter: 2 }])
  const session = clientFor(mock).agentSessions.attach('s-sse-drop')

  const check = (text) => {
    const parsed = sse.parse(text)
    t.true(parsed.done, 'a silent end is a normal end of the stream')
    t.deepEqual(parsed.events, round.slice(0, 2))
    t.true(text.endsWith('data: [DONE]\n\n'))
  }

  // Relay path: an unstarted execution.
  check(await new Response(toSSEStream(session.execute(trigger('go')))).text())

  // Generic path: an execution started by one next().
  const gen = session.execute(trigger('go'))
  const first = await gen.next()
  t.deepEqual(first.value, round[0])
  const text = await new Response(toSSEStream(gen)).text()
  check(`data: ${JSON.stringify(first.value)}\n\n${text}`)
})

// ---------------------------------------------------------------------------------------------
// Failing tool handlers (§4 step 4, DESIGN bridging rules)

const circular = () => {
  const o = { name: 'loop' }
  o.self = o
  return o
}

const HANDLER_FAILURES = [
  [
    'throws an Error',
    () => {
      throw new Error('kaput')
    },
    (e) => e === 'kaput',
  ],
  [
    'rejects with an Error',
    async () => {
      throw new TypeError('bad type')
    },
    (e) => e === 'bad type',
  ],
  [
    'throws an Error with an empty message',
    () => {
      throw new Error('')
    },
    (e) => typeof e === 'string',
  ],
  ['rejects with a string', () => Promise.reject('plain string'), (e) => e === 'Tool execution failed'],
  [
    'throws a plain object',
    () => {
      throw { message: 'looks like an error' } // eslint-disable-line no-throw-literal
    },
    (e) => e === 'Tool execution failed',
  ],
  ['rejects with undefined', () => Promise.reject(undefined), (e) => e === 'Tool execution failed'],
  ['returns a BigInt', () => 10n, (e) => /bigint|json|serial/i.test(e)],
  ['returns a value containing a BigInt', () => ({ n: 1n }), (e) => /bigint|json|serial/i.test(e)],
  ['returns a circular object', circular, (e) => /circular|json|serial/i.test(e)],
  ['returns a function', () => () => 1, (e) => /function|json/i.test(e)],
  ['returns a symbol', () => Symbol('s'), (e) => /symbol|json/i.test(e)],
]

for (const [label, handler] of [
  ['returns undefined', () => undefined],
  ['resolves to undefined', async () => {}],
]) {
  test(`a tool handler that ${label} gives a result without a value, as the official does`, async (t) => {
    const mock = await startMock(t)
    const id = `s-void-${label.replace(/\W+/g, '-')}`
    mock.session(id, [
      [sse.start('exec-v'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'log', args: {} }]), sse.finish('tool-calls')],
      [sse.start('exec-v'), sse.finish('stop')],
    ])
    const session = clientFor(mock).agentSessions.attach(id, { tools: { log: handler } })
    const events = await collect(session.execute(trigger('go')))
    t.deepEqual(events[1], { type: 'tool-output-available', toolCallId: 'c1' })
    t.false('output' in events[1])
    t.deepEqual(mock.requests[1].body.toolResults, [{ toolCallId: 'c1', toolName: 'log' }])
  })
}

for (const [label, handler, messageOk] of HANDLER_FAILURES) {
  test(`a tool handler that ${label} gives tool-output-error; the platform gets the error and the loop continues`, async (t) => {
    const mock = await startMock(t)
    const id = `s-fail-${label.replace(/\W+/g, '-')}`
    mock.session(id, [
      [
        sse.start('exec-f'),
        sse.toolRequest([
          { toolCallId: 'bad', toolName: 'failing', args: { q: 1 }, thread: 'side' },
          { toolCallId: 'good', toolName: 'working', args: {} },
        ]),
        sse.finish('tool-calls'),
      ],
      [sse.start('exec-f'), ...sse.text('t', 'carried on'), sse.finish('stop')],
    ])
    const session = clientFor(mock).agentSessions.attach(id, { tools: { failing: handler, working: () => ({ ok: true }) } })
    const events = await collect(session.execute(trigger('go')))

    t.is(events.length, 8)
    const [errorEvent, okEvent] = events.slice(1, 3)
    t.deepEqual(Object.keys(errorEvent).sort(), ['error', 'toolCallId', 'type'])
    t.is(errorEvent.type, 'tool-output-error')
    t.is(errorEvent.toolCallId, 'bad')
    t.is(typeof errorEvent.error, 'string')
    t.true(messageOk(errorEvent.error), `unexpected error message: ${JSON.stringify(errorEvent.error)}`)
    t.deepEqual(okEvent, { type: 'tool-output-available', toolCallId: 'good', output: { ok: true } })
    t.deepEqual(events.slice(3), [sse.start('exec-f'), ...sse.text('t', 'carried on'), sse.finish('stop')])

    t.is(mock.requests.length, 2)
    t.deepEqual(mock.requests[1].body.toolResults, [
      { toolCallId: 'bad', toolName: 'failing', error: errorEvent.error, thread: 'side' },
      { toolCallId: 'good', toolName: 'working', result: { ok: true } },
    ])
  })
}

test('an Error with an empty message still reaches the platform as a non-empty error string', async (t) => {
  const mock = await startMock(t)
  mock.session('s-empty-msg', [
    [sse.start('exec-em'), sse.toolRequest([{ toolCallId: 'c', toolName: 'quiet', args: {} }]), sse.finish('tool-calls')],
    [sse.start('exec-em'), sse.finish('stop')],
  ])
  const session = clientFor(mock).agentSessions.attach('s-empty-msg', {
    tools: {
      quiet: () => {
        throw new Error('')
      },
    },
  })
  const events = await collect(session.execute(trigger('go')))
  t.is(events[1].type, 'tool-output-error')
  t.true(events[1].error.length > 0)
  const [result] = mock.requests[1].body.toolResults
  t.false('result' in result)
  t.is(result.error, events[1].error)
})

// ---------------------------------------------------------------------------------------------
// Failing resources (§6, §10)

test.serial('a Resource.onUpdate that throws or rejects: events still yielded, later updates still delivered, no unhandled rejection', async (t) => {
  const unhandled = trackUnhandledRejections(t)
  const warnings = captureResourceWarnings(t)
  const mock = await startMock(t)
  const round = [
    sse.start('exec-rf'),
    sse.resourceUpdate('throws', 1),
    sse.resourceUpdate('rejects', 1),
    sse.resourceUpdate('rejects-non-error', 1),
    sse.resourceUpdate('throws', 2),
    sse.resourceUpdate('rejects', 2),
    sse.resourceUpdate('rejects-non-error', 2),
    ...sse.text('t', 'after'),
    sse.finish('stop'),
  ]
  mock.session('s-res-fail', [round])
  const seen = []
  const allSeen = deferred()
  const note = (entry) => {
    seen.push(entry)
    if (seen.length === 6) allSeen.resolve()
  }
  class Throws extends Resource {
    name = 'throws'
    onUpdate(value) {
      note(['throws', value])
      throw new Error('sync resource failure')
    }
  }
  class Rejects extends Resource {
    name = 'rejects'
    async onUpdate(value) {
      note(['rejects', value])
      await sleep(1)
      throw new Error('async resource failure')
    }
  }
  class RejectsNonError extends Resource {
    name = 'rejects-non-error'
    onUpdate(value) {
      note(['rejects-non-error', value])
      return Promise.reject('not an error object')
    }
  }
  const session = clientFor(mock).agentSessions.attach('s-res-fail', {
    resources: [new Throws(), new Rejects(), new RejectsNonError()],
  })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(events, round)
  t.not(await within(allSeen.promise, 5000), 'timeout', 'every onUpdate was called')
  t.deepEqual(
    seen.filter(([name]) => name === 'throws').map(([, v]) => v),
    [1, 2],
  )
  t.deepEqual(
    seen.filter(([name]) => name === 'rejects').map(([, v]) => v),
    [1, 2],
  )
  // Give rejections a chance to surface as unhandled.
  await sleep(50)
  await new Promise((resolve) => setImmediate(resolve))
  t.deepEqual(unhandled, [])
  t.deepEqual(warnings.sort(), [
    "Resource 'rejects' onUpdate failed: async resource failure",
    "Resource 'rejects' onUpdate failed: async resource failure",
    "Resource 'rejects-non-error' onUpdate failed: not an error object",
    "Resource 'rejects-non-error' onUpdate failed: not an error object",
    "Resource 'throws' onUpdate failed: sync resource failure",
    "Resource 'throws' onUpdate failed: sync resource failure",
  ])
})

// ---------------------------------------------------------------------------------------------
// Abort (§4 steps 1-3) and break (DESIGN: return() cancels the request)

test('abort during the request (platform slow to answer) yields finish/stop, ends, and closes the connection', async (t) => {
  const mock = await startMock(t)
  mock.session('s-abort-req', [{ json: { never: 'sent' }, delayMs: 30000 }])
  const session = clientFor(mock).agentSessions.attach('s-abort-req')
  const controller = new AbortController()
  const pending = collectUntilThrow(session.execute(trigger('go'), { signal: controller.signal }))
  t.true(await waitFor(() => mock.requests.length === 1), 'the request reached the platform')
  controller.abort()
  const { events, error } = await within(pending, 5000, { events: 'timeout' })
  t.is(error, undefined)
  t.deepEqual(events, [FINISH_STOP])
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
})

test('abort mid-stream (platform stops sending) yields finish/stop, ends, and closes the connection', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-ams'), ...sse.text('t', 'never finished', { chunks: 2 }), sse.finish('stop')]
  mock.session('s-abort-mid', [{ sse: round, hangAfter: 3 }, [sse.start('never')]])
  const session = clientFor(mock).agentSessions.attach('s-abort-mid')
  const controller = new AbortController()
  const gen = session.execute(trigger('go'), { signal: controller.signal })
  const got = []
  for (let i = 0; i < 3; i++) got.push((await gen.next()).value)
  t.deepEqual(got, round.slice(0, 3))

  const nextPull = gen.next() // waits on the hanging stream
  await sleep(20)
  controller.abort()
  t.deepEqual(await within(nextPull, 5000), { value: FINISH_STOP, done: false })
  t.deepEqual(await within(gen.next(), 5000), { value: undefined, done: true })
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
  t.is(mock.requests.length, 1)
})

test('abort while a tool handler hangs yields finish/stop and ends without a next round', async (t) => {
  const mock = await startMock(t)
  mock.session('s-abort-tool', [
    [sse.start('exec-at'), sse.toolRequest([{ toolCallId: 'slow', toolName: 'slow', args: {} }]), sse.finish('tool-calls')],
    [sse.start('never'), sse.finish('stop')],
  ])
  const started = deferred()
  const release = deferred()
  t.teardown(() => release.resolve())
  const session = clientFor(mock).agentSessions.attach('s-abort-tool', {
    tools: {
      slow: async () => {
        started.resolve()
        await within(release.promise, 20000)
        return 'too late'
      },
    },
  })
  const controller = new AbortController()
  const pending = collectUntilThrow(session.execute(trigger('go'), { signal: controller.signal }))
  t.not(await within(started.promise, 5000), 'timeout', 'the handler started')
  controller.abort()
  const { events, error } = await within(pending, 5000, { events: 'timeout' })
  t.is(error, undefined)
  t.deepEqual(events, [sse.start('exec-at'), FINISH_STOP])
  release.resolve()
  await sleep(50)
  t.is(mock.requests.length, 1)
})

test('abort after the execution ended changes nothing', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-late'), sse.finish('stop')]
  mock.session('s-abort-late', [round])
  const session = clientFor(mock).agentSessions.attach('s-abort-late')
  const controller = new AbortController()
  t.deepEqual(await collect(session.execute(trigger('go'), { signal: controller.signal })), round)
  controller.abort()
  t.is(mock.requests.length, 1)
})

test('break out of for-await mid-stream closes the HTTP connection promptly', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-brk'), ...sse.text('t', 'one two three', { chunks: 3 }), sse.finish('stop')]
  mock.session('s-break', [{ sse: round, hangAfter: 3 }])
  const session = clientFor(mock).agentSessions.attach('s-break')
  const got = []
  for await (const event of session.execute(trigger('go'))) {
    got.push(event)
    if (got.length === 2) break
  }
  t.deepEqual(got, round.slice(0, 2))
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
})

test('return() on a generator waiting for events closes the connection; later pulls are done', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-ret'), ...sse.text('t', 'abc'), sse.finish('stop')]
  mock.session('s-return', [{ sse: round, hangAfter: 1 }])
  const session = clientFor(mock).agentSessions.attach('s-return')
  const gen = session.execute(trigger('go'))
  t.deepEqual((await gen.next()).value, round[0])
  t.deepEqual(await gen.return(undefined), { value: undefined, done: true })
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
  t.deepEqual(await gen.next(), { value: undefined, done: true })
})

const LONG_COUNT = 50000

/** A session whose one round (LONG_COUNT deltas) is written whole, then left open. */
function longOpenSession(mock, id, executionId) {
  const round = [sse.start(executionId), ...sse.deltas('t', LONG_COUNT, 'x'.repeat(50)), sse.finish('stop')]
  // hangAfter: everything is written, then the response stays open (not ended) until the client leaves.
  mock.session(id, [{ sse: round, hangAfter: round.length }])
  return { round, session: clientFor(mock).agentSessions.attach(id) }
}

test('break after a pause (the internal buffer is full) still closes the HTTP connection promptly', async (t) => {
  const mock = await startMock(t)
  const { session } = longOpenSession(mock, 's-long-break', 'exec-long')
  let count = 0
  for await (const event of session.execute(trigger('go'))) {
    count++
    t.truthy(event.type)
    // Pause so the platform's bytes pile up behind the consumer, then leave.
    if (count === 1) await sleep(300)
    if (count === 10) break
  }
  t.is(count, 10)
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
})

test('abort after a pause (the internal buffer is full) closes the HTTP connection without further pulls', async (t) => {
  const mock = await startMock(t)
  const { round, session } = longOpenSession(mock, 's-long-abort', 'exec-long-abort')
  const controller = new AbortController()
  const gen = session.execute(trigger('go'), { signal: controller.signal })
  t.deepEqual((await gen.next()).value, round[0])
  await sleep(300)
  controller.abort()
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
  // Pulling on ends the execution with finish/stop (after at most the events already buffered).
  let last
  let pulls = 0
  for (;;) {
    const r = await gen.next()
    if (r.done || ++pulls > LONG_COUNT + 10) break
    last = r.value
  }
  t.deepEqual(last, FINISH_STOP)
})

test('an id that cannot be a path segment: execute and workers.execute throw the TypeError REST calls give, and send nothing', async (t) => {
  const mock = await startMock(t)
  const client = clientFor(mock)
  for (const id of ['..', '.', '']) {
    const fromSession = await t.throwsAsync(collect(client.agentSessions.attach(id).execute({ type: 'trigger', triggerName: 'go' })), {
      instanceOf: TypeError,
    })
    t.is(fromSession.code, 'OCTAVUS_INVALID_ARGUMENT')
    t.regex(fromSession.message, /session id/)
    const fromWorker = await t.throwsAsync(collect(client.workers.execute(id, {})), { instanceOf: TypeError })
    t.regex(fromWorker.message, /agent id/)
    const fromRest = await t.throwsAsync(client.agentSessions.get(id), { instanceOf: TypeError })
    t.is(fromRest.code, fromSession.code)
  }
  t.is(mock.requests.length, 0)
})
