'use strict'
// Consumer-paced rounds (docs/architecture.md): events are read ahead, but a round's server
// tools start (and its continuation is sent) only once the consumer has received every event
// before them; a Resource's onUpdate runs when its event is handed over. An abort, `break` or
// reader cancel before that point runs no tool.

const test = require('ava')
const { Resource, toSSEStream } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, mustSettle, sleep, trigger, FINISH_STOP } = require('./fixtures/harness.js')

const DELTAS = 50

/** One round that arrives in one piece: 50 text deltas, then a tool request for sendEmail. */
function emailScript(executionId) {
  return [
    [
      sse.start(executionId),
      ...sse.deltas('t1', DELTAS),
      sse.toolRequest([{ toolCallId: 'mail-1', toolName: 'sendEmail', args: { to: 'a@b.c' } }]),
      sse.finish('tool-calls'),
    ],
    [sse.start(executionId), sse.finish('stop')],
  ]
}

/** Tools whose sendEmail records each call. */
function mailer() {
  const sent = []
  return { sent, tools: { sendEmail: async (args) => (sent.push(args), { ok: true }) } }
}

test('an abort at delta 10 of a round that already arrived whole runs no tool and sends no continuation', async (t) => {
  const mock = await startMock(t)
  mock.session('s-abort', emailScript('e-abort'))
  const { sent, tools } = mailer()
  const session = clientFor(mock).agentSessions.attach('s-abort', { tools })
  const controller = new AbortController()
  const seen = []
  const run = async () => {
    for await (const event of session.execute(trigger('go'), { signal: controller.signal })) {
      seen.push(event)
      if (event.type === 'text-delta' && seen.filter((e) => e.type === 'text-delta').length === 10) {
        await sleep(100) // whatever the SDK reads ahead in the meantime, it must not act on it
        controller.abort()
      }
    }
  }
  await mustSettle(run(), 10000, 'the aborted iteration')
  t.deepEqual(sent, [], 'sendEmail ran for an aborted execution')
  t.deepEqual(seen.at(-1), FINISH_STOP)
  t.is(mock.requests.length, 1, 'no continuation request')
})

test('a break at delta 10 runs no tool and sends no continuation', async (t) => {
  const mock = await startMock(t)
  mock.session('s-break', emailScript('e-break'))
  const { sent, tools } = mailer()
  const session = clientFor(mock).agentSessions.attach('s-break', { tools })
  let deltas = 0
  for await (const event of session.execute(trigger('go'))) {
    if (event.type === 'text-delta' && ++deltas === 10) {
      await sleep(100)
      break
    }
  }
  await sleep(100)
  t.deepEqual(sent, [])
  t.is(mock.requests.length, 1)
})

test('a reader that cancels the native relay after its first chunk, without asking for more, runs no tool', async (t) => {
  const mock = await startMock(t)
  mock.session('s-relay', emailScript('e-relay'))
  const { sent, tools } = mailer()
  const session = clientFor(mock).agentSessions.attach('s-relay', { tools })
  const stream = toSSEStream(session.execute(trigger('go')))
  const reader = stream.getReader()
  // The first read starts the execution and takes the first chunk; the reader asks no more.
  const first = await mustSettle(reader.read(), 10000, 'the first read')
  t.false(first.done)
  await sleep(150) // whatever arrives meanwhile is read ahead, never acted on
  await reader.cancel()
  await sleep(100)
  t.deepEqual(sent, [], 'the tool ran although the reader took nothing past the first chunk')
  t.is(mock.requests.length, 1)
})

test('a consumer that reads the whole round gets the tool run once and the next round', async (t) => {
  const mock = await startMock(t)
  mock.session('s-full', emailScript('e-full'))
  const { sent, tools } = mailer()
  const session = clientFor(mock).agentSessions.attach('s-full', { tools })
  const types = []
  for await (const event of session.execute(trigger('go'))) {
    if (event.type === 'tool-output-available') t.is(types.filter((x) => x === 'text-delta').length, DELTAS, 'tool output after every delta')
    types.push(event.type)
  }
  t.deepEqual(sent, [{ to: 'a@b.c' }])
  t.is(mock.requests.length, 2)
  t.deepEqual(types.slice(-3), ['tool-output-available', 'start', 'finish'])
})

test('the tool starts only after the consumer has taken the last event before its tool request', async (t) => {
  const mock = await startMock(t)
  mock.session('s-pace', emailScript('e-pace'))
  const order = []
  const session = clientFor(mock).agentSessions.attach('s-pace', {
    tools: { sendEmail: async () => (order.push('tool'), true) },
  })
  const iterator = session.execute(trigger('go'))[Symbol.asyncIterator]()
  for (;;) {
    const { value } = await iterator.next()
    order.push(value.type)
    if (value.type === 'text-end') break
  }
  await sleep(150) // the consumer holds the last event before the tool request: still no tool
  t.false(order.includes('tool'), 'the tool ran while the consumer held the last event')
  const next = await iterator.next()
  t.is(next.value.type, 'tool-output-available')
  t.is(order.at(-1), 'tool')
  await iterator.return()
})

class Notes extends Resource {
  constructor(log) {
    super()
    this.name = 'notes'
    this.log = log
  }

  onUpdate(value) {
    this.log.push(`update:${JSON.stringify(value)}`)
  }
}

test('Resource.onUpdate runs when its event is handed over, not when it is read from the network', async (t) => {
  const mock = await startMock(t)
  mock.session('s-res', [
    [sse.start('e-res'), ...sse.deltas('t1', 5), sse.resourceUpdate('notes', { n: 1 }), ...sse.deltas('t2', 5), sse.finish('stop')],
  ])
  const log = []
  const session = clientFor(mock).agentSessions.attach('s-res', { resources: [new Notes(log)] })
  const iterator = session.execute(trigger('go'))[Symbol.asyncIterator]()
  await iterator.next() // start; the whole round is buffered by now or soon
  await sleep(100)
  t.deepEqual(log, [], 'onUpdate ran before the consumer reached the resource-update event')
  for (;;) {
    const { value, done } = await iterator.next()
    if (done) break
    log.push(value.type)
  }
  const at = log.indexOf('update:{"n":1}')
  t.true(at > 0, JSON.stringify(log))
  t.is(log[at + 1], 'resource-update', 'onUpdate runs just before its event is yielded')
  t.is(log.filter((x) => x === 'text-delta').length, 10)
  t.is(log.slice(0, at).filter((x) => x === 'text-delta').length, 5, 'after the deltas before it')
})

test('the native relay runs Resource.onUpdate for the events of the chunk it hands over', async (t) => {
  const mock = await startMock(t)
  mock.session('s-res-relay', [[sse.start('e-rr'), sse.resourceUpdate('notes', ['a']), sse.finish('stop')]])
  const log = []
  const session = clientFor(mock).agentSessions.attach('s-res-relay', { resources: [new Notes(log)] })
  const text = await new Response(toSSEStream(session.execute(trigger('go')))).text()
  t.true(text.includes('"type":"resource-update"'))
  t.deepEqual(log, ['update:["a"]'])
})
