'use strict'
// The session continuation loop (docs/protocol.md §4) against the mock platform: what is yielded,
// and what the platform receives on each round (bodies, order, laziness), plus load shapes.

const test = require('ava')
const { Resource } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, within, sleep, deferred, trigger, MISSING_EXECUTION_ID_ERROR } = require('./fixtures/harness.js')

const TRIGGER_PATH = (id) => `/api/agent-sessions/${id}/trigger`

// ---------------------------------------------------------------------------------------------
// Laziness, request shape, abort before start

test('execute() sends nothing until the first next(); then one POST with the trigger body', async (t) => {
  const mock = await startMock(t)
  const events = [sse.start('exec-1'), ...sse.text('t1', 'Hello there', { chunks: 3 }), sse.finish('stop')]
  mock.session('s-lazy', [events])
  const session = clientFor(mock).agentSessions.attach('s-lazy')

  const gen = session.execute(trigger('user-message', { text: 'hi', n: 2 }))
  await sleep(100)
  t.is(mock.requests.length, 0, 'no request before the first pull')

  const first = await gen.next()
  t.deepEqual(first, { value: sse.start('exec-1'), done: false })
  t.is(mock.requests.length, 1)
  const rest = await collect({ [Symbol.asyncIterator]: () => gen })
  t.deepEqual([first.value, ...rest], events)

  const [req] = mock.requests
  t.is(req.method, 'POST')
  t.is(req.path, TRIGGER_PATH('s-lazy'))
  t.is(req.headers['content-type'], 'application/json')
  t.is(req.headers.authorization, 'Bearer test-key')
  t.deepEqual(req.body, { triggerName: 'user-message', input: { text: 'hi', n: 2 } })
  t.is(mock.requests.length, 1)
})

test('an execution that is never pulled never sends a request', async (t) => {
  const mock = await startMock(t)
  mock.session('s-unpulled', [[sse.start('e'), sse.finish('stop')]])
  const session = clientFor(mock).agentSessions.attach('s-unpulled')
  session.execute(trigger('user-message'))
  session.trigger('user-message', { a: 1 })
  await sleep(100)
  t.is(mock.requests.length, 0)
})

test('abort before start: no request is sent and the generator yields finish/stop only', async (t) => {
  const mock = await startMock(t)
  mock.session('s-abort0', [[sse.start('e'), ...sse.text('t', 'x'), sse.finish('stop')]])
  const session = clientFor(mock).agentSessions.attach('s-abort0')

  const controller = new AbortController()
  controller.abort()
  const events = await collect(session.execute(trigger('user-message'), { signal: controller.signal }))
  t.deepEqual(events, [{ type: 'finish', finishReason: 'stop' }])

  // Aborted after execute() but before the first pull: same.
  const late = new AbortController()
  const gen = session.execute(trigger('user-message'), { signal: late.signal })
  late.abort()
  t.deepEqual(await collect(gen), [{ type: 'finish', finishReason: 'stop' }])

  await sleep(50)
  t.is(mock.requests.length, 0)
})

test('input undefined and rollbackAfterMessageId undefined are omitted; null rollback is sent as null', async (t) => {
  const mock = await startMock(t)
  mock.session('s-body', [[sse.start('e'), sse.finish('stop')]])
  const session = clientFor(mock).agentSessions.attach('s-body')

  await collect(session.execute({ type: 'trigger', triggerName: 'a' }))
  await collect(session.execute(trigger('b', undefined, { rollbackAfterMessageId: undefined })))
  await collect(session.execute(trigger('c', { k: 'v' }, { rollbackAfterMessageId: null })))
  await collect(session.execute(trigger('d', { k: 1 }, { rollbackAfterMessageId: 'msg-7' })))

  const bodies = mock.requests.map((r) => r.body)
  t.deepEqual(bodies[0], { triggerName: 'a' })
  t.false('input' in bodies[0])
  t.false('rollbackAfterMessageId' in bodies[0])
  t.deepEqual(bodies[1], { triggerName: 'b' })
  t.false('rollbackAfterMessageId' in bodies[1])
  t.deepEqual(bodies[2], { triggerName: 'c', input: { k: 'v' }, rollbackAfterMessageId: null })
  t.true(mock.requests[2].rawBody.includes('"rollbackAfterMessageId":null'))
  t.deepEqual(bodies[3], { triggerName: 'd', input: { k: 1 }, rollbackAfterMessageId: 'msg-7' })
})

test('trigger(name, input, {signal}) is the older spelling of execute({type:"trigger"})', async (t) => {
  const mock = await startMock(t)
  const events = [sse.start('e-old'), ...sse.text('t', 'old style'), sse.finish('stop')]
  mock.session('s-old', [events])
  const session = clientFor(mock).agentSessions.attach('s-old')
  t.is(session.getSessionId(), 's-old')

  t.deepEqual(await collect(session.trigger('user-message', { text: 'x' })), events)
  t.deepEqual(mock.requests[0].body, { triggerName: 'user-message', input: { text: 'x' } })

  const controller = new AbortController()
  controller.abort()
  t.deepEqual(await collect(session.trigger('user-message', {}, { signal: controller.signal })), [{ type: 'finish', finishReason: 'stop' }])
  t.is(mock.requests.length, 1)
})

test('a request type other than "continue" is treated as a trigger', async (t) => {
  const mock = await startMock(t)
  mock.session('s-odd', [[sse.start('e'), sse.finish('stop')]])
  const session = clientFor(mock).agentSessions.attach('s-odd')
  await collect(session.execute({ type: 'something-else', triggerName: 'go', input: { a: 1 } }))
  t.deepEqual(mock.requests[0].body, { triggerName: 'go', input: { a: 1 } })
})

// ---------------------------------------------------------------------------------------------
// Reading a round

test('events after finish (and after [DONE]) in the same response are still yielded; no second round', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('e-after'), sse.finish('stop'), ...sse.text('late', 'after finish'), '[DONE]', sse.blockEnd('b-late')]
  mock.session('s-after', [round, [sse.start('never'), sse.finish('stop')]])
  const session = clientFor(mock).agentSessions.attach('s-after')
  const events = await collect(session.execute(trigger('user-message')))
  t.deepEqual(events, [sse.start('e-after'), sse.finish('stop'), ...sse.text('late', 'after finish'), sse.blockEnd('b-late')])
  t.is(mock.requests.length, 1)
})

test('a stream that ends without finish gets no invented finish', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('e-nf'), ...sse.reasoning('r', 'thinking'), ...sse.text('t', 'partial')]
  mock.session('s-nofinish', [round])
  const session = clientFor(mock).agentSessions.attach('s-nofinish')
  t.deepEqual(await collect(session.execute(trigger('user-message'))), round)
  t.is(mock.requests.length, 1)
})

test('every known event type is yielded unchanged and in order', async (t) => {
  const mock = await startMock(t)
  const round = [
    sse.start('e-all', { messageId: 'm-1' }),
    sse.blockStart('b1', 'Reply', { display: 'stream', description: 'desc', outputToChat: true, thread: 'main' }),
    ...sse.reasoning('r1', 'hmm', { chunks: 2 }),
    ...sse.text('t1', 'answer', { responseType: 'text' }),
    ...sse.toolInput('tc-0', 'lookup', { q: 'x' }, { title: 'Look up' }),
    sse.toolOutput('tc-0', { found: true }),
    sse.toolOutputError('tc-9', 'nope'),
    sse.sourceUrl('src-1', 'https://example.com', 'Example'),
    sse.sourceDocument('src-2', 'application/pdf', 'Doc', 'doc.pdf'),
    sse.fileAvailable('f1', 'image/png', 'https://files/f1', { filename: 'a.png', size: 3 }),
    sse.workerStart('w1', 'helper', 'a worker'),
    sse.workerResult('w1', { output: { ok: 1 } }),
    sse.error({ errorType: 'provider_error', message: 'upstream', source: 'provider', retryable: true, provider: { name: 'x' } }),
    sse.blockEnd('b1', 'sum'),
    sse.finish('length', 'e-all'),
  ]
  mock.session('s-all', [round])
  const session = clientFor(mock).agentSessions.attach('s-all')
  t.deepEqual(await collect(session.execute(trigger('user-message'))), round)
})

test('resource-update calls the matching Resource.onUpdate, not others, and is yielded', async (t) => {
  const mock = await startMock(t)
  const round = [
    sse.start('e-res'),
    sse.resourceUpdate('unattached', { nope: true }),
    sse.resourceUpdate('todos', [{ id: 1, done: false }]),
    sse.resourceUpdate('notes', 'note text'),
    sse.finish('stop'),
  ]
  mock.session('s-res', [round])
  const calls = []
  const seen = deferred()
  class Todos extends Resource {
    name = 'todos'
    onUpdate(value) {
      calls.push(['todos', value])
    }
  }
  class Notes extends Resource {
    name = 'notes'
    async onUpdate(value) {
      calls.push(['notes', value])
      seen.resolve()
    }
  }
  class Other extends Resource {
    name = 'other'
    onUpdate(value) {
      calls.push(['other', value])
    }
  }
  const session = clientFor(mock).agentSessions.attach('s-res', { resources: [new Todos(), new Notes(), new Other()] })
  const events = await collect(session.execute(trigger('user-message')))
  t.deepEqual(events, round)
  t.not(await within(seen.promise, 5000), 'timeout', 'notes.onUpdate was called')
  await sleep(20)
  t.deepEqual(calls, [
    ['todos', [{ id: 1, done: false }]],
    ['notes', 'note text'],
  ])
})

// ---------------------------------------------------------------------------------------------
// Tool rounds

test('tool round: tool-request and finish(tool-calls) are swallowed; next round sends executionId + toolResults', async (t) => {
  const mock = await startMock(t)
  const call = { toolCallId: 'call-1', toolName: 'get-weather', args: { city: 'Oslo' } }
  mock.session('s-tool', [
    [sse.start('exec-42'), ...sse.toolInput('call-1', 'get-weather', { city: 'Oslo' }), sse.toolRequest([call]), sse.finish('tool-calls')],
    [sse.start('exec-42'), ...sse.text('t2', 'It is cold'), sse.finish('stop', 'exec-42')],
  ])
  const handlerArgs = []
  const session = clientFor(mock).agentSessions.attach('s-tool', {
    tools: {
      'get-weather': async (args) => {
        handlerArgs.push(args)
        return { temp: -3, unit: 'C' }
      },
    },
  })
  const events = await collect(session.execute(trigger('user-message', { text: 'weather?' }, { rollbackAfterMessageId: 'm-0' })))
  t.deepEqual(events, [
    sse.start('exec-42'),
    ...sse.toolInput('call-1', 'get-weather', { city: 'Oslo' }),
    { type: 'tool-output-available', toolCallId: 'call-1', output: { temp: -3, unit: 'C' } },
    sse.start('exec-42'),
    ...sse.text('t2', 'It is cold'),
    sse.finish('stop', 'exec-42'),
  ])
  t.false(events.some((e) => e.type === 'tool-request'))
  t.deepEqual(handlerArgs, [{ city: 'Oslo' }])
  t.is(mock.requests.length, 2)
  t.deepEqual(mock.requests[0].body, { triggerName: 'user-message', input: { text: 'weather?' }, rollbackAfterMessageId: 'm-0' })
  t.deepEqual(mock.requests[1].body, {
    triggerName: 'user-message',
    input: { text: 'weather?' },
    rollbackAfterMessageId: 'm-0',
    executionId: 'exec-42',
    toolResults: [{ toolCallId: 'call-1', toolName: 'get-weather', result: { temp: -3, unit: 'C' } }],
  })
  t.deepEqual(Object.keys(mock.requests[1].body).slice(-2), ['executionId', 'toolResults'])
})

test('the tracked executionId follows the latest start event across rounds', async (t) => {
  const mock = await startMock(t)
  const req = (id) => sse.toolRequest([{ toolCallId: id, toolName: 'step', args: { id } }])
  mock.session('s-track', [
    [sse.start('exec-A'), req('c1'), sse.finish('tool-calls')],
    [sse.start(), sse.start('exec-B', { messageId: 'm' }), req('c2'), sse.finish('tool-calls')],
    [sse.start('exec-C'), sse.finish('stop')],
  ])
  const session = clientFor(mock).agentSessions.attach('s-track', { tools: { step: ({ id }) => `done ${id}` } })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(
    events.filter((e) => e.type === 'tool-output-available'),
    [
      { type: 'tool-output-available', toolCallId: 'c1', output: 'done c1' },
      { type: 'tool-output-available', toolCallId: 'c2', output: 'done c2' },
    ],
  )
  t.is(mock.requests.length, 3)
  t.is(mock.requests[1].body.executionId, 'exec-A')
  t.deepEqual(mock.requests[1].body.toolResults, [{ toolCallId: 'c1', toolName: 'step', result: 'done c1' }])
  t.is(mock.requests[2].body.executionId, 'exec-B')
  t.deepEqual(mock.requests[2].body.toolResults, [{ toolCallId: 'c2', toolName: 'step', result: 'done c2' }])
  t.deepEqual(events.at(-1), sse.finish('stop'))
})

test('finish(tool-calls) without pending calls is yielded and ends the loop', async (t) => {
  const mock = await startMock(t)
  mock.session('s-tc-nopending', [
    [sse.start('e'), sse.finish('tool-calls')],
    [sse.start('never'), sse.finish('stop')],
  ])
  const session = clientFor(mock).agentSessions.attach('s-tc-nopending', { tools: { x: () => 1 } })
  t.deepEqual(await collect(session.execute(trigger('go'))), [sse.start('e'), sse.finish('tool-calls')])
  t.is(mock.requests.length, 1)
})

test('an empty tool-request ends the loop after the round', async (t) => {
  const mock = await startMock(t)
  mock.session('s-empty-req', [[sse.start('e'), sse.toolRequest([]), sse.finish('tool-calls')], [sse.start('never')]])
  const session = clientFor(mock).agentSessions.attach('s-empty-req', { tools: { x: () => 1 } })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(events[0], sse.start('e'))
  t.false(events.some((e) => e.type === 'tool-request' || e.type === 'tool-output-available'))
  t.is(mock.requests.length, 1)
})

test('a non-tool finish with pending server calls runs the tools but ends after the round', async (t) => {
  const mock = await startMock(t)
  const call = { toolCallId: 'c1', toolName: 'save', args: { v: 1 } }
  mock.session('s-stop-pending', [[sse.start('e-sp'), sse.toolRequest([call]), sse.finish('stop')], [sse.start('never')]])
  let ran = 0
  const session = clientFor(mock).agentSessions.attach('s-stop-pending', {
    tools: {
      save: () => {
        ran++
        return 'saved'
      },
    },
  })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(events, [sse.start('e-sp'), sse.finish('stop'), { type: 'tool-output-available', toolCallId: 'c1', output: 'saved' }])
  t.is(ran, 1)
  t.is(mock.requests.length, 1)
})

test('several tool-request events in one round: the last one wins', async (t) => {
  const mock = await startMock(t)
  mock.session('s-last', [
    [
      sse.start('e-last'),
      sse.toolRequest([{ toolCallId: 'old-1', toolName: 'a', args: { n: 1 } }]),
      sse.toolRequest([
        { toolCallId: 'new-1', toolName: 'b', args: { n: 2 } },
        { toolCallId: 'new-2', toolName: 'a', args: { n: 3 } },
      ]),
      sse.finish('tool-calls'),
    ],
    [sse.start('e-last'), sse.finish('stop')],
  ])
  const calls = []
  const session = clientFor(mock).agentSessions.attach('s-last', {
    tools: {
      a: ({ n }) => {
        calls.push(['a', n])
        return n * 10
      },
      b: ({ n }) => {
        calls.push(['b', n])
        return n * 100
      },
    },
  })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(calls.sort(), [
    ['a', 3],
    ['b', 2],
  ])
  t.deepEqual(
    events.filter((e) => e.type.startsWith('tool-output')),
    [
      { type: 'tool-output-available', toolCallId: 'new-1', output: 200 },
      { type: 'tool-output-available', toolCallId: 'new-2', output: 30 },
    ],
  )
  t.deepEqual(mock.requests[1].body.toolResults, [
    { toolCallId: 'new-1', toolName: 'b', result: 200 },
    { toolCallId: 'new-2', toolName: 'a', result: 30 },
  ])
})

test('server tools run concurrently; results keep call order and copy outputVariable/blockIndex/thread/workerId', async (t) => {
  const mock = await startMock(t)
  const calls = [
    {
      toolCallId: 'c-first',
      toolName: 'first',
      args: { x: 1 },
      source: 'block',
      outputVariable: 'FIRST_OUT',
      blockIndex: 3,
      thread: 'research',
      workerId: 'w-1',
      thoughtSignature: 'sig',
    },
    { toolCallId: 'c-second', toolName: 'second', args: { y: 2 }, source: 'llm' },
  ]
  mock.session('s-conc', [
    [sse.start('exec-conc'), sse.toolRequest(calls), sse.finish('tool-calls')],
    [sse.start('exec-conc'), sse.finish('stop')],
  ])
  const firstStarted = deferred()
  const secondStarted = deferred()
  const order = []
  const session = clientFor(mock).agentSessions.attach('s-conc', {
    tools: {
      // Each waits for the other to have started: only concurrent execution completes both.
      first: async (args) => {
        firstStarted.resolve()
        const other = await within(secondStarted.promise, 5000)
        if (other === 'timeout') throw new Error('second never started while first ran')
        await sleep(30) // finish after `second`: results must still come in call order
        order.push('first')
        return { from: 'first', args }
      },
      second: async (args) => {
        secondStarted.resolve()
        const other = await within(firstStarted.promise, 5000)
        if (other === 'timeout') throw new Error('first never started while second ran')
        order.push('second')
        return { from: 'second', args }
      },
    },
  })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(order, ['second', 'first'])
  t.deepEqual(events, [
    sse.start('exec-conc'),
    { type: 'tool-output-available', toolCallId: 'c-first', output: { from: 'first', args: { x: 1 } } },
    { type: 'tool-output-available', toolCallId: 'c-second', output: { from: 'second', args: { y: 2 } } },
    sse.start('exec-conc'),
    sse.finish('stop'),
  ])
  t.deepEqual(mock.requests[1].body, {
    triggerName: 'go',
    executionId: 'exec-conc',
    toolResults: [
      {
        toolCallId: 'c-first',
        toolName: 'first',
        result: { from: 'first', args: { x: 1 } },
        outputVariable: 'FIRST_OUT',
        blockIndex: 3,
        thread: 'research',
        workerId: 'w-1',
      },
      { toolCallId: 'c-second', toolName: 'second', result: { from: 'second', args: { y: 2 } } },
    ],
  })
})

test('a throwing handler gives tool-output-error and an error entry in toolResults; the loop continues', async (t) => {
  const mock = await startMock(t)
  mock.session('s-toolerr', [
    [
      sse.start('exec-te'),
      sse.toolRequest([
        { toolCallId: 'ok-1', toolName: 'fine', args: {} },
        { toolCallId: 'bad-1', toolName: 'broken', args: { a: 1 }, outputVariable: 'OUT' },
      ]),
      sse.finish('tool-calls'),
    ],
    [sse.start('exec-te'), ...sse.text('t', 'recovered'), sse.finish('stop')],
  ])
  const session = clientFor(mock).agentSessions.attach('s-toolerr', {
    tools: {
      fine: () => null,
      broken: async () => {
        throw new Error('database unavailable')
      },
    },
  })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(events, [
    sse.start('exec-te'),
    { type: 'tool-output-available', toolCallId: 'ok-1', output: null },
    { type: 'tool-output-error', toolCallId: 'bad-1', error: 'database unavailable' },
    sse.start('exec-te'),
    ...sse.text('t', 'recovered'),
    sse.finish('stop'),
  ])
  t.deepEqual(mock.requests[1].body.toolResults, [
    { toolCallId: 'ok-1', toolName: 'fine', result: null },
    { toolCallId: 'bad-1', toolName: 'broken', error: 'database unavailable', outputVariable: 'OUT' },
  ])
})

// ---------------------------------------------------------------------------------------------
// Client tools

test('client tools only: client-tool-request (no serverToolResults) then finish(client-tool-calls); no next round', async (t) => {
  const mock = await startMock(t)
  const clientCall = { toolCallId: 'cc-1', toolName: 'ask-user', args: { question: 'OK?' }, source: 'llm', thread: 'main' }
  mock.session('s-client', [
    [sse.start('exec-cl'), ...sse.toolInput('cc-1', 'ask-user', { question: 'OK?' }), sse.toolRequest([clientCall]), sse.finish('tool-calls')],
    [sse.start('never'), sse.finish('stop')],
  ])
  const session = clientFor(mock).agentSessions.attach('s-client', { tools: { other: () => 1 } })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(events, [
    sse.start('exec-cl'),
    ...sse.toolInput('cc-1', 'ask-user', { question: 'OK?' }),
    { type: 'client-tool-request', executionId: 'exec-cl', toolCalls: [clientCall] },
    { type: 'finish', finishReason: 'client-tool-calls', executionId: 'exec-cl' },
  ])
  t.false('serverToolResults' in events.at(-2))
  t.is(mock.requests.length, 1)
})

test('mixed server and client tools: server outputs, then client-tool-request with serverToolResults', async (t) => {
  const mock = await startMock(t)
  const serverCall = { toolCallId: 'sc-1', toolName: 'lookup', args: { id: 7 }, blockIndex: 1 }
  const clientCall = { toolCallId: 'cc-1', toolName: 'confirm', args: { text: 'sure?' } }
  mock.session('s-mixed', [[sse.start('exec-mx'), sse.toolRequest([clientCall, serverCall]), sse.finish('tool-calls')], [sse.start('never')]])
  const session = clientFor(mock).agentSessions.attach('s-mixed', { tools: { lookup: ({ id }) => ({ name: `item ${id}` }) } })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(events, [
    sse.start('exec-mx'),
    { type: 'tool-output-available', toolCallId: 'sc-1', output: { name: 'item 7' } },
    {
      type: 'client-tool-request',
      executionId: 'exec-mx',
      toolCalls: [clientCall],
      serverToolResults: [{ toolCallId: 'sc-1', toolName: 'lookup', result: { name: 'item 7' }, blockIndex: 1 }],
    },
    { type: 'finish', finishReason: 'client-tool-calls', executionId: 'exec-mx' },
  ])
  t.is(mock.requests.length, 1)
})

test('client tool calls without any executionId yield an internal error event and end', async (t) => {
  const mock = await startMock(t)
  mock.session('s-noexec', [
    [sse.start(), sse.toolRequest([{ toolCallId: 'cc', toolName: 'client-only', args: {} }]), sse.finish('tool-calls')],
    [sse.start('never')],
  ])
  const session = clientFor(mock).agentSessions.attach('s-noexec')
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(events, [sse.start(), MISSING_EXECUTION_ID_ERROR])
  t.is(mock.requests.length, 1)
})

test('a continue request sends {executionId, toolResults} first, and continues the loop with them', async (t) => {
  const mock = await startMock(t)
  mock.session('s-cont', [
    [sse.start('exec-c'), sse.toolRequest([{ toolCallId: 'srv-1', toolName: 'calc', args: { a: 2, b: 3 } }]), sse.finish('tool-calls')],
    [sse.start('exec-c'), ...sse.text('t', '5'), sse.finish('stop')],
  ])
  const session = clientFor(mock).agentSessions.attach('s-cont', { tools: { calc: ({ a, b }) => a + b } })
  const clientResults = [{ toolCallId: 'cc-1', toolName: 'confirm', result: { confirmed: true } }]
  const events = await collect(session.execute({ type: 'continue', executionId: 'exec-c', toolResults: clientResults }))
  t.deepEqual(events, [
    sse.start('exec-c'),
    { type: 'tool-output-available', toolCallId: 'srv-1', output: 5 },
    sse.start('exec-c'),
    ...sse.text('t', '5'),
    sse.finish('stop'),
  ])
  t.is(mock.requests.length, 2)
  t.deepEqual(mock.requests[0].body, { executionId: 'exec-c', toolResults: clientResults })
  t.deepEqual(mock.requests[1].body, {
    executionId: 'exec-c',
    toolResults: [{ toolCallId: 'srv-1', toolName: 'calc', result: 5 }],
  })
})

// ---------------------------------------------------------------------------------------------
// Load shapes

test('50 concurrent sessions, each streaming text with a tool round, all get their own correct events', async (t) => {
  const mock = await startMock(t)
  const N = 50
  for (let i = 0; i < N; i++) {
    mock.session(`conc-${i}`, [
      {
        sse: [
          sse.start(`exec-${i}`),
          ...sse.text(`a${i}`, `first part of session ${i} `.repeat(5), { chunks: 20 }),
          sse.toolRequest([{ toolCallId: `call-${i}`, toolName: 'echo', args: { i } }]),
          sse.finish('tool-calls'),
        ],
        chunkSize: 97,
      },
      [sse.start(`exec-${i}`), ...sse.text(`b${i}`, `second part ${i}`, { chunks: 4 }), sse.finish('stop', `exec-${i}`)],
    ])
  }
  const client = clientFor(mock)
  const results = await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const session = client.agentSessions.attach(`conc-${i}`, {
        tools: {
          echo: async ({ i: n }) => {
            await sleep(n % 7)
            return { echoed: n }
          },
        },
      })
      return collect(session.execute(trigger('go', { i })))
    }),
  )
  for (let i = 0; i < N; i++) {
    t.deepEqual(results[i], [
      sse.start(`exec-${i}`),
      ...sse.text(`a${i}`, `first part of session ${i} `.repeat(5), { chunks: 20 }),
      { type: 'tool-output-available', toolCallId: `call-${i}`, output: { echoed: i } },
      sse.start(`exec-${i}`),
      ...sse.text(`b${i}`, `second part ${i}`, { chunks: 4 }),
      sse.finish('stop', `exec-${i}`),
    ])
    const reqs = mock.requestsTo('POST', TRIGGER_PATH(`conc-${i}`))
    t.is(reqs.length, 2)
    t.deepEqual(reqs[0].body, { triggerName: 'go', input: { i } })
    t.deepEqual(reqs[1].body, {
      triggerName: 'go',
      input: { i },
      executionId: `exec-${i}`,
      toolResults: [{ toolCallId: `call-${i}`, toolName: 'echo', result: { echoed: i } }],
    })
  }
})

test('a slow consumer over 20,000 events receives every event in order', async (t) => {
  const mock = await startMock(t)
  const COUNT = 20000
  const round = [sse.start('exec-slow'), { type: 'text-start', id: 't' }]
  for (let i = 0; i < COUNT; i++) round.push({ type: 'text-delta', id: 't', delta: `${i};` })
  round.push({ type: 'text-end', id: 't' }, sse.finish('stop'))
  mock.session('s-slow', [round])
  const session = clientFor(mock).agentSessions.attach('s-slow')

  let next = 0
  let outOfOrder = 0
  let total = 0
  let pulls = 0
  for await (const event of session.execute(trigger('go'))) {
    total++
    pulls++
    if (event.type === 'text-delta') {
      if (event.delta !== `${next};`) outOfOrder++
      next++
    }
    // Pause now and then so the platform's writes back up behind the consumer.
    if (pulls % 500 === 0) await sleep(15)
    else if (pulls % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  t.is(outOfOrder, 0)
  t.is(next, COUNT)
  t.is(total, COUNT + 4)
  t.is(mock.requests.length, 1)
})
