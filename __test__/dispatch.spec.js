'use strict'
// Every execution's messages (pull results, the host's questions, traces) reach the facade
// through one dispatcher per Node environment (src/node/dispatch.rs, lib/dispatch.js), several
// at a time under load: each must reach its own execution, a second copy of the facade in the
// same environment must share the dispatcher rather than break it, and nothing of an execution
// may stay registered or alive once it is over, however it ended.

const test = require('ava')
const path = require('node:path')
const { OctavusClient, toSSEStream } = require('../index.js')
const { runBounded } = require('./fixtures/child.js')
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

const ROOT = path.join(__dirname, '..')

// Runs every way an execution can end, in a fresh process with --expose-gc, and reports after
// each how many executions the facade still has registered and how many are alive in Rust.
const LIFECYCLE = `
const native = require(${JSON.stringify(path.join(ROOT, 'lib', 'native.js'))})
const { OctavusClient, toSSEStream } = require(${JSON.stringify(ROOT)})
const { createMockPlatform, sse } = require(${JSON.stringify(path.join(ROOT, 'testing'))})
const registry = native[Symbol.for('@octavus-rs/server-sdk.dispatch')]
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
async function settled() {
  for (let i = 0; i < 200; i++) {
    global.gc()
    await sleep(10)
    const c = registry.counts()
    if (c.executions === 0 && c.pulls === 0 && native.liveExecutions() === 0) break
  }
  return { ...registry.counts(), live: native.liveExecutions() }
}
;(async () => {
  const mock = await createMockPlatform()
  const rounds = () => [
    [sse.start('e1'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'lookup', args: {} }]), sse.finish('tool-calls')],
    [sse.start('e1'), ...sse.deltas('t1', 50), sse.finish('stop')],
  ]
  const client = new OctavusClient({ baseUrl: mock.url, apiKey: 'k' })
  const session = (id) => { mock.session(id, rounds()); return client.agentSessions.attach(id, { tools: { lookup: () => 1 } }) }
  const go = { type: 'trigger', triggerName: 'go' }
  const report = {}
  for await (const e of session('s-done').execute(go)) {}
  report.completed = await settled()
  for await (const e of session('s-break').execute(go)) if (e.type === 'text-delta') break
  report.brokenMidStream = await settled()
  await session('s-never').execute(go).return()
  report.neverPulled = await settled()
  await client.agentSessions.attach('..').execute(go).next().catch(() => {})
  report.invalidId = await settled()
  await toSSEStream(session('s-cancel').execute(go)).cancel()
  report.relayCancelledUnread = await settled()
  toSSEStream(session('s-drop').execute(go))
  report.relayDroppedUnread = await settled()
  const reader = toSSEStream(session('s-half').execute(go)).getReader()
  await reader.read()
  await reader.cancel()
  report.relayCancelledMidStream = await settled()
  await mock.close()
  console.log('REPORT ' + JSON.stringify(report))
})()
`

test('nothing stays registered or alive once an execution is over, however it ended', async (t) => {
  const run = await runBounded(process.execPath, ['--expose-gc', '-e', LIFECYCLE], { cwd: ROOT, timeoutMs: 60000, t })
  t.is(run.code, 0, run.stderr)
  const line = run.stdout.split('\n').find((l) => l.startsWith('REPORT '))
  t.truthy(line, run.stdout + run.stderr)
  const report = JSON.parse(line.slice(7))
  const none = { executions: 0, pulls: 0, live: 0 }
  t.deepEqual(report, {
    completed: none,
    brokenMidStream: none,
    neverPulled: none,
    invalidId: none,
    relayCancelledUnread: none,
    relayDroppedUnread: none,
    relayCancelledMidStream: none,
  })
})

// A worker terminated while its execution waits for a tool handler: its environment ends, so the
// question can never be answered; the execution must end in Rust too, not wait for ever.
const TERMINATED = `
const { Worker } = require('node:worker_threads')
const native = require(${JSON.stringify(path.join(ROOT, 'lib', 'native.js'))})
const baseUrl = process.argv[1]
const code = \`
const { parentPort, workerData } = require('node:worker_threads')
const { OctavusClient } = require(workerData.root)
const session = new OctavusClient({ baseUrl: workerData.baseUrl, apiKey: 'k' }).agentSessions.attach('s-hang', {
  tools: { lookup: () => { parentPort.postMessage('in-tool'); return new Promise(() => {}) } },
})
;(async () => { for await (const e of session.execute({ type: 'trigger', triggerName: 'go' })) {} })()
\`
const worker = new Worker(code, { eval: true, workerData: { baseUrl, root: ${JSON.stringify(ROOT)} } })
worker.once('message', async () => {
  const during = native.liveExecutions()
  await worker.terminate()
  let after = native.liveExecutions()
  for (let i = 0; i < 300 && after !== 0; i++) {
    await new Promise((r) => setTimeout(r, 10))
    after = native.liveExecutions()
  }
  console.log('LIVE ' + JSON.stringify({ during, after }))
})
`

test('a worker terminated while its execution waits for a tool: the execution ends in Rust too', async (t) => {
  const mock = await startMock(t)
  mock.session('s-hang', [[sse.start('e1'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'lookup', args: {} }]), sse.finish('tool-calls')]])
  const run = await runBounded(process.execPath, ['-e', TERMINATED, mock.url], { cwd: ROOT, timeoutMs: 30000, t })
  t.false(run.timedOut, `the process exits by itself (stderr: ${run.stderr})`)
  const line = run.stdout.split('\n').find((l) => l.startsWith('LIVE '))
  t.truthy(line, run.stdout + run.stderr)
  t.deepEqual(JSON.parse(line.slice(5)), { during: 1, after: 0 })
})
