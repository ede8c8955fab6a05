'use strict'
// Collectable executions (docs/architecture.md): an execution the user drops without finishing
// it, `break` or abort holds no strong path from the native side back to itself, so the garbage
// collector can take it, and taking it cancels its request. Runs a child with --expose-gc.

const path = require('node:path')
const test = require('ava')
const { runBounded } = require('./fixtures/child.js')

const CHILD = path.join(__dirname, 'fixtures', 'collect-child.js')

let outcome
/** The child's report, one entry per case (run once for all tests of this file). */
function report(t) {
  outcome ??= runBounded(process.execPath, ['--expose-gc', CHILD], { timeoutMs: 60000 })
  return outcome.then((r) => {
    t.false(r.timedOut, 'the child did not finish (or did not exit by itself) within 60 s')
    t.is(r.code, 0, r.stderr)
    return new Map(
      r.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const c = JSON.parse(line)
          return [c.case, c]
        }),
    )
  })
}

test('a tool loop dropped after one next() runs no tool and sends no continuation', async (t) => {
  const c = (await report(t)).get('tool loop, dropped after one next()')
  t.is(c.toolCalls, 0)
  t.is(c.requests, 1)
})

for (const name of [
  'held-open stream, dropped after one next()',
  'held-open stream with a kept AbortSignal',
  'held-open relay, dropped after one read()',
  'observed held-open stream, dropped after one next()',
  'observed held-open relay, dropped after one read()',
]) {
  test(`${name}: collecting it closes the request`, async (t) => {
    const c = (await report(t)).get(name)
    t.truthy(c, `no report for ${name}`)
    t.true(c.closed, 'the held-open request stayed open after gc()')
    t.is(c.requests, 1)
    if (name.startsWith('observed')) t.is(c.finish, 'closed', 'its execution:finish says closed, once')
  })
}
