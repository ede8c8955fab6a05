'use strict'
// A real Next.js production build, as a user gets it: an App Router app (fixtures/next-app)
// that depends on this package under the drop-in name, `"@octavus/server-sdk": "file:<the
// tarball npm pack makes of this repo>"`, with an empty next.config.js — no
// serverExternalPackages. For each bundler (Turbopack, Next 16's default, then webpack) it runs
// `next build`, `next start` on 127.0.0.1, and calls the route handlers over HTTP against the
// mock platform (taken from the installed package's `./testing` export): a REST call and an SSE
// stream of a scripted execution.
//
// Needs the npm registry (next, react, react-dom are installed into a temp dir). Set
// OCTAVUS_SKIP_NEXT_BUILD=1 to skip it where there is none; OCTAVUS_KEEP_NEXT_APP=1 keeps the
// temp app for inspection. The whole file is bounded to 6 minutes; every process it starts is
// ended by its own process-group id.

const test = require('ava')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const { spawn } = require('node:child_process')

const root = path.resolve(__dirname, '..')
const FIXTURE = path.join(__dirname, 'fixtures', 'next-app')
const ALIAS = '@octavus/server-sdk'
const API_KEY = 'next-build-key'
const BUDGET_MS = 6 * 60_000
const SKIP = process.env.OCTAVUS_SKIP_NEXT_BUILD === '1'

let deadline = 0
let tmpDir
let prepared
const live = new Set()

/** Milliseconds left of the file's budget, at most `cap`. */
function left(cap) {
  return Math.max(1_000, Math.min(cap, deadline - Date.now()))
}

/** The environment for child processes: ours, without AVA's NODE_ENV or this package's npm_* run variables. */
function childEnv(extra = {}) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_ENV' || key.startsWith('npm_package_') || key.startsWith('npm_lifecycle_')) continue
    env[key] = value
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra }
}

/** Ends a child and everything it started (it leads its own process group). */
function endGroup(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

function whenExited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

async function stop(child) {
  endGroup(child, 'SIGTERM')
  if (!(await whenExited(child, 5_000))) {
    endGroup(child, 'SIGKILL')
    await whenExited(child, 5_000)
  }
  live.delete(child)
}

/** Starts `args` under node or npm in its own process group, keeping the last 64 KiB of output. */
function start(command, args, options) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  live.add(child)
  const out = { stdout: '', all: '' }
  const keep = (s) => (s.length > 65_536 ? s.slice(-65_536) : s)
  child.stdout.on('data', (d) => {
    out.stdout += d
    out.all = keep(out.all + d)
  })
  child.stderr.on('data', (d) => {
    out.all = keep(out.all + d)
  })
  child.once('exit', () => live.delete(child))
  return { child, out }
}

/** Runs a command to its end within `ms`; resolves { code, stdout, output } or rejects on timeout. */
async function run(command, args, { cwd, env = childEnv(), ms }) {
  const { child, out } = start(command, args, { cwd, env })
  const code = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop(child).then(() => reject(new Error(`${command} ${args.join(' ')} took over ${ms} ms:\n${out.all.slice(-4_000)}`)))
    }, ms)
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('exit', (c, signal) => {
      clearTimeout(timer)
      resolve(c === null ? signal : c)
    })
  })
  return { code, stdout: out.stdout, output: out.all }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Packs this repo, copies the fixture app beside the tarball and installs it (once for the file). */
function prepare() {
  if (!prepared) prepared = doPrepare()
  return prepared
}

async function doPrepare() {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'octavus-next-build-'))
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

  const pack = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmpDir], { cwd: root, ms: left(90_000) })
  if (pack.code !== 0) throw new Error(`npm pack failed (${pack.code}):\n${pack.output.slice(-4_000)}`)
  const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))
  const tarball = path.join(tmpDir, packed.filename)
  const packedFiles = packed.files.map((f) => f.path)

  const appDir = path.join(tmpDir, 'app')
  fs.cpSync(FIXTURE, appDir, { recursive: true })
  const manifestPath = path.join(appDir, 'package.json')
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
  manifest.dependencies[ALIAS] = `file:${tarball}`
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n')

  // Offline (or with the registry down) this must fail fast, not after npm's minutes of retries:
  // the npm cache is preferred, a fetch is tried twice within 20 s, and the error names the switch.
  const install = await run(
    npm,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--fetch-retries=1',
      '--fetch-retry-mintimeout=2000',
      '--fetch-retry-maxtimeout=5000',
      '--fetch-timeout=20000',
    ],
    { cwd: appDir, ms: left(240_000) },
  )
  if (install.code !== 0) {
    throw new Error(
      `npm install of next/react for the Next.js build spec failed (${install.code}); it needs the npm registry. ` +
        `Set OCTAVUS_SKIP_NEXT_BUILD=1 to skip this spec where there is none.\n${install.output.slice(-4_000)}`,
    )
  }

  const installedManifest = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', ALIAS, 'package.json'), 'utf8'))
  const nextVersion = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', 'next', 'package.json'), 'utf8')).version
  return { appDir, packedFiles, installedManifest, nextVersion }
}

/** `data:` payloads of an SSE body, JSON-parsed except the final `[DONE]`. */
function sseData(body) {
  return body
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)))
}

async function postJson(url, body) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  })
}

/** `next start` on a free port; resolves its base URL once `/` answers. */
async function startNext(t, appDir, env) {
  const port = await freePort()
  const nextBin = path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
  const { child, out } = start(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: appDir,
    env: childEnv(env),
  })
  t.teardown(() => stop(child))
  const base = `http://127.0.0.1:${port}`
  const until = Date.now() + left(60_000)
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited (${child.exitCode ?? child.signalCode}):\n${out.all.slice(-4_000)}`)
    }
    try {
      const res = await fetch(base + '/', { signal: AbortSignal.timeout(5_000) })
      await res.arrayBuffer()
      if (res.ok) return { base, out }
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`next start did not answer within its time:\n${out.all.slice(-4_000)}`)
    await sleep(250)
  }
}

test.after.always(async () => {
  await Promise.all([...live].map((child) => stop(child)))
  if (tmpDir && process.env.OCTAVUS_KEEP_NEXT_APP !== '1') fs.rmSync(tmpDir, { recursive: true, force: true })
})

const BUNDLERS = [
  { name: 'Turbopack', flags: [], banner: '(Turbopack)' },
  { name: 'webpack', flags: ['--webpack'], banner: '(webpack)' },
]

for (const bundler of BUNDLERS) {
  const title = `next build (${bundler.name}) with no serverExternalPackages, then next start serves the SDK's REST and SSE routes`
  const declare = SKIP ? test.serial.skip : test.serial
  declare(title, async (t) => {
    if (!deadline) deadline = Date.now() + BUDGET_MS
    t.timeout(Math.max(5_000, deadline - Date.now()), 'the Next.js build spec has a 6 minute budget')

    const config = fs.readFileSync(path.join(FIXTURE, 'next.config.js'), 'utf8')
    t.false(
      /serverExternalPackages|webpack\s*[:(]|turbopack\s*:/.test(config.replace(/\/\/.*$/gm, '')),
      'the fixture app must not configure the bundler',
    )

    const { appDir, packedFiles, installedManifest, nextVersion } = await prepare()
    t.true(
      packedFiles.some((f) => f.endsWith('.node')),
      `the packed tarball holds the native binary (files: ${packedFiles.join(', ')})`,
    )
    t.is(installedManifest.name, '@octavus-rs/server-sdk', `${ALIAS} is this package, installed under the alias`)
    t.log(`next ${nextVersion}, ${bundler.name}`)

    fs.rmSync(path.join(appDir, '.next'), { recursive: true, force: true })
    const nextBin = path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
    const build = await run(process.execPath, [nextBin, 'build', ...bundler.flags], { cwd: appDir, ms: left(240_000) })
    t.is(build.code, 0, `next build failed:\n${build.output.slice(-6_000)}`)
    if (build.code !== 0) return
    t.true(build.output.includes(bundler.banner), `the build ran with ${bundler.name}:\n${build.output.slice(0, 400)}`)

    const testingEntry = require.resolve(`${ALIAS}/testing`, { paths: [appDir] })
    const { createMockPlatform, sse } = require(testingEntry)
    const mock = await createMockPlatform({ apiKey: API_KEY })
    t.teardown(() => mock.close())
    mock.rest.createSession('sess-next-1')
    mock.session('sess-next-1', [[sse.start('exec-1'), ...sse.text('t1', 'Hello from Next'), sse.finish('stop')]])

    const { base, out } = await startNext(t, appDir, { OCTAVUS_API_URL: mock.url, OCTAVUS_API_KEY: API_KEY })

    const created = await postJson(`${base}/api/sessions`, { agentId: 'agent-1', input: { COMPANY_NAME: 'Acme' } })
    const createdBody = await created.text()
    t.is(created.status, 200, `POST /api/sessions: ${createdBody}\n${out.all.slice(-4_000)}`)
    if (created.status === 200) t.deepEqual(JSON.parse(createdBody), { sessionId: 'sess-next-1' })
    const [createCall] = mock.requestsTo('POST', '/api/agent-sessions')
    t.truthy(createCall, 'the platform received the create call')
    if (createCall) t.like(createCall.body, { agentId: 'agent-1', input: { COMPANY_NAME: 'Acme' } })

    const chat = await postJson(`${base}/api/chat`, { sessionId: 'sess-next-1', triggerName: 'user-message', input: { USER_MESSAGE: 'hi' } })
    const chatBody = await chat.text()
    t.is(chat.status, 200, `POST /api/chat: ${chatBody}\n${out.all.slice(-4_000)}`)
    t.regex(chat.headers.get('content-type') || '', /^text\/event-stream/)
    t.deepEqual(
      sseData(chatBody),
      [
        { type: 'start', executionId: 'exec-1' },
        { type: 'text-start', id: 't1' },
        { type: 'text-delta', id: 't1', delta: 'Hello from Next' },
        { type: 'text-end', id: 't1' },
        { type: 'finish', finishReason: 'stop' },
        '[DONE]',
      ],
      `SSE body:\n${chatBody}\nserver output:\n${out.all.slice(-4_000)}`,
    )
    const [trigger] = mock.requestsTo('POST', '/api/agent-sessions/sess-next-1/trigger')
    t.truthy(trigger, 'the platform received the trigger')
    if (trigger) t.like(trigger.body, { triggerName: 'user-message', input: { USER_MESSAGE: 'hi' } })
  })
}
