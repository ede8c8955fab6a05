'use strict'
// toSSEStream (docs/protocol.md §4 end, DESIGN "Native passthrough"): exact byte framing, the native
// relay path (an unstarted execution) and the generic path (any async iterable) give the same
// event sequence as iterating; cancellation reaches the platform connection.

const test = require('ava')
const { Resource, toSSEStream } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, within, sleep, deferred, waitFor, trigger, FINISH_STOP } = require('./fixtures/harness.js')

/** Reads a byte stream to its end; every chunk must be a Uint8Array. */
async function readAll(t, stream) {
  const reader = stream.getReader()
  const chunks = []
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    t.true(value instanceof Uint8Array, 'chunks are Uint8Array')
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The exact SSE text toSSEStream must produce for these events (then [DONE]). */
const framed = (events) => events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n'

// ---------------------------------------------------------------------------------------------
// Generic path: any async iterable of events

test('generic path: exact bytes "data: <json>\\n\\n" per event, then "data: [DONE]\\n\\n"', async (t) => {
  const events = [
    { type: 'start', messageId: 'm1' },
    { type: 'text-start', id: 't' },
    { type: 'text-delta', id: 't', delta: 'line one\nline "two" ü 👋' },
    { type: 'text-end', id: 't' },
    FINISH_STOP,
  ]
  async function* source() {
    for (const e of events) {
      await sleep(1)
      yield e
    }
  }
  const text = await readAll(t, toSSEStream(source()))
  t.is(text, framed(events))
  t.is(
    text,
    'data: {"type":"start","messageId":"m1"}\n\n' +
      'data: {"type":"text-start","id":"t"}\n\n' +
      'data: {"type":"text-delta","id":"t","delta":"line one\\nline \\"two\\" ü 👋"}\n\n' +
      'data: {"type":"text-end","id":"t"}\n\n' +
      'data: {"type":"finish","finishReason":"stop"}\n\n' +
      'data: [DONE]\n\n',
  )
})

test('generic path works with new Response(toSSEStream(events)).text(); an empty source gives only [DONE]', async (t) => {
  async function* source() {
    yield { type: 'start' }
    yield FINISH_STOP
  }
  t.is(await new Response(toSSEStream(source())).text(), framed([{ type: 'start' }, FINISH_STOP]))
  async function* empty() {}
  t.is(await new Response(toSSEStream(empty())).text(), 'data: [DONE]\n\n')
})

test('generic path: an iterator that throws gives one internal error event with its message, then closes', async (t) => {
  async function* source() {
    yield { type: 'start' }
    throw new Error('source exploded')
  }
  const text = await new Response(toSSEStream(source())).text()
  t.is(
    text,
    'data: {"type":"start"}\n\n' +
      `data: ${JSON.stringify({ type: 'error', errorType: 'internal_error', message: 'source exploded', source: 'platform', retryable: false })}\n\n`,
  )
  t.false(text.includes('[DONE]'))
})

test('generic path: reader.cancel() returns the source iterator (its finally runs)', async (t) => {
  let finalized = false
  async function* source() {
    try {
      yield { type: 'start' }
      for (let i = 0; i < 1000; i++) {
        await sleep(5)
        yield { type: 'text-delta', id: 't', delta: String(i) }
      }
    } finally {
      finalized = true
    }
  }
  const reader = toSSEStream(source()).getReader()
  const first = await reader.read()
  t.false(first.done)
  await reader.cancel()
  t.true(finalized)
})

// ---------------------------------------------------------------------------------------------
// Relay path vs iterating: same sequence

const RELAY_SCRIPT = () => [
  {
    sse: [
      sse.start('exec-r', { messageId: 'msg-1' }),
      '{broken json',
      { type: 'unknown-kind', x: 1 },
      { type: 'text-delta', id: 'no-delta' },
      ...sse.reasoning('r', 'let me think', { chunks: 3 }),
      ...sse.text('t1', 'Grüße 👋 "quoted" \\ slash', { chunks: 4 }),
      sse.resourceUpdate('todos', [{ id: 1 }]),
      ...sse.toolInput('c1', 'lookup', { q: 'x' }),
      sse.toolRequest([
        { toolCallId: 'c1', toolName: 'lookup', args: { q: 'x' }, outputVariable: 'OUT' },
        { toolCallId: 'c2', toolName: 'failing', args: {} },
      ]),
      sse.finish('tool-calls'),
    ],
    chunkSize: 7,
  },
  { sse: [sse.start('exec-r'), ...sse.text('t2', 'final answer', { chunks: 2 }), sse.finish('stop', 'exec-r')], crlf: true },
]

function relaySession(mock, id, resourceCalls) {
  mock.session(id, RELAY_SCRIPT())
  class Todos extends Resource {
    name = 'todos'
    onUpdate(value) {
      resourceCalls.push(value)
    }
  }
  return clientFor(mock).agentSessions.attach(id, {
    tools: {
      lookup: async ({ q }) => ({ answer: `${q}!` }),
      failing: () => {
        throw new Error('nope')
      },
    },
    resources: [new Todos()],
  })
}

test('relay path (unstarted execution) produces exactly the events iterating produces, with tools and resources', async (t) => {
  const mock = await startMock(t)
  const iterCalls = []
  const iterated = await collect(relaySession(mock, 's-iter', iterCalls).execute(trigger('go', { a: 1 })))
  const relayCalls = []
  const text = await readAll(t, toSSEStream(relaySession(mock, 's-relay', relayCalls).execute(trigger('go', { a: 1 }))))

  t.deepEqual(iterated, [
    sse.start('exec-r', { messageId: 'msg-1' }),
    ...sse.reasoning('r', 'let me think', { chunks: 3 }),
    ...sse.text('t1', 'Grüße 👋 "quoted" \\ slash', { chunks: 4 }),
    sse.resourceUpdate('todos', [{ id: 1 }]),
    ...sse.toolInput('c1', 'lookup', { q: 'x' }),
    { type: 'tool-output-available', toolCallId: 'c1', output: { answer: 'x!' } },
    { type: 'tool-output-error', toolCallId: 'c2', error: 'nope' },
    sse.start('exec-r'),
    ...sse.text('t2', 'final answer', { chunks: 2 }),
    sse.finish('stop', 'exec-r'),
  ])
  const parsed = sse.parse(text)
  t.true(parsed.done)
  t.deepEqual(parsed.events, iterated)
  t.is(text, framed(iterated))

  // Both paths sent the same bodies.
  const bodies = (id) => mock.requestsTo('POST', `/api/agent-sessions/${id}/trigger`).map((r) => r.body)
  t.deepEqual(bodies('s-relay'), bodies('s-iter'))
  t.deepEqual(bodies('s-relay')[1], {
    triggerName: 'go',
    input: { a: 1 },
    executionId: 'exec-r',
    toolResults: [
      { toolCallId: 'c1', toolName: 'lookup', result: { answer: 'x!' }, outputVariable: 'OUT' },
      { toolCallId: 'c2', toolName: 'failing', error: 'nope' },
    ],
  })
  t.true(await waitFor(() => relayCalls.length >= 1))
  t.deepEqual(relayCalls, [[{ id: 1 }]])
  t.deepEqual(iterCalls, [[{ id: 1 }]])
})

test('generic path over an execution already started by one next() gives the same sequence', async (t) => {
  const mock = await startMock(t)
  const iterated = await collect(relaySession(mock, 's-iter2', []).execute(trigger('go', { a: 1 })))
  const gen = relaySession(mock, 's-started', []).execute(trigger('go', { a: 1 }))
  const first = await gen.next()
  t.false(first.done)
  const text = await new Response(toSSEStream(gen)).text()
  const parsed = sse.parse(text)
  t.true(parsed.done)
  t.deepEqual([first.value, ...parsed.events], iterated)
  t.is(`data: ${JSON.stringify(first.value)}\n\n${text}`, framed(iterated))
})

test('a plain async generator of events gives the same bytes as the relay of the same events', async (t) => {
  const mock = await startMock(t)
  const events = [sse.start('exec-p'), ...sse.text('t', 'same bytes', { chunks: 3 }), sse.finish('stop')]
  mock.session('s-plain', [events])
  const relayText = await new Response(toSSEStream(clientFor(mock).agentSessions.attach('s-plain').execute(trigger('go')))).text()
  async function* plain() {
    yield* events
  }
  const plainText = await new Response(toSSEStream(plain())).text()
  t.is(relayText, plainText)
  t.is(relayText, framed(events))
})

test('relay path: client tools give client-tool-request and finish(client-tool-calls), then [DONE]', async (t) => {
  const mock = await startMock(t)
  const call = { toolCallId: 'cc', toolName: 'ask', args: { q: '?' } }
  mock.session('s-relay-client', [[sse.start('exec-rc'), sse.toolRequest([call]), sse.finish('tool-calls')]])
  const text = await new Response(toSSEStream(clientFor(mock).agentSessions.attach('s-relay-client').execute(trigger('go')))).text()
  t.is(
    text,
    framed([
      sse.start('exec-rc'),
      { type: 'client-tool-request', executionId: 'exec-rc', toolCalls: [call] },
      { type: 'finish', finishReason: 'client-tool-calls', executionId: 'exec-rc' },
    ]),
  )
})

test('relay path: an HTTP error becomes the error event, then [DONE]', async (t) => {
  const mock = await startMock(t)
  mock.session('s-relay-401', [{ status: 401, json: { error: 'Bad key', code: 'UNAUTHORIZED' } }])
  const session = clientFor(mock).agentSessions.attach('s-relay-401')
  const iterated = await collect(session.execute(trigger('go')))
  t.deepEqual(iterated, [
    { type: 'error', errorType: 'authentication_error', message: 'Bad key', source: 'platform', retryable: false, code: 'UNAUTHORIZED' },
  ])
  const text = await new Response(toSSEStream(session.execute(trigger('go')))).text()
  t.deepEqual(sse.parse(text), { events: iterated, done: true })
})

test('relay path: a long stream (5,000 events) read slowly arrives complete and in order', async (t) => {
  const mock = await startMock(t)
  const events = [sse.start('exec-long')]
  for (let i = 0; i < 5000; i++) events.push({ type: 'text-delta', id: 't', delta: `${i},` })
  events.push(sse.finish('stop'))
  mock.session('s-relay-long', [events])
  const reader = toSSEStream(clientFor(mock).agentSessions.attach('s-relay-long').execute(trigger('go'))).getReader()
  const chunks = []
  for (let reads = 0; reads < 100000; reads++) {
    const { value, done } = await reader.read()
    if (done) break
    chunks.push(Buffer.from(value))
    if (reads % 3 === 0) await sleep(2)
  }
  t.is(Buffer.concat(chunks).toString('utf8'), framed(events))
})

// ---------------------------------------------------------------------------------------------
// Relay path: abort and cancel

test('relay path: abort before start sends nothing and streams finish/stop then [DONE]', async (t) => {
  const mock = await startMock(t)
  mock.session('s-relay-abort0', [[sse.start('never')]])
  const controller = new AbortController()
  controller.abort()
  const gen = clientFor(mock).agentSessions.attach('s-relay-abort0').execute(trigger('go'), { signal: controller.signal })
  t.is(await new Response(toSSEStream(gen)).text(), framed([FINISH_STOP]))
  t.is(mock.requests.length, 0)
})

test('relay path: abort mid-stream streams finish/stop then [DONE], and the platform connection closes', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-ra'), ...sse.text('t', 'hanging', { chunks: 2 }), sse.finish('stop')]
  mock.session('s-relay-abort', [{ sse: round, hangAfter: 3 }])
  const controller = new AbortController()
  const stream = toSSEStream(clientFor(mock).agentSessions.attach('s-relay-abort').execute(trigger('go'), { signal: controller.signal }))
  const reader = stream.getReader()
  let text = ''
  for (let reads = 0; reads < 100 && sse.parse(text).events.length < 3; reads++) {
    const { value, done } = await reader.read()
    if (done) break
    text += Buffer.from(value).toString('utf8')
  }
  t.deepEqual(sse.parse(text).events, round.slice(0, 3))
  controller.abort()
  for (let reads = 0; reads < 100; reads++) {
    const r = await within(reader.read(), 5000, { done: true, timeout: true })
    t.falsy(r.timeout, 'the stream ended after the abort')
    if (r.done) break
    text += Buffer.from(r.value).toString('utf8')
  }
  t.is(text, framed([...round.slice(0, 3), FINISH_STOP]))
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
})

test('relay path: reader.cancel() closes the platform connection', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-rcancel'), ...sse.text('t', 'abc'), sse.finish('stop')]
  mock.session('s-relay-cancel', [{ sse: round, hangAfter: 2 }])
  const reader = toSSEStream(clientFor(mock).agentSessions.attach('s-relay-cancel').execute(trigger('go'))).getReader()
  const first = await reader.read()
  t.false(first.done)
  t.true(Buffer.from(first.value).toString('utf8').startsWith('data: {"type":"start"'))
  await reader.cancel()
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
})

test('relay path: reader.cancel() after the reader paused (buffers full) closes the platform connection', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-rfull'), ...sse.deltas('t', 50000, 'y'.repeat(50)), sse.finish('stop')]
  mock.session('s-relay-full', [{ sse: round, hangAfter: round.length }])
  const reader = toSSEStream(clientFor(mock).agentSessions.attach('s-relay-full').execute(trigger('go'))).getReader()
  t.false((await reader.read()).done)
  await sleep(300)
  await reader.cancel()
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
})

test('generic path over a started execution: reader.cancel() closes the platform connection', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-gc'), ...sse.text('t', 'abc'), sse.finish('stop')]
  mock.session('s-generic-cancel', [{ sse: round, hangAfter: 2 }])
  const gen = clientFor(mock).agentSessions.attach('s-generic-cancel').execute(trigger('go'))
  t.deepEqual((await gen.next()).value, round[0])
  const reader = toSSEStream(gen).getReader()
  const first = await reader.read()
  t.is(Buffer.from(first.value).toString('utf8'), `data: ${JSON.stringify(round[1])}\n\n`)
  await reader.cancel()
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
})

// ---------------------------------------------------------------------------------------------
// One consumer per execution

test('iterating an execution after toSSEStream claimed it throws a clear error', async (t) => {
  const mock = await startMock(t)
  const events = [sse.start('exec-claim'), sse.finish('stop')]
  mock.session('s-claim', [events])
  const gen = clientFor(mock).agentSessions.attach('s-claim').execute(trigger('go'))
  const text = await new Response(toSSEStream(gen)).text()
  t.is(text, framed(events))
  await t.throwsAsync(() => gen.next(), { instanceOf: Error, message: /already started/i })
  t.is(mock.requests.length, 1)

  const gen2 = clientFor(mock).agentSessions.attach('s-claim').execute(trigger('go'))
  const reader = toSSEStream(gen2).getReader()
  t.false((await reader.read()).done)
  await t.throwsAsync(() => collect(gen2), { instanceOf: Error, message: /already started/i })
  await reader.cancel()
})

test('a second toSSEStream over the same execution emits an internal error event instead of a second request', async (t) => {
  const mock = await startMock(t)
  const events = [sse.start('exec-twice'), sse.finish('stop')]
  mock.session('s-twice', [events])
  const gen = clientFor(mock).agentSessions.attach('s-twice').execute(trigger('go'))
  const firstText = await new Response(toSSEStream(gen)).text()
  const secondText = await new Response(toSSEStream(gen)).text()
  t.is(firstText, framed(events))
  const second = sse.parse(secondText)
  t.false(second.done)
  t.is(second.events.length, 1)
  t.like(second.events[0], { type: 'error', errorType: 'internal_error', source: 'platform', retryable: false })
  t.regex(second.events[0].message, /already started/i)
  t.is(mock.requests.length, 1)
})

test('resources fire through the relay path too (onUpdate gets the value)', async (t) => {
  const mock = await startMock(t)
  mock.session('s-relay-res', [[sse.start('e'), sse.resourceUpdate('doc', { v: 2 }), sse.finish('stop')]])
  const seen = deferred()
  class Doc extends Resource {
    name = 'doc'
    onUpdate(value) {
      seen.resolve(value)
    }
  }
  const session = clientFor(mock).agentSessions.attach('s-relay-res', { resources: [new Doc()] })
  const text = await new Response(toSSEStream(session.execute(trigger('go')))).text()
  t.is(text, framed([sse.start('e'), sse.resourceUpdate('doc', { v: 2 }), sse.finish('stop')]))
  t.deepEqual(await within(seen.promise, 5000), { v: 2 })
})
