'use strict'
// Proves the published package works as a drop-in: `npm pack` it, install the tarball into a
// throwaway project under the alias "@octavus/server-sdk", and run scripts written against the
// official API (ESM and CommonJS) and a TypeScript check there, against the mock platform from
// the installed package's /testing entry.

const test = require('ava')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { runBounded } = require('./fixtures/child.js')
const { TOOL_INPUT_TYPES, textTypes } = require('./fixtures/harness.js')

const root = path.resolve(__dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** Runs a command with a bounded time (npm's update notice off); kills only this child on timeout. */
function run(command, args, { cwd, env = {}, timeoutMs = 120000 } = {}) {
  const childEnv = { ...process.env, npm_config_update_notifier: 'false', ...env }
  return runBounded(command, args, { cwd, env: childEnv, timeoutMs, shell: process.platform === 'win32' })
}

async function mustRun(what, command, args, options) {
  const result = await run(command, args, options)
  if (result.timedOut || result.code !== 0) {
    throw new Error(`${what} failed (exit ${result.code}${result.timedOut ? ', timed out' : ''}):\n${result.stdout}\n${result.stderr}`)
  }
  return result
}

// ---------------------------------------------------------------------------------------------
// The consumer project's files: unchanged code for the official package, plus the mock.

const ESM_APP = `// Backend code written against the official @octavus/server-sdk API.
import { OctavusClient, toSSEStream, ApiError, Resource } from '@octavus/server-sdk'
import { createMockPlatform, sse } from '@octavus/server-sdk/testing'

const mock = await createMockPlatform({ apiKey: 'consumer-key' })
try {
  mock.rest.createSession('sess-consumer')
  mock.session('sess-consumer', [
    [
      sse.start('exec-c1'),
      ...sse.toolInput('call-1', 'get-user-account', { userId: 'u-1' }),
      sse.toolRequest([{ toolCallId: 'call-1', toolName: 'get-user-account', args: { userId: 'u-1' } }]),
      sse.finish('tool-calls', 'exec-c1'),
    ],
    [...sse.text('t-1', 'Hello, Ada.', { chunks: 3 }), sse.resourceUpdate('SUMMARY', 'Greeted Ada'), sse.finish('stop', 'exec-c1')],
  ])
  mock.on('GET', '/api/agent-sessions/gone', { status: 404, json: { error: 'Session not found' } })

  const client = new OctavusClient({ baseUrl: mock.url, apiKey: 'consumer-key' })
  const sessionId = await client.agentSessions.create('support-chat', { COMPANY_NAME: 'Acme Corp' })

  class Summary extends Resource {
    name = 'SUMMARY'
    values = []
    onUpdate(value) {
      this.values.push(value)
    }
  }
  const summary = new Summary()
  const session = client.agentSessions.attach(sessionId, {
    tools: { 'get-user-account': async (args) => ({ id: args.userId, name: 'Ada' }) },
    resources: [summary],
  })

  const events = session.execute({ type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE: 'Hi' } })
  const response = new Response(toSSEStream(events), { headers: { 'Content-Type': 'text/event-stream' } })
  const payloads = (await response.text())
    .split('\\n\\n')
    .filter(Boolean)
    .map((frame) => frame.replace(/^data: /, ''))

  let error
  try {
    await client.agentSessions.getMessages('gone')
  } catch (err) {
    error = err
  }

  console.log(
    JSON.stringify({
      resolved: import.meta.resolve('@octavus/server-sdk'),
      sessionId,
      payloads,
      summary: summary.values,
      error: { isApiError: error instanceof ApiError, name: error && error.name, status: error && error.status },
    }),
  )
} finally {
  await mock.close()
}
`

const CJS_APP = `// Backend code written against the official @octavus/server-sdk API (CommonJS).
const { OctavusClient, WorkerError } = require('@octavus/server-sdk')
const { createMockPlatform, sse } = require('@octavus/server-sdk/testing')

async function main() {
  const mock = await createMockPlatform()
  try {
    mock.session('sess-cjs', [
      [
        sse.start('exec-cjs'),
        ...sse.toolInput('call-loc', 'get-browser-location', {}),
        sse.toolRequest([{ toolCallId: 'call-loc', toolName: 'get-browser-location', args: {} }]),
        sse.finish('tool-calls', 'exec-cjs'),
      ],
    ])
    mock.worker('summarizer', [
      [
        sse.start('exec-w1'),
        sse.workerStart('w-1', 'summarizer'),
        ...sse.text('t-1', 'Working', { workerId: 'w-1' }),
        sse.workerResult('w-1', { output: 'A short summary' }),
        sse.finish('stop', 'exec-w1'),
      ],
    ])
    mock.rest.getSession('sess-cjs')

    const client = new OctavusClient({ baseUrl: mock.url, apiKey: 'k' })
    const session = client.agentSessions.attach('sess-cjs')
    const types = []
    let clientToolRequest
    for await (const event of session.execute({ type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE: 'Where am I?' } })) {
      types.push(event.type)
      if (event.type === 'client-tool-request') clientToolRequest = event
    }

    const { output } = await client.workers.generate('summarizer', { TOPIC: 'drop-in packages' })
    const state = await client.agentSessions.getMessages('sess-cjs')

    const loaded = Object.keys(require.cache)
    console.log(
      JSON.stringify({
        resolved: require.resolve('@octavus/server-sdk'),
        installedName: require('@octavus/server-sdk/package.json').name,
        types,
        clientToolRequest,
        output,
        workerErrorIsClass: typeof WorkerError === 'function',
        state: { status: state.status, sessionId: state.sessionId, messages: state.messages.length },
        loaded,
      }),
    )
  } finally {
    await mock.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
`

const TS_CHECK_ESM = `import { OctavusClient, toSSEStream, ApiError, type StreamEvent, type ToolHandlers } from '@octavus/server-sdk'

const client = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: 'key' })
const tools: ToolHandlers = { 'get-user-account': async (args) => ({ id: args.userId }) }
const session = client.agentSessions.attach('session-1', { tools })
const events: AsyncGenerator<StreamEvent> = session.execute({ type: 'trigger', triggerName: 'user-message' })
const body: ReadableStream<Uint8Array> = toSSEStream(events)
const caught: unknown = null
if (caught instanceof ApiError) {
  const status: number = caught.status
  void status
}
// @ts-expect-error 'stop' is not a request type of execute()
session.execute({ type: 'stop' })
void body
`

const TS_CHECK_CJS = `import sdk = require('@octavus/server-sdk')

const client: sdk.OctavusClient = new sdk.OctavusClient({ baseUrl: 'https://octavus.ai' })
const sessionId: Promise<string> = client.agentSessions.create('support-chat', { COMPANY_NAME: 'Acme' })
void sessionId
`

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'node16',
    moduleResolution: 'node16',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
  },
  files: ['check.mts', 'check.cts'],
}

// ---------------------------------------------------------------------------------------------
// Pack and install once for the whole file

let work
let packed
let consumer

test.before(async () => {
  const binaries = fs.readdirSync(root).filter((f) => f.endsWith('.node'))
  if (binaries.length === 0) throw new Error('No native binary in the package root: build it first (npm run build)')

  work = fs.mkdtempSync(path.join(os.tmpdir(), 'octavus-rs-pack-'))
  const packDir = path.join(work, 'pack')
  fs.mkdirSync(packDir)
  const { stdout } = await mustRun('npm pack', npmCommand, ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: root })
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')))
  packed = { tarball: path.join(packDir, info.filename), files: info.files.map((f) => f.path.replace(/\\/g, '/')) }

  consumer = path.join(work, 'consumer')
  fs.mkdirSync(consumer)
  const manifest = { name: 'consumer-app', private: true, dependencies: { '@octavus/server-sdk': `file:${packed.tarball}` } }
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify(manifest, null, 2))
  await mustRun('npm install of the tarball', npmCommand, ['install', '--offline', '--no-audit', '--no-fund'], { cwd: consumer })

  fs.writeFileSync(path.join(consumer, 'app.mjs'), ESM_APP)
  fs.writeFileSync(path.join(consumer, 'app.cjs'), CJS_APP)
  fs.writeFileSync(path.join(consumer, 'check.mts'), TS_CHECK_ESM)
  fs.writeFileSync(path.join(consumer, 'check.cts'), TS_CHECK_CJS)
  fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2))
})

test.after.always(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

const installedDir = () => path.join(consumer, 'node_modules', '@octavus', 'server-sdk')

async function runApp(file) {
  const result = await run(process.execPath, [file], { cwd: consumer, timeoutMs: 30000 })
  if (result.timedOut) throw new Error(`${file} did not exit within 30 s:\n${result.stdout}\n${result.stderr}`)
  return result
}

// ---------------------------------------------------------------------------------------------

test('the tarball ships every file the entry points load, and no sources or tests', (t) => {
  const files = new Set(packed.files)
  for (const required of ['package.json', 'index.js', 'index.mjs', 'index.d.ts', 'binding.js', 'binding.d.ts']) {
    t.true(files.has(required), `${required} is packed`)
  }
  for (const binary of fs.readdirSync(root).filter((f) => f.endsWith('.node'))) {
    t.true(files.has(binary), `native binary ${binary} is packed`)
  }

  // Every target of `main`, `types` and the exports map is packed.
  const targets = [pkg.main, pkg.types]
  for (const entry of Object.values(pkg.exports)) {
    if (typeof entry === 'string') targets.push(entry)
    else targets.push(...Object.values(entry))
  }
  for (const target of targets) t.true(files.has(path.posix.normalize(target)), `${target} (from package.json) is packed`)

  // Every relative require/import in packed JavaScript resolves to a packed file (binding.js
  // is left out: it also names the binaries of other platforms, shipped as separate packages).
  for (const file of packed.files.filter((f) => /\.(c|m)?js$/.test(f) && f !== 'binding.js')) {
    const source = fs.readFileSync(path.join(root, file), 'utf8')
    for (const m of source.matchAll(/(?:require\(|import\(|from\s+)\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]))
      const found = [target, `${target}.js`, `${target}/index.js`].some((candidate) => files.has(candidate))
      t.true(found, `${file} loads ${m[1]}, which is packed`)
    }
  }
  const binding = fs.readFileSync(path.join(root, 'binding.js'), 'utf8')
  for (const binary of fs.readdirSync(root).filter((f) => f.endsWith('.node'))) {
    t.true(binding.includes(`./${binary}`), `binding.js loads ./${binary}`)
  }

  const leaked = packed.files.filter((f) => /^(src|target|__test__|examples|bench|scripts|npm|\.ci)\//.test(f) || /^Cargo\.|^build\.rs$/.test(f))
  t.deepEqual(leaked, [], 'no sources, build output or tests in the tarball')
})

test('installed under the alias, the package is ours and self-contained', (t) => {
  const installed = JSON.parse(fs.readFileSync(path.join(installedDir(), 'package.json'), 'utf8'))
  t.is(installed.name, '@octavus-rs/server-sdk')
  t.is(installed.version, pkg.version)
  t.false(fs.lstatSync(installedDir()).isSymbolicLink(), 'installed from the tarball, not linked to the repository')
})

test('an ESM script for the official API runs unchanged: sessions, server tools, resources, toSSEStream, ApiError', async (t) => {
  const result = await runApp('app.mjs')
  t.is(result.code, 0, result.stderr)
  const out = JSON.parse(result.stdout)

  t.is(out.resolved, require('node:url').pathToFileURL(path.join(fs.realpathSync(installedDir()), 'index.mjs')).href)
  t.is(out.sessionId, 'sess-consumer')
  t.is(out.payloads.at(-1), '[DONE]')
  const events = out.payloads.slice(0, -1).map((p) => JSON.parse(p))
  t.deepEqual(
    events.map((e) => e.type),
    ['start', ...TOOL_INPUT_TYPES, 'tool-output-available', ...textTypes(3), 'resource-update', 'finish'],
  )
  t.deepEqual(events[5], { type: 'tool-output-available', toolCallId: 'call-1', output: { id: 'u-1', name: 'Ada' } })
  t.is(
    events
      .filter((e) => e.type === 'text-delta')
      .map((e) => e.delta)
      .join(''),
    'Hello, Ada.',
  )
  t.deepEqual(out.summary, ['Greeted Ada'])
  t.deepEqual(out.error, { isApiError: true, name: 'ApiError', status: 404 })
})

test('a CommonJS script for the official API runs unchanged: client tools, workers, session messages', async (t) => {
  const result = await runApp('app.cjs')
  t.is(result.code, 0, result.stderr)
  const out = JSON.parse(result.stdout)
  const realInstalled = fs.realpathSync(installedDir())

  t.is(out.resolved, path.join(realInstalled, 'index.js'))
  t.is(out.installedName, '@octavus-rs/server-sdk')
  t.deepEqual(out.types, ['start', ...TOOL_INPUT_TYPES, 'client-tool-request', 'finish'])
  t.deepEqual(out.clientToolRequest, {
    type: 'client-tool-request',
    executionId: 'exec-cjs',
    toolCalls: [{ toolCallId: 'call-loc', toolName: 'get-browser-location', args: {} }],
  })
  t.is(out.output, 'A short summary')
  t.true(out.workerErrorIsClass)
  t.deepEqual(out.state, { status: 'active', sessionId: 'sess-cjs', messages: 0 })

  // Everything, the native binary included, was loaded from the installed copy.
  const binary = out.loaded.find((p) => p.endsWith('.node'))
  t.truthy(binary, 'the native binary is loaded through require')
  t.true(binary.startsWith(realInstalled + path.sep), binary)
  t.deepEqual(
    out.loaded.filter((p) => p.startsWith(root + path.sep)),
    [],
    'nothing is loaded from the repository',
  )
})

test('TypeScript resolves the typings through the alias (node16 resolution, ESM and CommonJS)', async (t) => {
  t.timeout(120000)
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] })
  const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: consumer, timeoutMs: 110000 })
  t.false(result.timedOut)
  t.is(result.code, 0, `${result.stdout}${result.stderr}`)
  t.is(result.stdout.trim(), '')
})
