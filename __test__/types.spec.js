// Type-level test of index.d.ts.
//
// Runs the TypeScript compiler over __test__/types (documentation samples, the
// API surface, and the structural comparison with the official package) and
// requires a clean result. A second project, __test__/types/negative, contains
// deliberate misuses and must fail on exactly the marked lines, so a broken
// checker (e.g. one that silently checks nothing) cannot make this test pass.
const test = require('ava')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const tscBin = require.resolve('typescript/bin/tsc', { paths: [root] })

function runTsc(project) {
  const result = spawnSync(process.execPath, [tscBin, '--noEmit', '--pretty', 'false', '-p', project], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.error) throw result.error
  const output = `${result.stdout}${result.stderr}`
  // First line of each diagnostic: "file(line,col): error TSxxxx: message"
  const errors = []
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line)
    if (m) errors.push({ file: path.resolve(root, m[1]), line: Number(m[2]), code: m[4], message: m[5] })
  }
  const generic = output.split('\n').filter((l) => /^error TS\d+:/.test(l))
  return { status: result.status, output, errors, generic }
}

test('index.d.ts type-checks against every documented usage with zero errors', (t) => {
  t.timeout(180_000)
  const { status, output, errors, generic } = runTsc('__test__/types/tsconfig.json')
  t.is(errors.length + generic.length, 0, output)
  t.is(status, 0, output)
})

test('the check can fail: deliberate misuses are rejected on exactly the marked lines', (t) => {
  t.timeout(180_000)
  const misuse = path.join(root, '__test__/types/negative/misuse.ts')
  const expectedLines = fs
    .readFileSync(misuse, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => /\/\/ expect-error\s*$/.test(text))
    .map(({ line }) => line)
  t.true(expectedLines.length >= 3, 'the misuse file should mark several lines')

  const { status, output, errors, generic } = runTsc('__test__/types/negative/tsconfig.json')
  t.not(status, 0, 'tsc must exit non-zero on the misuse project')
  t.deepEqual(generic, [], output)

  const foreign = errors.filter((e) => e.file !== misuse)
  t.deepEqual(foreign, [], `errors outside misuse.ts:\n${output}`)

  const reported = [...new Set(errors.map((e) => e.line))].sort((a, b) => a - b)
  t.deepEqual(reported, expectedLines, output)
})
