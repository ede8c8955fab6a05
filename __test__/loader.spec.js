'use strict'
// The error of lib/native.js (bundled into dist/index.js) when no native binary loads: a copy of
// the package without its `.node` file, in a temp dir, loaded by a child process. The message
// must name the platform detected, the platforms with prebuilt binaries (package.json napi.targets), and how to build
// from source, and keep napi's own error as `cause`.

const test = require('ava')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { runBounded } = require('./fixtures/child.js')

const root = path.resolve(__dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))

// napi-rs names each target's package after its platform (npm/<platform>/, made by
// `napi create-npm-dirs`): the list the message must give, in napi's own naming, found here from
// each package's os, cpu and libc fields rather than by the loader's own mapping.
const platformDirs = fs.readdirSync(path.join(root, 'npm')).filter((d) => fs.existsSync(path.join(root, 'npm', d, 'package.json')))
const supported = pkg.napi.targets.map((triple) => {
  const dir = platformDirs.find((d) => matches(triple, d))
  if (!dir) throw new Error(`no npm/<platform> directory for the target ${triple}`)
  return dir
})

/** Whether npm/<dir> is the package of a Rust target triple. */
function matches(triple, dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'npm', dir, 'package.json'), 'utf8'))
  const cpu = { x86_64: 'x64', aarch64: 'arm64' }[triple.split('-')[0]]
  const osName = triple.includes('darwin') ? 'darwin' : triple.includes('windows') ? 'win32' : 'linux'
  const libc = osName === 'linux' ? (triple.endsWith('musl') ? 'musl' : 'glibc') : null
  return (
    manifest.name === `${pkg.name}-${dir}` &&
    manifest.cpu.includes(cpu) &&
    manifest.os.includes(osName) &&
    (libc === null || (manifest.libc || []).includes(libc))
  )
}

/** This machine's libc as the message should name it, from the parent's own process report. */
function libcHere() {
  if (process.platform !== 'linux') return null
  const header = process.report.getReport().header
  return header.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : 'musl libc'
}

/** This machine's platform in napi's naming (the name of its binary). */
function platformHere() {
  const abi = process.platform === 'win32' ? 'msvc' : process.platform === 'linux' ? (libcHere().startsWith('glibc') ? 'gnu' : 'musl') : null
  return [process.platform, process.arch, abi].filter(Boolean).join('-')
}

let work

test.before(() => {
  for (const file of ['binding.js', 'index.js', 'dist/index.js']) {
    if (!fs.existsSync(path.join(root, file))) throw new Error(`${file} is missing: build first (npm run build)`)
  }
})

test.after.always(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

/** A copy of the package's JavaScript (no `.node` file) in a fresh temp dir. */
function copyWithoutBinary() {
  if (!work) work = fs.mkdtempSync(path.join(os.tmpdir(), 'octavus-rs-loader-'))
  const dir = fs.mkdtempSync(path.join(work, 'pkg-'))
  for (const entry of ['package.json', 'index.js', 'binding.js', 'dist']) {
    fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true })
  }
  const binaries = fs.readdirSync(dir).filter((f) => f.endsWith('.node'))
  if (binaries.length) throw new Error(`the copy has a binary: ${binaries}`)
  return dir
}

const LOAD = `
try {
  require('./index.js')
  console.log(JSON.stringify({ loaded: true }))
} catch (err) {
  console.log(JSON.stringify({ message: err.message, code: err.code, cause: err.cause && err.cause.message, hasStack: typeof err.stack === 'string' }))
}
`

/** Loads the copy's index.js in a child (no override of the binary's path) and returns what it caught. */
async function load(t, dir, extraArgs = []) {
  const env = { ...process.env }
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH
  delete env.NAPI_RS_FORCE_WASI
  const result = await runBounded(process.execPath, [...extraArgs, '-e', LOAD], { cwd: dir, env, timeoutMs: 30000, t })
  t.false(result.timedOut)
  t.is(result.code, 0, result.stderr)
  return JSON.parse(result.stdout.trim().split('\n').pop())
}

function assertBuildHelp(t, message) {
  t.true(message.includes('npm run build'), message)
  t.true(message.includes('NAPI_RS_NATIVE_LIBRARY_PATH'), message)
}

test('no binary: the error names the platform detected, the supported ones, how to build, and keeps the cause', async (t) => {
  const dir = copyWithoutBinary()
  const out = await load(t, dir)
  t.falsy(out.loaded, 'the copy has no binary, so loading must fail')
  const { message } = out

  t.true(message.startsWith(`${pkg.name}@${pkg.version}: `), message)
  t.true(message.includes(`process.platform "${process.platform}"`), message)
  t.true(message.includes(`process.arch "${process.arch}"`), message)
  if (process.platform === 'linux') t.true(message.includes(libcHere()), message)
  t.true(message.includes(`this platform, ${platformHere()} `), message)

  const listed = message.match(/Prebuilt binaries exist for: (.*)\./)
  t.truthy(listed, message)
  t.deepEqual(listed[1].split(', '), supported)
  t.is(supported.length, pkg.napi.targets.length)
  if (supported.includes(platformHere())) {
    t.true(message.includes(`This platform is one of them`), message)
    t.true(message.includes(`${pkg.name}-${platformHere()}`), 'names the optional dependency that carries it')
  }
  assertBuildHelp(t, message)

  t.is(out.code, 'OCTAVUS_NATIVE_UNAVAILABLE')
  t.regex(out.cause, /^Cannot find native binding/, 'the original napi error is the cause')
})

test('a platform with no prebuilt binary is said to be unsupported', async (t) => {
  const dir = copyWithoutBinary()
  const arch = ['riscv64', 'loong64', 's390x'].find((a) => !supported.some((p) => p.split('-')[1] === a))
  fs.writeFileSync(path.join(dir, 'arch.cjs'), `Object.defineProperty(process, 'arch', { value: ${JSON.stringify(arch)} })\n`)
  const out = await load(t, dir, ['-r', './arch.cjs'])
  const { message } = out

  t.true(message.includes(`process.arch "${arch}"`), message)
  t.true(message.includes(`${process.platform}-${arch}`), message)
  t.true(message.includes('This platform is not one of them.'), message)
  t.true(message.includes(`Prebuilt binaries exist for: ${supported.join(', ')}.`), message)
  assertBuildHelp(t, message)
  t.regex(out.cause, /^Cannot find native binding/)
})

test("a binary that is there but does not load (as on a too old glibc): the loader's reason is in the message", async (t) => {
  if (!supported.includes(platformHere())) return t.pass(`${platformHere()} has no prebuilt binary: nothing to corrupt`)
  const dir = copyWithoutBinary()
  const file = `${pkg.napi.binaryName}.${platformHere()}.node`
  fs.writeFileSync(path.join(dir, file), 'not a shared library\n')
  const { message, cause } = await load(t, dir)

  t.true(message.includes('This platform is one of them, so its binary is missing or did not load.'), message)
  const attempts = message.split('\n').find((line) => line.startsWith('Load attempts: '))
  t.truthy(attempts, message)
  t.true(attempts.includes(file), attempts)
  t.regex(cause, /^Cannot find native binding/)
})
