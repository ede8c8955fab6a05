'use strict'
// The native addon must not keep Node alive: a child process that runs the mock platform,
// REST calls and a session execution (server tool + resource), then closes the mock without
// calling process.exit, has to end by itself with code 0 — also after `break`, an AbortSignal,
// or cancelling the SSE relay mid-stream. See fixtures/rest-process-exit-child.js.

const test = require('ava')
const path = require('node:path')
const { runBounded } = require('./fixtures/child.js')
const { textTypes } = require('./fixtures/harness.js')

const CHILD = path.join(__dirname, 'fixtures', 'rest-process-exit-child.js')
const BOUND_MS = 15000

/** Runs the child in `mode`; kills only that child (by its PID) if it outlives the bound. */
function runChild(t, mode) {
  return runBounded(process.execPath, [CHILD, mode], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, NODE_OPTIONS: '' },
    timeoutMs: BOUND_MS,
    t,
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

/** Runs the child in `mode`, checks what every mode shares (clean exit, REST calls, first round); returns its result. */
async function runMode(t, mode) {
  const run = await runChild(t, mode)
  assertExitedByItself(t, run)
  const result = resultOf(t, run)
  t.is(result.mode, mode)
  assertRestAndFirstRound(t, result)
  return result
}

test('a complete run (REST, server tool, resource) exits by itself with code 0', async (t) => {
  const result = await runMode(t, 'complete')
  t.deepEqual(result.types, [...FIRST_ROUND, 'start', ...textTypes(4), 'finish:stop'])
})

test('breaking out of for-await mid-stream cancels the request and the process still exits', async (t) => {
  const result = await runMode(t, 'break')
  t.true(result.broke)
  t.deepEqual(result.types, [...FIRST_ROUND, 'start', 'text-start', 'text-delta'])
  t.true(result.serverSawClose, 'the open HTTP response was closed by the client after break')
})

test('an AbortSignal aborting mid-stream yields finish/stop, closes the request, and the process exits', async (t) => {
  const result = await runMode(t, 'abort')
  t.deepEqual(result.types, [...FIRST_ROUND, 'start', 'text-start', 'text-delta', 'finish:stop'])
  t.true(result.serverSawClose)
})

test('an AbortSignal aborting while a round waits for its response: finish/stop and the process exits', async (t) => {
  const result = await runMode(t, 'abort-pending')
  t.deepEqual(result.types, [...FIRST_ROUND, 'finish:stop'])
  t.true(result.serverSawClose)
})

test('cancelling a toSSEStream reader mid-stream closes the request and the process exits', async (t) => {
  const result = await runMode(t, 'sse-cancel')
  t.true(result.broke)
  t.deepEqual(result.types, [...FIRST_ROUND, 'start', 'text-start', 'text-delta'])
  t.true(result.serverSawClose)
})
