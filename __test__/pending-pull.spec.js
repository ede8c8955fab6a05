'use strict'
// A pull that waits for the platform keeps Node running, and nothing else does (the dispatcher
// holds the process only while a pull waits, lib/dispatch.js): a child process whose only work is one execution, against a platform in
// another process (this one) that pauses mid-stream, must get every event and then exit by itself.

const test = require('ava')
const http = require('node:http')
const path = require('node:path')
const { runBounded } = require('./fixtures/child.js')

const ROOT = path.join(__dirname, '..')
const PAUSE_MS = 400

/** Sends `start`, pauses, then the rest of a stream; answers every trigger the same way. */
async function pausingPlatform(t) {
  const sockets = new Set()
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const frame = (e) => res.write(`data: ${JSON.stringify(e)}\n\n`)
      frame({ type: 'start', executionId: 'e1' })
      setTimeout(() => {
        frame({ type: 'text-start', id: 't1' })
        frame({ type: 'text-delta', id: 't1', delta: 'late' })
        frame({ type: 'text-end', id: 't1' })
        frame({ type: 'finish', finishReason: 'stop' })
        res.end('data: [DONE]\n\n')
      }, PAUSE_MS)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    for (const s of sockets) s.destroy()
    return new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${server.address().port}`
}

const CHILD = `
const { OctavusClient, toSSEStream } = require(${JSON.stringify(ROOT)})
const [mode, baseUrl] = process.argv.slice(1)
const session = new OctavusClient({ baseUrl, apiKey: 'k' }).agentSessions.attach('s1')
const events = session.execute({ type: 'trigger', triggerName: 'go' })
;(async () => {
  const types = []
  if (mode === 'iterate') {
    for await (const e of events) types.push(e.type)
  } else {
    const text = await new Response(toSSEStream(events)).text()
    for (const block of text.split('\\n\\n')) if (block.startsWith('data: {')) types.push(JSON.parse(block.slice(6)).type)
  }
  console.log('TYPES ' + JSON.stringify(types))
})()
`

for (const mode of ['iterate', 'relay']) {
  test(`${mode}: a pull waiting ${PAUSE_MS} ms for the platform keeps Node running, then it exits by itself`, async (t) => {
    const baseUrl = await pausingPlatform(t)
    const run = await runBounded(process.execPath, ['-e', CHILD, mode, baseUrl], { cwd: ROOT, timeoutMs: 15000, t })
    t.false(run.timedOut, `the child exits by itself (stderr: ${run.stderr})`)
    t.is(run.code, 0, run.stderr)
    const line = run.stdout.split('\n').find((l) => l.startsWith('TYPES '))
    t.truthy(line, `the child finished its stream before exiting (stdout: ${run.stdout} stderr: ${run.stderr})`)
    t.deepEqual(JSON.parse(line.slice(6)), ['start', 'text-start', 'text-delta', 'text-end', 'finish'])
    t.true(run.ms >= PAUSE_MS, `it waited for the platform (${run.ms} ms)`)
  })
}
