'use strict'
// Proves the examples/ work as users will run them: the Express server over real HTTP (SSE,
// tools, client disconnect → upstream cancelled), the Next.js route handlers called with web
// Requests, and examples/main.js as a child process — all against the mock platform.
//
// The Express and Next.js examples import `@octavus/server-sdk` as a user's app does; they run
// from a sandbox copy (examples/sandbox.js) where that name is linked to this package.

const test = require('ava')
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { pathToFileURL } = require('node:url')
const { sse } = require('../testing/mock-platform.js')
const { createSandbox } = require('../examples/sandbox.js')
const harness = require('./fixtures/harness.js')
const { mustSettle, TOOL_INPUT_TYPES, textTypes } = harness
const { runBounded } = require('./fixtures/child.js')

const root = path.resolve(__dirname, '..')
const API_KEY = 'examples-key'

let sandbox

test.before(() => {
  sandbox = createSandbox()
})

test.after.always(() => {
  if (sandbox) sandbox.remove()
})

// ---------------------------------------------------------------------------------------------
// helpers

/** A mock platform that expects this file's API key. */
const startMock = (t) => harness.startMock(t, { apiKey: API_KEY })

/** Loads the sandboxed Express example and serves it on 127.0.0.1 (any port). */
async function startExpress(t, mock, options = {}) {
  const { createApp } = require(sandbox.path('express', 'server.js'))
  const { OctavusClient } = require(require.resolve('@octavus/server-sdk', { paths: [sandbox.dir] }))
  const client = new OctavusClient({ baseUrl: mock.url, apiKey: API_KEY })
  const app = createApp({ client, ...options })
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
    s.once('error', reject)
  })
  t.teardown(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return `http://127.0.0.1:${server.address().port}`
}

function postJson(url, body, headers = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/**
 * POSTs with node:http and reads the SSE response until `until(events)` holds; returns the
 * response (still open) and the events so far.
 */
function readSseUntil(url, body, until, ms = 5000) {
  return mustSettle(
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => {
          text += chunk
          const { events } = sse.parse(text)
          if (until(events)) resolve({ res, events })
        })
        res.on('error', reject)
        res.on('end', () => reject(new Error(`stream ended before the condition held: ${text}`)))
      })
      req.on('error', reject)
      req.end(JSON.stringify(body))
    }),
    ms,
    'reading SSE',
  )
}

/** Runs `node args...` with a bounded time and no inherited OCTAVUS_* settings; kills only this child on timeout. */
function runNode(args, { cwd = root, env = {}, timeoutMs = 30000 } = {}) {
  const baseEnv = { ...process.env }
  for (const key of Object.keys(baseEnv)) if (key.startsWith('OCTAVUS_')) delete baseEnv[key]
  return runBounded(process.execPath, args, { cwd, env: { ...baseEnv, NO_COLOR: '1', ...env }, timeoutMs })
}

const types = (events) => events.map((e) => e.type)
const triggerRequests = (mock) => mock.requestsTo('POST', /^\/api\/agent-sessions\/[^/]+\/trigger$/)
const accountTool = (toolCallId, args) => [
  sse.toolInput(toolCallId, 'get-user-account', args),
  sse.toolRequest([{ toolCallId, toolName: 'get-user-account', args }]),
]

// ---------------------------------------------------------------------------------------------
// Express

test('sandbox: the examples resolve `@octavus/server-sdk` to this package, not the official one', async (t) => {
  const ours = path.join(root, 'index.js')
  for (const dir of ['express', path.join('nextjs', 'app', 'api', 'trigger')]) {
    t.is(fs.realpathSync(require.resolve('@octavus/server-sdk', { paths: [sandbox.path(dir)] })), ours, dir)
  }
  // ESM resolution (the Next.js route files) follows the link to our ESM entry as well.
  const probe = sandbox.path('nextjs', 'probe.mjs')
  fs.writeFileSync(
    probe,
    "import * as sdk from '@octavus/server-sdk'\nconsole.log(import.meta.resolve('@octavus/server-sdk'), typeof sdk.OctavusClient)\n",
  )
  const result = await runNode([probe], { cwd: sandbox.dir, timeoutMs: 15000 })
  t.is(result.code, 0, result.stderr)
  t.is(result.stdout.trim(), `${pathToFileURL(path.join(root, 'index.mjs')).href} function`)
})

test('express: POST /api/sessions creates a session with the agent and input given', async (t) => {
  const mock = await startMock(t)
  mock.rest.createSession('sess-express-1')
  const base = await startExpress(t, mock, { agentId: 'agent-default' })

  const res = await postJson(`${base}/api/sessions`, { input: { COMPANY_NAME: 'Acme Corp' } })
  t.is(res.status, 200)
  t.deepEqual(await res.json(), { sessionId: 'sess-express-1' })

  const res2 = await postJson(`${base}/api/sessions`, { agentId: 'agent-other' })
  t.deepEqual(await res2.json(), { sessionId: 'sess-express-1' })

  const created = mock.requestsTo('POST', '/api/agent-sessions')
  t.is(created.length, 2)
  t.deepEqual(created[0].body, { agentId: 'agent-default', input: { COMPANY_NAME: 'Acme Corp' } })
  t.is(created[1].body.agentId, 'agent-other')
  t.is(created[0].headers.authorization, `Bearer ${API_KEY}`)
})

test('express: POST /api/trigger streams SSE and runs server tools on the server', async (t) => {
  const mock = await startMock(t)
  mock.session('sess-express-2', [
    [
      sse.start('exec-e2'),
      sse.text('t1', 'Let me look that up.'),
      accountTool('call-1', { userId: 'user-123' }),
      sse.finish('tool-calls', 'exec-e2'),
    ],
    [sse.text('t2', 'You are on the pro plan, Ada.', { chunks: 4 }), sse.finish('stop', 'exec-e2')],
  ])
  const base = await startExpress(t, mock)

  const res = await postJson(`${base}/api/trigger`, {
    sessionId: 'sess-express-2',
    type: 'trigger',
    triggerName: 'user-message',
    input: { USER_MESSAGE: 'Which plan am I on?' },
  })
  t.is(res.status, 200)
  t.regex(res.headers.get('content-type'), /^text\/event-stream/)
  t.is(res.headers.get('cache-control'), 'no-cache')
  const { events, done } = sse.parse(await res.text())
  t.true(done, 'the stream ends with [DONE]')
  t.deepEqual(types(events), ['start', ...textTypes(1), ...TOOL_INPUT_TYPES, 'tool-output-available', ...textTypes(4), 'finish'])
  const expectedAccount = { userId: 'user-123', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' }
  t.deepEqual(events[8], { type: 'tool-output-available', toolCallId: 'call-1', output: expectedAccount })
  t.is(events.at(-1).finishReason, 'stop')
  t.is(
    events
      .filter((e) => e.type === 'text-delta')
      .map((e) => e.delta)
      .join(''),
    'Let me look that up.You are on the pro plan, Ada.',
  )

  const triggers = triggerRequests(mock)
  t.is(triggers.length, 2, 'one trigger and one automatic continuation')
  t.like(triggers[0].body, { triggerName: 'user-message', input: { USER_MESSAGE: 'Which plan am I on?' } })
  t.is(triggers[1].body.executionId, 'exec-e2')
  t.like(triggers[1].body.toolResults[0], { toolCallId: 'call-1', toolName: 'get-user-account', result: expectedAccount })
})

test('express: a tool without a server handler reaches the browser, and continue resumes the execution', async (t) => {
  const mock = await startMock(t)
  mock.session('sess-express-3', [
    [
      sse.start('exec-e3'),
      sse.toolInput('call-acct', 'get-user-account', { userId: 'user-456' }),
      sse.toolInput('call-loc', 'get-browser-location', {}),
      sse.toolRequest([
        { toolCallId: 'call-acct', toolName: 'get-user-account', args: { userId: 'user-456' } },
        { toolCallId: 'call-loc', toolName: 'get-browser-location', args: {} },
      ]),
      sse.finish('tool-calls', 'exec-e3'),
    ],
    [sse.start('exec-e3'), sse.text('t1', 'Thanks, Grace. Your nearest office is in Utrecht.'), sse.finish('stop', 'exec-e3')],
  ])
  const base = await startExpress(t, mock)

  const first = sse.parse(
    await (await postJson(`${base}/api/trigger`, { sessionId: 'sess-express-3', type: 'trigger', triggerName: 'user-message' })).text(),
  )
  const request = first.events.find((e) => e.type === 'client-tool-request')
  t.truthy(request, `client-tool-request expected in ${JSON.stringify(types(first.events))}`)
  t.is(request.executionId, 'exec-e3')
  t.deepEqual(request.toolCalls, [{ toolCallId: 'call-loc', toolName: 'get-browser-location', args: {} }])
  t.is(request.serverToolResults.length, 1)
  t.like(request.serverToolResults[0], { toolCallId: 'call-acct', toolName: 'get-user-account', result: { name: 'Grace Hopper' } })
  t.like(first.events.at(-1), { type: 'finish', finishReason: 'client-tool-calls' })
  t.is(triggerRequests(mock).length, 1, 'the server does not continue on its own while a client tool is pending')

  // The browser runs the client tool and posts every result back.
  const toolResults = [...request.serverToolResults, { toolCallId: 'call-loc', toolName: 'get-browser-location', result: { city: 'Utrecht' } }]
  const second = sse.parse(
    await (await postJson(`${base}/api/trigger`, { sessionId: 'sess-express-3', type: 'continue', executionId: 'exec-e3', toolResults })).text(),
  )
  t.true(second.done)
  t.deepEqual(types(second.events), ['start', 'text-start', 'text-delta', 'text-end', 'finish'])
  const continued = triggerRequests(mock)[1].body
  t.is(continued.executionId, 'exec-e3')
  t.deepEqual(continued.toolResults, toolResults)
})

test('express: a browser disconnect cancels the upstream execution', async (t) => {
  const mock = await startMock(t)
  // Streams a few deltas, then keeps the connection open as a long answer would.
  mock.session('sess-express-4', [{ sse: [sse.start('exec-e4'), sse.deltas('t1', 20, 'word ')], hangAfter: 6 }])
  const base = await startExpress(t, mock)

  const { res, events } = await readSseUntil(
    `${base}/api/trigger`,
    { sessionId: 'sess-express-4', type: 'trigger', triggerName: 'user-message' },
    (evs) => evs.filter((e) => e.type === 'text-delta').length >= 3,
  )
  t.deepEqual(types(events).slice(0, 2), ['start', 'text-start'])
  t.is(mock.closedConnections, 0, 'the upstream stream is open while the browser reads')

  res.destroy()
  t.true(await mock.waitForClosedConnections(1, 5000), 'the platform saw the execution request closed')
  t.is(triggerRequests(mock).length, 1)
})

test('express: bad requests get 400 JSON and platform errors become JSON errors', async (t) => {
  const mock = await startMock(t)
  const base = await startExpress(t, mock)

  const noSession = await postJson(`${base}/api/trigger`, { type: 'trigger', triggerName: 'user-message' })
  t.is(noSession.status, 400)
  t.deepEqual(await noSession.json(), { error: 'sessionId is required' })

  const badType = await postJson(`${base}/api/trigger`, { sessionId: 's', type: 'stop' })
  t.is(badType.status, 400)
  t.regex((await badType.json()).error, /type must be/)

  const malformed = await postJson(`${base}/api/trigger`, '{"sessionId":')
  t.is(malformed.status, 400)
  t.is(typeof (await malformed.json()).error, 'string')

  const noAgent = await postJson(`${base}/api/sessions`, { input: {} })
  t.is(noAgent.status, 400)
  t.deepEqual(await noAgent.json(), { error: 'agentId is required' })

  mock.on('POST', '/api/agent-sessions', { status: 404, json: { error: 'Agent not found' } }, { status: 403, json: { error: 'Forbidden' } })
  const notFound = await postJson(`${base}/api/sessions`, { agentId: 'missing' })
  t.is(notFound.status, 404)
  t.regex((await notFound.json()).error, /Agent not found/)
  const forbidden = await postJson(`${base}/api/sessions`, { agentId: 'agent-1' })
  t.is(forbidden.status, 502, "the platform refusing our server's key is not the browser's fault")
  t.regex((await forbidden.json()).error, /Forbidden/)
  t.is(triggerRequests(mock).length, 0, 'invalid triggers never reach the platform')
})

test('express: `node server.js` serves the app from environment variables and stops on SIGTERM', async (t) => {
  const mock = await startMock(t)
  mock.rest.createSession('sess-express-6')

  const child = spawn(process.execPath, [sandbox.path('express', 'server.js')], {
    cwd: sandbox.dir,
    env: { ...process.env, OCTAVUS_API_URL: mock.url, OCTAVUS_API_KEY: API_KEY, OCTAVUS_AGENT_ID: 'agent-env', PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))

  const base = await mustSettle(
    new Promise((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (m) resolve(m[1])
      })
      child.on('close', () => reject(new Error(`server exited early: ${stderr}`)))
    }),
    10000,
    'server start',
  )

  const res = await postJson(`${base}/api/sessions`, { input: { COMPANY_NAME: 'Acme Corp' } })
  t.deepEqual(await res.json(), { sessionId: 'sess-express-6' })
  t.is(mock.requestsTo('POST', '/api/agent-sessions')[0].body.agentId, 'agent-env')

  child.kill('SIGTERM')
  const { code } = await mustSettle(exited, 10000, 'server exit after SIGTERM')
  t.is(code, 0, stderr)
})

test('express: `node server.js` without platform settings explains what to set', async (t) => {
  const result = await runNode([sandbox.path('express', 'server.js')], { cwd: sandbox.dir, timeoutMs: 15000 })
  t.false(result.timedOut)
  t.is(result.code, 1)
  t.regex(result.stderr, /Set OCTAVUS_API_URL and OCTAVUS_API_KEY/)
})

// ---------------------------------------------------------------------------------------------
// Next.js route handlers (serial: they read the platform settings from process.env)

const routeModule = (name) => import(pathToFileURL(sandbox.path('nextjs', 'app', 'api', name, 'route.js')).href)

function usePlatform(t, mock, extra = {}) {
  const saved = {}
  const values = { OCTAVUS_API_URL: mock.url, OCTAVUS_API_KEY: API_KEY, OCTAVUS_AGENT_ID: undefined, ...extra }
  for (const [key, value] of Object.entries(values)) {
    saved[key] = process.env[key]
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  t.teardown(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })
}

function jsonRequest(route, body, init = {}) {
  return new Request(`http://localhost/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  })
}

test.serial('nextjs: the trigger route returns an SSE Response with server tools run per request', async (t) => {
  const mock = await startMock(t)
  usePlatform(t, mock)
  mock.session('sess-next-1', [
    [sse.start('exec-n1'), accountTool('call-1', {}), sse.finish('tool-calls', 'exec-n1')],
    [sse.text('t1', 'Hello Grace!', { chunks: 2 }), sse.resourceUpdate('CONVERSATION_SUMMARY', 'Greeted Grace'), sse.finish('stop', 'exec-n1')],
  ])
  const { POST, runtime } = await routeModule('trigger')
  t.is(runtime, 'nodejs')

  // The tool reads the user from the request (x-user-id), as an auth context would.
  const response = await POST(
    jsonRequest(
      'trigger',
      { sessionId: 'sess-next-1', type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE: 'Hi' } },
      { headers: { 'x-user-id': 'user-456' } },
    ),
  )
  t.true(response instanceof Response)
  t.is(response.status, 200)
  t.is(response.headers.get('content-type'), 'text/event-stream')
  const { events, done } = sse.parse(await response.text())
  t.true(done)
  t.deepEqual(types(events), ['start', ...TOOL_INPUT_TYPES, 'tool-output-available', ...textTypes(2), 'resource-update', 'finish'])
  t.deepEqual(events[5].output, { userId: 'user-456', name: 'Grace Hopper', email: 'grace@example.com', plan: 'team' })
  t.deepEqual(events[10], { type: 'resource-update', name: 'CONVERSATION_SUMMARY', value: 'Greeted Grace' })
  const triggers = triggerRequests(mock)
  t.is(triggers.length, 2)
  t.is(triggers[0].headers.authorization, `Bearer ${API_KEY}`)
  t.like(triggers[1].body.toolResults[0], { toolCallId: 'call-1', result: { name: 'Grace Hopper' } })
})

test.serial('nextjs: the trigger route forwards client tools and accepts the continue request', async (t) => {
  const mock = await startMock(t)
  usePlatform(t, mock)
  mock.session('sess-next-2', [
    [
      sse.start('exec-n2'),
      sse.toolInput('call-confirm', 'confirm-refund', { amount: 20 }),
      sse.toolRequest([{ toolCallId: 'call-confirm', toolName: 'confirm-refund', args: { amount: 20 } }]),
      sse.finish('tool-calls', 'exec-n2'),
    ],
    [sse.start('exec-n2'), sse.text('t1', 'Refund issued.'), sse.finish('stop', 'exec-n2')],
  ])
  const { POST } = await routeModule('trigger')

  const first = sse.parse(
    await (await POST(jsonRequest('trigger', { sessionId: 'sess-next-2', type: 'trigger', triggerName: 'user-message' }))).text(),
  )
  const request = first.events.find((e) => e.type === 'client-tool-request')
  t.like(request, { executionId: 'exec-n2', toolCalls: [{ toolCallId: 'call-confirm', toolName: 'confirm-refund', args: { amount: 20 } }] })
  t.like(first.events.at(-1), { type: 'finish', finishReason: 'client-tool-calls' })

  const toolResults = [{ toolCallId: 'call-confirm', toolName: 'confirm-refund', result: { confirmed: true } }]
  const second = await POST(jsonRequest('trigger', { sessionId: 'sess-next-2', type: 'continue', executionId: 'exec-n2', toolResults }))
  t.deepEqual(types(sse.parse(await second.text()).events), ['start', 'text-start', 'text-delta', 'text-end', 'finish'])
  t.deepEqual(triggerRequests(mock)[1].body, { executionId: 'exec-n2', toolResults })

  const invalid = await POST(jsonRequest('trigger', { type: 'trigger', triggerName: 'user-message' }))
  t.is(invalid.status, 400)
  t.deepEqual(await invalid.json(), { error: 'sessionId is required' })
})

test.serial('nextjs: aborting request.signal cancels the upstream execution', async (t) => {
  const mock = await startMock(t)
  usePlatform(t, mock)
  mock.session('sess-next-3', [{ sse: [sse.start('exec-n3'), sse.deltas('t1', 20, 'word ')], hangAfter: 5 }])
  const { POST } = await routeModule('trigger')

  const controller = new AbortController()
  const response = await POST(
    jsonRequest('trigger', { sessionId: 'sess-next-3', type: 'trigger', triggerName: 'user-message' }, { signal: controller.signal }),
  )
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const deltas = () => sse.parse(text).events.filter((e) => e.type === 'text-delta').length
  await mustSettle(
    (async () => {
      while (deltas() < 2) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended early: ${text}`)
        text += decoder.decode(value, { stream: true })
      }
    })(),
    5000,
    'first deltas',
  )
  t.is(mock.closedConnections, 0)

  controller.abort()
  t.true(await mock.waitForClosedConnections(1, 5000), 'the platform saw the execution request closed')
  // The response stream ends on its own after the abort.
  await mustSettle(
    (async () => {
      for (;;) {
        const { done } = await reader.read()
        if (done) return
      }
    })(),
    5000,
    'response end after abort',
  )
  t.is(triggerRequests(mock).length, 1)
})

test.serial('nextjs: the sessions route builds a fresh client per request from the environment', async (t) => {
  const mockA = await startMock(t)
  const mockB = await startMock(t)
  mockA.rest.createSession('sess-from-a')
  mockB.rest.createSession('sess-from-b')
  usePlatform(t, mockA, { OCTAVUS_AGENT_ID: 'agent-env' })
  const { POST } = await routeModule('sessions')

  const res = await POST(jsonRequest('sessions', { input: { COMPANY_NAME: 'Acme Corp' } }))
  t.is(res.status, 200)
  t.deepEqual(await res.json(), { sessionId: 'sess-from-a' })
  t.deepEqual(mockA.requestsTo('POST', '/api/agent-sessions')[0].body, { agentId: 'agent-env', input: { COMPANY_NAME: 'Acme Corp' } })

  // getOctavusClient() reads the settings on every request.
  process.env.OCTAVUS_API_URL = mockB.url
  const res2 = await POST(jsonRequest('sessions', { agentId: 'agent-explicit' }))
  t.deepEqual(await res2.json(), { sessionId: 'sess-from-b' })
  t.is(mockB.requestsTo('POST', '/api/agent-sessions')[0].body.agentId, 'agent-explicit')

  const malformed = await POST(jsonRequest('sessions', 'not json'))
  t.is(malformed.status, 400)
  t.deepEqual(await malformed.json(), { error: 'Expected a JSON body' })

  mockB.on('POST', '/api/agent-sessions', { status: 404, json: { error: 'Agent not found' } })
  const missing = await POST(jsonRequest('sessions', { agentId: 'nope' }))
  t.is(missing.status, 404)
  t.regex((await missing.json()).error, /Agent not found/)
})

test.serial('nextjs: the upload-urls route returns presigned URLs for each file', async (t) => {
  const mock = await startMock(t)
  usePlatform(t, mock)
  mock.rest.uploadUrls()
  const { POST } = await routeModule('upload-urls')

  const files = [
    { filename: 'receipt.pdf', mediaType: 'application/pdf', size: 48213 },
    { filename: 'parcel.jpg', mediaType: 'image/jpeg', size: 1024 },
  ]
  const res = await POST(jsonRequest('upload-urls', { sessionId: 'sess-next-5', files }))
  t.is(res.status, 200)
  const body = await res.json()
  t.is(body.files.length, 2)
  for (const file of body.files) {
    t.is(typeof file.id, 'string')
    t.true(file.uploadUrl.startsWith(mock.url))
    t.true(file.downloadUrl.startsWith(mock.url))
  }
  const [recorded] = mock.requestsTo('POST', '/api/files/upload-urls')
  t.like(recorded.body, { sessionId: 'sess-next-5', files })

  const invalid = await POST(jsonRequest('upload-urls', { sessionId: 'sess-next-5' }))
  t.is(invalid.status, 400)
})

test.serial('nextjs: next.config.js lists the package in serverExternalPackages as the fallback', async (t) => {
  const config = (await import(pathToFileURL(sandbox.path('nextjs', 'next.config.js')).href)).default
  t.true(config.serverExternalPackages.includes('@octavus-rs/server-sdk'))
  t.true(config.serverExternalPackages.includes('@octavus/server-sdk'))
})

// ---------------------------------------------------------------------------------------------
// examples/main.js

test('main.js: runs the scripted conversation against the embedded mock and exits 0', async (t) => {
  const result = await runNode(['examples/main.js'])
  t.false(result.timedOut, 'main.js exits by itself')
  t.is(result.code, 0, result.stderr)
  t.is(result.stderr, '')
  const out = result.stdout
  const lines = out.split('\n')
  const has = (line) => t.true(lines.includes(line), `missing line: ${line}\n--- output ---\n${out}`)

  t.regex(out, /^Octavus server SDK demo, against the embedded mock platform at http:\/\/127\.0\.0\.1:\d+$/m)
  has('Session created: sess_demo_7f3a (agent support-agent)')
  has("user: Hi! My order NW-1042 hasn't arrived yet. Where is it, and is there a pickup point near me?")
  has('assistant: Let me check order NW-1042 for you.')
  has('  [tool call] lookup-order {"orderId":"NW-1042"}')
  has(
    '  [server tool] lookup-order -> {"orderId":"NW-1042","status":"in transit","carrier":"PostNL","lastScan":"Rotterdam sorting centre","estimatedDelivery":"7 March"}',
  )
  // The platform's reply is built from the server tool's result.
  t.regex(out, /^assistant: Good news: order NW-1042 is in transit with PostNL\. .*should arrive by 7 March\./m)
  has('  [client tool request] get-browser-location {} (execution exec_demo_51c2)')
  has('  [client tool result] get-browser-location -> {"city":"Utrecht","latitude":52.0907,"longitude":5.1214}')
  has('  [continue] execution exec_demo_51c2 with 1 tool result(s)')
  t.regex(out, /^assistant: The nearest pickup point to you in Utrecht is /m)
  has('  [resource] CONVERSATION_SUMMARY = "Customer asked about order NW-1042: in transit, due 7 March."')
  has('  [resource] CONVERSATION_SUMMARY = "Order NW-1042 in transit; suggested the pickup point at Stationsplein 12 in Utrecht."')

  const summary = out.slice(out.indexOf('\nSummary\n'))
  t.not(out.indexOf('\nSummary\n'), -1, out)
  t.regex(summary, /^ {2}session: +sess_demo_7f3a$/m)
  t.regex(summary, /^ {2}requests: +1 trigger, 1 continue$/m)
  t.regex(summary, /^ {2}server tools: +lookup-order$/m)
  t.regex(summary, /^ {2}client tools: +get-browser-location$/m)
  t.regex(summary, /^ {2}resource events: +2$/m)
  t.regex(summary, /^ {2}streamed text: +\d+ characters in \d+ deltas$/m)
  t.regex(summary, /^ {2}finish reason: +stop$/m)
  // The reply is printed as it streams in, not at once.
  t.true(result.chunks.length >= 10, `stdout arrived in ${result.chunks.length} chunks`)
})

test('main.js: with OCTAVUS_API_URL, OCTAVUS_API_KEY and OCTAVUS_AGENT_ID it talks to that platform', async (t) => {
  const { startDemoPlatform } = require('../examples/demo-platform.js')
  const platform = await startDemoPlatform()
  t.teardown(() => platform.close())

  const result = await runNode(['examples/main.js'], {
    env: {
      OCTAVUS_API_URL: platform.url,
      OCTAVUS_API_KEY: platform.apiKey,
      OCTAVUS_AGENT_ID: 'agent-from-env',
      OCTAVUS_SESSION_INPUT: '{"COMPANY_NAME":"Env Corp"}',
    },
  })
  t.false(result.timedOut)
  t.is(result.code, 0, result.stderr)
  t.true(result.stdout.includes(`Octavus server SDK demo, against the platform at ${platform.url}\n`), result.stdout)
  t.regex(result.stdout, /^ {2}finish reason: +stop$/m)

  const [created] = platform.mock.requestsTo('POST', '/api/agent-sessions')
  t.deepEqual(created.body, { agentId: 'agent-from-env', input: { COMPANY_NAME: 'Env Corp' } })
  t.is(created.headers.authorization, `Bearer ${platform.apiKey}`)
  const triggers = triggerRequests(platform.mock)
  t.is(triggers.length, 3, 'trigger, automatic continuation, continue with the client result')
  t.is(triggers[2].body.executionId, 'exec_demo_51c2')
  t.deepEqual(triggers[2].body.toolResults, [
    { toolCallId: 'call_location_1', toolName: 'get-browser-location', result: { city: 'Utrecht', latitude: 52.0907, longitude: 5.1214 } },
  ])
})

test('main.js: an incomplete platform configuration is reported clearly', async (t) => {
  const noAgent = await runNode(['examples/main.js'], { env: { OCTAVUS_API_URL: 'http://127.0.0.1:9', OCTAVUS_API_KEY: 'k' }, timeoutMs: 15000 })
  t.false(noAgent.timedOut)
  t.is(noAgent.code, 1)
  t.regex(noAgent.stderr, /OCTAVUS_AGENT_ID is not set/)
  t.is(noAgent.stdout, '')

  const noKey = await runNode(['examples/main.js'], { env: { OCTAVUS_API_URL: 'http://127.0.0.1:9' }, timeoutMs: 15000 })
  t.is(noKey.code, 1)
  t.regex(noKey.stderr, /OCTAVUS_API_KEY is not set/)
})
