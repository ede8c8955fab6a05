'use strict'
// The package's JavaScript ships as one bundle (dist/index.js, made from lib/ by
// scripts/bundle.js): it must be what lib/ bundles to now, the entries must load it and no file
// of lib/, and a checkout that was never built must say how to build.

const test = require('ava')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { runBounded } = require('./fixtures/child.js')
const { OUTFILE, bundleText } = require('../scripts/bundle.js')

const root = path.join(__dirname, '..')

test('dist/index.js is what lib/ bundles to now (npm run build makes it)', async (t) => {
  t.true(fs.existsSync(OUTFILE), 'dist/index.js exists: build first (npm run build)')
  const fresh = await bundleText()
  // Compared whole; a stale bundle would test (and ship) old code.
  t.true(fs.readFileSync(OUTFILE, 'utf8') === fresh, 'dist/index.js is stale: run npm run build (or npm run build:js)')
})

/** The package's JavaScript files that Node loaded, in a child process that loads one entry. */
async function loadedFiles(t, entry) {
  const load =
    entry === 'esm'
      ? `import(${JSON.stringify(path.join(root, 'index.mjs'))}).then((m) => { if (typeof m.OctavusClient !== 'function') process.exit(3); report() })`
      : `if (typeof require(${JSON.stringify(root)}).OctavusClient !== 'function') process.exit(3); report()`
  const script = `
    const report = () => console.log(JSON.stringify(Object.keys(require.cache)))
    ${load}`
  const run = await runBounded(process.execPath, ['-e', script], { cwd: root, timeoutMs: 30_000, t })
  t.is(run.code, 0, run.stderr)
  return JSON.parse(run.stdout)
    .filter((f) => f.startsWith(root + path.sep) && !f.includes(`${path.sep}node_modules${path.sep}`))
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .sort()
}

for (const entry of ['cjs', 'esm']) {
  test(`the ${entry} entry loads the bundle and the binding, and no file of lib/`, async (t) => {
    const files = await loadedFiles(t, entry)
    t.true(files.includes('dist/index.js'), files.join(', '))
    t.true(files.includes('binding.js'), files.join(', '))
    t.deepEqual(
      files.filter((f) => f.startsWith('lib/')),
      [],
    )
    // index.js, the bundle, binding.js and the .node file (index.mjs is an ES module: not in
    // require.cache).
    t.deepEqual(
      files.filter((f) => !f.endsWith('.node')),
      ['binding.js', 'dist/index.js', 'index.js'],
    )
  })
}

test('a checkout that was never built says how to build instead of a bare MODULE_NOT_FOUND', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'octavus-rs-unbuilt-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  fs.copyFileSync(path.join(root, 'index.js'), path.join(dir, 'index.js'))
  const run = await runBounded(process.execPath, ['-e', "require('./index.js')"], { cwd: dir, timeoutMs: 30_000, t })
  t.not(run.code, 0)
  t.regex(run.stderr, /dist\/index\.js is missing; build the package first \(npm run build\)/)
})

test('the build refuses a bundle that renamed a function or class of lib/ (its name is visible)', (t) => {
  const { renamedNames } = require('../scripts/bundle.js')
  t.deepEqual(renamedNames('function toSSEStream2(events) {}\nvar ApiError2 = class extends Error {}'), ['toSSEStream2', 'ApiError2'])
  t.deepEqual(renamedNames('const makeSafeParseStreamEvent2 = (schema) => schema'), ['makeSafeParseStreamEvent2'])
  // A renamed plain value is invisible; a name lib/ itself declares is not a rename.
  t.deepEqual(renamedNames('const headers2 = keep(() => 1)\nfunction toSSEStream(events) {}'), [])
})
