'use strict'
// Every execution's messages (pull results, the host's questions, traces) reach the facade
// through one process-wide dispatcher (src/node/dispatch.rs, lib/dispatch.js), several at a
// time under load: each must reach its own execution, and a second copy of the facade in the
// same process must share the dispatcher rather than break it.

const test = require('ava')
const { OctavusClient, toSSEStream } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, collect, trigger } = require('./fixtures/harness.js')

const N = 200

/** Session `s-<i>`: asks tool `echo` for `{ i }` in round 1, then says `done <i>` in round 2. */
function echoSession(mock, i) {
  mock.session(`s-${i}`, [
    [sse.start(`e-${i}`), sse.toolRequest([{ toolCallId: `c-${i}`, toolName: 'echo', args: { i } }]), sse.finish('tool-calls')],
    [sse.start(`e-${i}`), ...sse.text(`t-${i}`, `done ${i}`), sse.finish('stop')],
  ])
}

test(`${N} concurrent executions with a tool round, half iterated and half relayed: each gets its own answers`, async (t) => {
  const mock = await startMock(t)
  for (let i = 0; i < N; i++) echoSession(mock, i)
  // Each handler answers after a delay of its own, so the rounds finish out of order.
  const client = new OctavusClient({ baseUrl: mock.url, apiKey: 'test-key' })
  const run = async (i) => {
    const session = client.agentSessions.attach(`s-${i}`, {
      tools: { echo: async ({ i: asked }) => new Promise((resolve) => setTimeout(() => resolve({ asked, by: i }), (i * 7) % 23)) },
    })
    const events = session.execute(trigger(`go ${i}`))
    if (i % 2 === 0) return collect(events)
    const text = Buffer.concat(await collect(toSSEStream(events))).toString()
    return text
      .split('\n\n')
      .filter((b) => b.startsWith('data: {'))
      .map((b) => JSON.parse(b.slice(6)))
  }
  const all = await Promise.all(Array.from({ length: N }, (_, i) => run(i)))
  for (let i = 0; i < N; i++) {
    const events = all[i]
    t.deepEqual(
      events.find((e) => e.type === 'tool-output-available'),
      { type: 'tool-output-available', toolCallId: `c-${i}`, output: { asked: i, by: i } },
      `execution ${i}`,
    )
    t.is(
      events
        .filter((e) => e.type === 'text-delta')
        .map((e) => e.delta)
        .join(''),
      `done ${i}`,
    )
    t.is(events.at(-1).type, 'finish')
  }
  // Every continuation carried its own execution's result.
  const continuations = mock.requests.filter((r) => r.body.toolResults)
  t.is(continuations.length, N)
  for (const r of continuations) {
    const i = Number(r.path.split('/')[3].slice(2))
    t.deepEqual(r.body.toolResults[0].result ?? r.body.toolResults[0].output, { asked: i, by: i })
  }
})

test('a second copy of the facade in the process (lib/ beside the bundle) shares the dispatcher', async (t) => {
  const mock = await startMock(t)
  echoSession(mock, 'bundle')
  echoSession(mock, 'lib')
  // lib/index.js is a separate copy of every module (the package loads dist/index.js).
  const second = require('../lib/index.js')
  t.not(second.OctavusClient, OctavusClient)
  const tools = { echo: async ({ i }) => ({ asked: i, by: 'x' }) }
  const [a, b] = await Promise.all([
    collect(new OctavusClient({ baseUrl: mock.url, apiKey: 'test-key' }).agentSessions.attach('s-bundle', { tools }).execute(trigger('a'))),
    collect(new second.OctavusClient({ baseUrl: mock.url, apiKey: 'test-key' }).agentSessions.attach('s-lib', { tools }).execute(trigger('b'))),
  ])
  t.deepEqual(a.find((e) => e.type === 'tool-output-available').output, { asked: 'bundle', by: 'x' })
  t.deepEqual(b.find((e) => e.type === 'tool-output-available').output, { asked: 'lib', by: 'x' })
  t.is(a.at(-1).type, 'finish')
  t.is(b.at(-1).type, 'finish')
})
