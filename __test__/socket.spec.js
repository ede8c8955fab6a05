'use strict'
// AgentSession.handleSocketMessage (docs/protocol.md §4): trigger/continue stream to onEvent and
// await onFinish; a new trigger or a stop aborts the in-flight one; failures become error events.

const test = require('ava')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, mustSettle, sleep, waitFor } = require('./fixtures/harness.js')

/** Handlers that record events and onFinish calls; onFinish resolves after a short async step. */
function recorder() {
  const rec = { events: [], finishCalls: 0, finishDone: 0 }
  rec.handlers = {
    onEvent: (event) => rec.events.push(event),
    onFinish: async () => {
      rec.finishCalls++
      await sleep(20)
      rec.finishDone++
    },
  }
  return rec
}

test('trigger streams every event to onEvent and awaits onFinish before resolving', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-s'), ...sse.text('t', 'hello socket', { chunks: 3 }), sse.finish('stop', 'exec-s')]
  mock.session('sock-1', [round])
  const session = clientFor(mock).agentSessions.attach('sock-1')
  const rec = recorder()
  const result = await mustSettle(
    session.handleSocketMessage({ type: 'trigger', triggerName: 'user-message', input: { text: 'hi' } }, rec.handlers),
    10000,
    'the trigger',
  )
  t.is(result, undefined)
  t.deepEqual(rec.events, round)
  t.is(rec.finishCalls, 1)
  t.is(rec.finishDone, 1, 'onFinish was awaited')
  t.is(mock.requests.length, 1)
  t.deepEqual(mock.requests[0].body, { triggerName: 'user-message', input: { text: 'hi' } })
})

test('trigger without onFinish works; rollbackAfterMessageId is passed through', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-s2'), sse.finish('stop')]
  mock.session('sock-2', [round])
  const session = clientFor(mock).agentSessions.attach('sock-2')
  const events = []
  await session.handleSocketMessage(
    { type: 'trigger', triggerName: 'regenerate', input: {}, rollbackAfterMessageId: 'm-3' },
    { onEvent: (e) => events.push(e) },
  )
  t.deepEqual(events, round)
  t.deepEqual(mock.requests[0].body, { triggerName: 'regenerate', input: {}, rollbackAfterMessageId: 'm-3' })
})

test('a tool round runs through the socket path: tool outputs reach onEvent, the platform gets the results', async (t) => {
  const mock = await startMock(t)
  mock.session('sock-tools', [
    [sse.start('exec-st'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'add', args: { a: 1, b: 2 } }]), sse.finish('tool-calls')],
    [sse.start('exec-st'), ...sse.text('t', '3'), sse.finish('stop')],
  ])
  const session = clientFor(mock).agentSessions.attach('sock-tools', { tools: { add: ({ a, b }) => a + b } })
  const rec = recorder()
  await mustSettle(session.handleSocketMessage({ type: 'trigger', triggerName: 'go' }, rec.handlers), 10000, 'the trigger with a tool round')
  t.deepEqual(rec.events, [
    sse.start('exec-st'),
    { type: 'tool-output-available', toolCallId: 'c1', output: 3 },
    sse.start('exec-st'),
    ...sse.text('t', '3'),
    sse.finish('stop'),
  ])
  t.is(rec.finishDone, 1)
  t.deepEqual(mock.requests[1].body, {
    triggerName: 'go',
    executionId: 'exec-st',
    toolResults: [{ toolCallId: 'c1', toolName: 'add', result: 3 }],
  })
})

test('continue sends {executionId, toolResults} and streams the rest', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-cont'), ...sse.text('t', 'continued'), sse.finish('stop')]
  mock.session('sock-cont', [round])
  const session = clientFor(mock).agentSessions.attach('sock-cont')
  const rec = recorder()
  const toolResults = [{ toolCallId: 'cc', toolName: 'confirm', result: { yes: true } }]
  await mustSettle(session.handleSocketMessage({ type: 'continue', executionId: 'exec-cont', toolResults }, rec.handlers), 10000, 'the continue')
  t.deepEqual(rec.events, round)
  t.is(rec.finishDone, 1)
  t.deepEqual(mock.requests[0].body, { executionId: 'exec-cont', toolResults })
})

test('a second trigger aborts the first: the first ends with finish/stop and its onFinish is not called', async (t) => {
  const mock = await startMock(t)
  const first = [sse.start('exec-1'), ...sse.text('t1', 'first never ends', { chunks: 2 }), sse.finish('stop')]
  const second = [sse.start('exec-2'), ...sse.text('t2', 'second'), sse.finish('stop')]
  mock.session('sock-replace', [{ sse: first, hangAfter: 2 }, second])
  const session = clientFor(mock).agentSessions.attach('sock-replace')

  const rec1 = recorder()
  const p1 = session.handleSocketMessage({ type: 'trigger', triggerName: 'one' }, rec1.handlers)
  t.true(await waitFor(() => rec1.events.length === 2), 'the first execution is streaming')

  const rec2 = recorder()
  const p2 = session.handleSocketMessage({ type: 'trigger', triggerName: 'two' }, rec2.handlers)
  t.is(await mustSettle(p1, 5000, 'the first trigger'), undefined, 'the first handleSocketMessage resolved')
  t.is(await mustSettle(p2, 5000, 'the second trigger'), undefined, 'the second handleSocketMessage resolved')

  // The superseded execution's closing finish/stop never reaches onEvent (as in the official).
  t.deepEqual(rec1.events, first.slice(0, 2))
  t.is(rec1.finishCalls, 0)
  t.deepEqual(rec2.events, second)
  t.is(rec2.finishDone, 1)
  t.deepEqual(
    mock.requests.map((r) => r.body),
    [{ triggerName: 'one' }, { triggerName: 'two' }],
  )
  t.true(await mock.waitForClosedConnections(1, 3000), 'the first connection was closed')
})

test('stop aborts the in-flight trigger: no onFinish, the connection closes', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-stop'), ...sse.text('t', 'to be stopped', { chunks: 2 }), sse.finish('stop')]
  mock.session('sock-stop', [{ sse: round, hangAfter: 3 }])
  const session = clientFor(mock).agentSessions.attach('sock-stop')
  const rec = recorder()
  const p = session.handleSocketMessage({ type: 'trigger', triggerName: 'go' }, rec.handlers)
  t.true(await waitFor(() => rec.events.length === 3), 'streaming began')

  const stopEvents = []
  t.is(await mustSettle(session.handleSocketMessage({ type: 'stop' }, { onEvent: (e) => stopEvents.push(e) }), 5000, 'the stop'), undefined)
  t.is(await mustSettle(p, 5000, 'the stopped trigger'), undefined)
  t.deepEqual(stopEvents, [])
  t.deepEqual(rec.events, round.slice(0, 3), 'nothing after the stop, not even finish/stop')
  t.is(rec.finishCalls, 0)
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
  t.is(mock.requests.length, 1)
})

test('stop while the trigger request is still waiting for an answer aborts it', async (t) => {
  const mock = await startMock(t)
  mock.session('sock-stop-early', [{ hang: true }])
  const session = clientFor(mock).agentSessions.attach('sock-stop-early')
  const rec = recorder()
  const p = session.handleSocketMessage({ type: 'trigger', triggerName: 'go' }, rec.handlers)
  t.true(await waitFor(() => mock.requests.length === 1), 'the request reached the platform')
  await session.handleSocketMessage({ type: 'stop' }, { onEvent: () => {} })
  t.is(await mustSettle(p, 5000, 'the stopped trigger'), undefined)
  t.deepEqual(rec.events, [], 'the stopped execution’s finish/stop does not reach onEvent')
  t.is(rec.finishCalls, 0)
  t.true(await mock.waitForClosedConnections(1, 3000), 'the platform saw the connection closed')
})

test('stop with nothing in flight does nothing', async (t) => {
  const mock = await startMock(t)
  const session = clientFor(mock).agentSessions.attach('sock-idle')
  const events = []
  t.is(await session.handleSocketMessage({ type: 'stop' }, { onEvent: (e) => events.push(e) }), undefined)
  t.deepEqual(events, [])
  t.is(mock.requests.length, 0)
})

test('a dropped connection ends the stream silently (6.4): the events before it, then onFinish', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-drop'), ...sse.text('t', 'cut off'), sse.finish('stop')]
  mock.session('sock-drop', [{ sse: round, dropAfter: 2 }])
  const session = clientFor(mock).agentSessions.attach('sock-drop')
  const rec = recorder()
  t.is(await mustSettle(session.handleSocketMessage({ type: 'trigger', triggerName: 'go' }, rec.handlers), 10000, 'the trigger'), undefined)
  t.deepEqual(rec.events, round.slice(0, 2))
  t.is(rec.finishDone, 1)
})

test('an execution error (platform unreachable) becomes an internal error event; onFinish is not called', async (t) => {
  const mock = await startMock(t)
  const url = mock.url
  await mock.close()
  const session = clientFor({ url }, { maxRetries: 0 }).agentSessions.attach('sock-drop')
  const rec = recorder()
  t.is(await mustSettle(session.handleSocketMessage({ type: 'trigger', triggerName: 'go' }, rec.handlers), 10000, 'the trigger'), undefined)
  t.is(rec.events.length, 1)
  const errorEvent = rec.events[0]
  // Undefined optional keys (code, provider, …) may be present, as in the reference's createErrorEvent.
  t.deepEqual(Object.keys(JSON.parse(JSON.stringify(errorEvent))).sort(), ['errorType', 'message', 'retryable', 'source', 'type'])
  t.like(errorEvent, { type: 'error', errorType: 'internal_error', source: 'platform', retryable: false })
  t.regex(errorEvent.message, /sock-drop/)
  t.is(rec.finishCalls, 0)
})

test('an HTTP error answer reaches onEvent as its error event and onFinish still runs', async (t) => {
  const mock = await startMock(t)
  mock.session('sock-429', [{ status: 429, json: { error: 'Too many requests' } }])
  const session = clientFor(mock).agentSessions.attach('sock-429')
  const rec = recorder()
  await mustSettle(session.handleSocketMessage({ type: 'trigger', triggerName: 'go' }, rec.handlers), 10000, 'the trigger')
  t.deepEqual(rec.events, [{ type: 'error', errorType: 'rate_limit_error', message: 'Too many requests', source: 'platform', retryable: true }])
  t.is(rec.finishDone, 1)
})

test('stop on one session object does not abort another session object', async (t) => {
  const mock = await startMock(t)
  const round = [sse.start('exec-a'), ...sse.text('t', 'keeps going', { chunks: 3 }), sse.finish('stop')]
  mock.session('sock-a', [{ sse: round, delayMs: 20 }])
  const client = clientFor(mock)
  const a = client.agentSessions.attach('sock-a')
  const b = client.agentSessions.attach('sock-a')
  const rec = recorder()
  const p = a.handleSocketMessage({ type: 'trigger', triggerName: 'go' }, rec.handlers)
  t.true(await waitFor(() => rec.events.length >= 1))
  await b.handleSocketMessage({ type: 'stop' }, { onEvent: () => {} })
  await mustSettle(p, 10000, 'the trigger on the other session object')
  t.deepEqual(rec.events, round)
  t.is(rec.finishDone, 1)
})

test('consecutive triggers on one session each complete and call onFinish', async (t) => {
  const mock = await startMock(t)
  const r1 = [sse.start('exec-c1'), sse.finish('stop')]
  const r2 = [sse.start('exec-c2'), ...sse.text('t', 'again'), sse.finish('stop')]
  mock.session('sock-seq', [r1, r2])
  const session = clientFor(mock).agentSessions.attach('sock-seq')
  const rec1 = recorder()
  const rec2 = recorder()
  await mustSettle(session.handleSocketMessage({ type: 'trigger', triggerName: 'a' }, rec1.handlers), 10000, 'trigger a')
  await mustSettle(session.handleSocketMessage({ type: 'trigger', triggerName: 'b' }, rec2.handlers), 10000, 'trigger b')
  t.deepEqual(rec1.events, r1)
  t.deepEqual(rec2.events, r2)
  t.is(rec1.finishDone, 1)
  t.is(rec2.finishDone, 1)
  t.is(mock.closedConnections, 0)
})
