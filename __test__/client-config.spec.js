'use strict'
// What a client takes from its config and its environment: numbers given as strings (as read
// from process.env), proxy variables (ignored, as Node's fetch ignores them), and ids and
// signals that an execution only looks at once it is pulled.

const path = require('node:path')
const { getEventListeners } = require('node:events')
const test = require('ava')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, trigger } = require('./fixtures/harness.js')
const { runBounded } = require('./fixtures/child.js')

const ROUND = [sse.start('e1'), sse.finish('stop')]

test('timeouts and limits given as strings (from process.env) work as numbers', async (t) => {
  const mock = await startMock(t)
  mock.session('s-str', [ROUND])
  mock.rest.agents()
  const client = clientFor(mock, { streamIdleTimeoutMs: '30000', requestTimeoutMs: '30000', maxContinuationBytes: '4194304', maxRetries: '1' })
  t.deepEqual(await collect(client.agentSessions.attach('s-str').execute(trigger('go'))), ROUND)
  t.is((await client.agents.list()).length, 1)
})

test('an execution with an id that is not a string throws at its first next(), not when it is made', async (t) => {
  const mock = await startMock(t)
  const client = clientFor(mock)
  const gen = client.agentSessions.attach(undefined).execute(trigger('go'))
  t.is(typeof gen.next, 'function')
  await t.throwsAsync(gen.next(), { instanceOf: TypeError, message: /sessionId must be a string/ })
  const worker = client.workers.execute(null, {})
  await t.throwsAsync(worker.next(), { instanceOf: TypeError, message: /agentId must be a string/ })
  t.is(mock.requests.length, 0)
})

test('an AbortSignal is listened to only from the first pull, and released at the end', async (t) => {
  const mock = await startMock(t)
  mock.session('s-sig', [ROUND])
  const controller = new AbortController()
  const session = clientFor(mock).agentSessions.attach('s-sig')
  const unstarted = []
  for (let i = 0; i < 20; i++) unstarted.push(session.execute(trigger('go'), { signal: controller.signal }))
  t.is(getEventListeners(controller.signal, 'abort').length, 0, 'executions never pulled add no listener')
  await collect(session.execute(trigger('go'), { signal: controller.signal }))
  t.is(getEventListeners(controller.signal, 'abort').length, 0, 'the listener is removed when the execution ends')
  t.is(unstarted.length, 20)
})

test('proxy variables are ignored, as Node’s fetch ignores them', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents()
  const script = `const { OctavusClient } = require(${JSON.stringify(path.join(__dirname, '..'))});
new OctavusClient({ baseUrl: ${JSON.stringify(mock.url)}, apiKey: 'k' }).agents.list().then((a) => console.log('agents', a.length), (e) => { console.log('failed', e.message); process.exitCode = 1 })`
  const env = { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9', ALL_PROXY: 'http://127.0.0.1:9' }
  const r = await runBounded(process.execPath, ['-e', script], { env, timeoutMs: 20000, t })
  t.is(r.code, 0, r.stdout + r.stderr)
  t.regex(r.stdout, /agents 1/)
})
