'use strict'
// The native addon must not keep Node alive: a child process that runs the mock platform,
// REST calls and a session execution (server tool + resource), then closes the mock without
// calling process.exit, has to end by itself with code 0 — also after `break`, an AbortSignal,
// or cancelling the SSE relay mid-stream. See fixtures/rest-process-exit-child.js.

const test = require('ava')
const path = require('node:path')
const { spawn } = require('node:child_process')

const CHILD = path.join(__dirname, 'fixtures', 'rest-process-exit-child.js')
const BOUND_MS = 15000

/** Runs the child in `mode`; kills only that child (by its PID) if it outlives the bound. */
function runChild(t, mode) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(process.execPath, [CHILD, mode], {
      cwd: path.join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      timedOut = true
      try {
        process.kill(child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }, BOUND_MS)
    t.teardown(() => {
      clearTimeout(timer)
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
    })
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, timedOut, stdout, stderr, ms: Date.now() - started })
    })
  })
}

function resultOf(t, run) {
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '))
  t.truthy(line, `the child printed its result (stdout: ${run.stdout} stderr: ${run.stderr})`)
  return line ? JSON.parse(line.slice('RESULT '.length)) : {}
}

function assertExitedByItself(t, run) {
  t.false(run.timedOut, `the child did not exit within ${BOUND_MS} ms (stdout: ${run.stdout} stderr: ${run.stderr})`)
  t.is(run.signal, null)
  t.is(run.code, 0, `exit code 0 (stderr: ${run.stderr})`)
  t.true(run.ms < BOUND_MS)
}

const FIRST_ROUND = ['start', 'resource-update', 'text-start', 'text-delta', 'text-end', 'tool-output-available']

function assertRestAndFirstRound(t, result) {
  t.deepEqual(result.agents, ['agent-1', 'agent-2'])
  t.is(result.agentId, 'agent-1')
  t.is(result.sessionId, 's-child')
  t.is(result.stateId, 's-child')
  t.is(result.uiMessages, 0)
  t.is(result.uploads, 1)
  t.deepEqual(result.toolArgs, [{ a: 2, b: 3 }])
  t.deepEqual(result.resourceValues, [5])
  t.deepEqual(result.triggerBodies, [
    { triggerName: 'user-message', input: { text: 'add' } },
    {
      triggerName: 'user-message',
      input: { text: 'add' },
      executionId: 'exec-1',
      toolResults: [{ toolCallId: 'c1', toolName: 'add', result: 5 }],
    },
  ])
  // 6 REST calls before the execution, 2 trigger rounds, 1 clear after.
  t.is(result.requests, 9)
}

test('a complete run (REST, server tool, resource) exits by itself with code 0', async (t) => {
  const run = await runChild(t, 'complete')
  assertExitedByItself(t, run)
  const result = resultOf(t, run)
  t.is(result.mode, 'complete')
  assertRestAndFirstRound(t, result)
  t.deepEqual(result.types, [
    ...FIRST_ROUND,
    'start',
    'text-start',
    'text-delta',
    'text-delta',
    'text-delta',
    'text-delta',
    'text-end',
    'finish:stop',
  ])
})

test('breaking out of for-await mid-stream cancels the request and the process still exits', async (t) => {
  const run = await runChild(t, 'break')
  assertExitedByItself(t, run)
  const result = resultOf(t, run)
  t.is(result.mode, 'break')
  assertRestAndFirstRound(t, result)
  t.true(result.broke)
  t.deepEqual(result.types, [...FIRST_ROUND, 'start', 'text-start', 'text-delta'])
  t.true(result.serverSawClose, 'the open HTTP response was closed by the client after break')
})

test('an AbortSignal aborting mid-stream yields finish/stop, closes the request, and the process exits', async (t) => {
  const run = await runChild(t, 'abort')
  assertExitedByItself(t, run)
  const result = resultOf(t, run)
  t.is(result.mode, 'abort')
  assertRestAndFirstRound(t, result)
  t.deepEqual(result.types, [...FIRST_ROUND, 'start', 'text-start', 'text-delta', 'finish:stop'])
  t.true(result.serverSawClose)
})

test('an AbortSignal aborting while a round waits for its response: finish/stop and the process exits', async (t) => {
  const run = await runChild(t, 'abort-pending')
  assertExitedByItself(t, run)
  const result = resultOf(t, run)
  t.is(result.mode, 'abort-pending')
  assertRestAndFirstRound(t, result)
  t.deepEqual(result.types, [...FIRST_ROUND, 'finish:stop'])
  t.true(result.serverSawClose)
})

test('cancelling a toSSEStream reader mid-stream closes the request and the process exits', async (t) => {
  const run = await runChild(t, 'sse-cancel')
  assertExitedByItself(t, run)
  const result = resultOf(t, run)
  t.is(result.mode, 'sse-cancel')
  assertRestAndFirstRound(t, result)
  t.true(result.broke)
  t.deepEqual(result.types, [...FIRST_ROUND, 'start', 'text-start', 'text-delta'])
  t.true(result.serverSawClose)
})
