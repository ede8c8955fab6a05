'use strict'
// The package in worker threads: every Node environment that loads it (the main thread, each
// worker) gets a dispatcher of its own (src/node/dispatch.rs). A child process runs one execution
// with a tool round on its main thread and one in each of two workers at the same time, against
// the mock platform in this process; each must get its own answer, and the child must exit by
// itself once they are done.

const test = require('ava')
const path = require('node:path')
const { sse } = require('../testing/mock-platform.js')
const { startMock } = require('./fixtures/harness.js')
const { runBounded } = require('./fixtures/child.js')

const ROOT = path.join(__dirname, '..')

const RUN = `
async function run(baseUrl, sessionId) {
  const { OctavusClient } = require(${JSON.stringify(ROOT)})
  const session = new OctavusClient({ baseUrl, apiKey: 'test-key' }).agentSessions.attach(sessionId, {
    tools: { lookup: async (args) => ({ from: args.from, ran: sessionId }) },
  })
  const types = []
  let output
  for await (const e of session.execute({ type: 'trigger', triggerName: 'go' })) {
    types.push(e.type)
    if (e.type === 'tool-output-available') output = e.output
  }
  return { sessionId, output, last: types.at(-1) }
}
`

const CHILD = `
const { Worker } = require('node:worker_threads')
${RUN}
const baseUrl = process.argv[1]
const inWorker = (sessionId) =>
  new Promise((resolve, reject) => {
    const code = ${JSON.stringify(RUN)} + "run(require('node:worker_threads').workerData.baseUrl, require('node:worker_threads').workerData.sessionId).then((r) => require('node:worker_threads').parentPort.postMessage(r))"
    const worker = new Worker(code, { eval: true, workerData: { baseUrl, sessionId } })
    worker.once('message', resolve)
    worker.once('error', reject)
  })
Promise.all([run(baseUrl, 's-main'), inWorker('s-w1'), inWorker('s-w2')]).then((all) => console.log('RESULTS ' + JSON.stringify(all)))
`

test('the main thread and two worker threads each run an execution with a tool round; the process then exits', async (t) => {
  const mock = await startMock(t)
  for (const id of ['s-main', 's-w1', 's-w2']) {
    mock.session(id, [
      [sse.start('e1'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'lookup', args: { from: id } }]), sse.finish('tool-calls')],
      [sse.start('e1'), sse.finish('stop')],
    ])
  }
  const run = await runBounded(process.execPath, ['-e', CHILD, mock.url], { cwd: ROOT, timeoutMs: 30000, t })
  t.false(run.timedOut, `the child exits by itself (stderr: ${run.stderr})`)
  t.is(run.code, 0, run.stderr)
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULTS '))
  t.truthy(line, run.stdout + run.stderr)
  t.deepEqual(JSON.parse(line.slice(8)), [
    { sessionId: 's-main', output: { from: 's-main', ran: 's-main' }, last: 'finish' },
    { sessionId: 's-w1', output: { from: 's-w1', ran: 's-w1' }, last: 'finish' },
    { sessionId: 's-w2', output: { from: 's-w2', ran: 's-w2' }, last: 'finish' },
  ])
})
