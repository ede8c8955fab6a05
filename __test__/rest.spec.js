'use strict'
// Every REST call of the package against the mock platform: resolved values (compared with the
// official @octavus/server-sdk where it has the call), the exact requests sent, ApiError
// mapping, shape validation of 2xx bodies, network failures, headers, path-segment encoding,
// per-request getHeaders(), concurrency, and the CommonJS/ESM entries.

const test = require('ava')
const net = require('node:net')

const ours = require('../index.js')
const { OctavusClient, AgentsApi, AgentSessionsApi, FilesApi, ApiError } = ours
const { fixtures } = require('../testing/mock-platform.js')
const { startMock, loadOfficial, mustSettle } = require('./fixtures/harness.js')

/** The outcome of a call: `{ok:true, value}` or `{ok:false, error}` (settles within 10 s). */
async function settle(fn, what = 'call') {
  try {
    return { ok: true, value: await mustSettle(Promise.resolve().then(fn), 10000, what) }
  } catch (error) {
    return { ok: false, error }
  }
}

/** Runs `call(client)` with our client and the official one; returns both values and requests. */
async function both(mock, call, clientOptions = {}) {
  const official = await loadOfficial()
  const before = mock.requests.length
  const oursValue = await call(new OctavusClient({ baseUrl: mock.url, ...clientOptions }))
  const mid = mock.requests.length
  const officialValue = await call(new official.OctavusClient({ baseUrl: mock.url, ...clientOptions }))
  return {
    ours: oursValue,
    official: officialValue,
    oursRequests: mock.requests.slice(before, mid),
    officialRequests: mock.requests.slice(mid),
  }
}

/** Asserts one recorded request: method, raw path, query, raw body, content-type. */
function assertRequest(t, req, { method, path, query = {}, rawBody = '' }) {
  t.truthy(req, `a ${method} ${path} request was recorded`)
  t.is(req.method, method)
  t.is(req.path, path)
  t.deepEqual(req.query, query)
  t.is(req.rawBody, rawBody)
  t.is(req.headers['content-type'], 'application/json')
}

/** Same method, path, query and body from both SDKs. */
function assertSameRequests(t, a, b) {
  t.is(a.length, b.length)
  for (let i = 0; i < a.length; i++) {
    t.is(a[i].method, b[i].method)
    t.is(a[i].rawUrl, b[i].rawUrl)
    t.is(a[i].rawBody, b[i].rawBody)
    t.is(a[i].headers['content-type'], b[i].headers['content-type'])
  }
}

const UI_MESSAGES = [
  {
    id: 'u1',
    role: 'user',
    parts: [{ type: 'text', text: 'hello', status: 'done' }],
    status: 'done',
    createdAt: '2025-02-03T04:05:06.000Z',
  },
  {
    id: 'u2',
    role: 'assistant',
    parts: [
      { type: 'reasoning', text: 'thinking', status: 'done' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', args: { q: 1 }, result: { ok: true }, status: 'done' },
      { type: 'text', text: 'hi there', status: 'done', thread: 'main' },
    ],
    status: 'done',
    createdAt: 1700000000000,
  },
]

const CHAT_MESSAGES = [
  {
    id: 'm1',
    role: 'user',
    parts: [{ type: 'text', visible: true, content: 'hello' }],
    createdAt: '2025-02-03T04:05:06.000Z',
    content: 'hello',
  },
  {
    id: 'm2',
    role: 'assistant',
    parts: [{ type: 'text', visible: true, content: 'hi there' }],
    createdAt: '2025-02-03T04:05:07.000Z',
    visible: true,
    content: 'hi there',
  },
]

// ---------------------------------------------------------------------------------------------
// Happy paths

test('agents.list resolves the agents array like the official SDK and sends GET /api/agents', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([
    { id: 'a1', description: 'first agent', format: 'worker', extra: 'dropped' },
    { id: 'a2', name: 'Second' },
  ])
  const r = await both(mock, (c) => c.agents.list())
  t.deepEqual(r.ours, r.official)
  t.is(r.ours.length, 2)
  t.like(r.ours[0], { id: 'a1', description: 'first agent', format: 'worker', projectId: 'project-1' })
  t.is(r.ours[1].description, null)
  t.is(r.ours[1].name, 'Second')
  t.false('extra' in r.ours[0])
  t.is(r.oursRequests.length, 1)
  assertRequest(t, r.oursRequests[0], { method: 'GET', path: '/api/agents' })
  t.is(r.oursRequests[0].rawUrl, '/api/agents')
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('agents.list resolves an empty list', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([])
  const r = await both(mock, (c) => c.agents.list())
  t.deepEqual(r.ours, [])
  t.deepEqual(r.official, [])
})

test('agents.get resolves the definition like the official SDK and sends GET /api/agents/:id', async (t) => {
  const mock = await startMock(t)
  // A fresh copy each time: what the mock serves, and what both clients must resolve.
  const definition = () => ({
    id: 'agent-7',
    settings: { slug: 'support', name: 'Support', description: 'Helps', format: 'interactive' },
    protocol: 'agent:\n  model: x\n',
    prompts: [
      { name: 'system', content: 'You are helpful.' },
      { name: 'user', content: '{{question}}' },
    ],
  })
  mock.rest.agent(definition())
  const r = await both(mock, (c) => c.agents.get('agent-7'))
  t.deepEqual(r.ours, r.official)
  t.deepEqual(r.ours, definition())
  assertRequest(t, r.oursRequests[0], { method: 'GET', path: '/api/agents/agent-7' })
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('agents.get: settings.description is optional', async (t) => {
  const mock = await startMock(t)
  mock.rest.agent({ id: 'a1', settings: { slug: 'a1', name: 'A', format: 'worker' } })
  const r = await both(mock, (c) => c.agents.get('a1'))
  t.deepEqual(r.ours, r.official)
  t.false('description' in r.ours.settings)
  t.is(r.ours.settings.format, 'worker')
})

test('agentSessions.create resolves the session id and sends {agentId, input}', async (t) => {
  const mock = await startMock(t)
  mock.rest.createSession('sess-42')
  const input = { user: 'ü-名前', n: 2, nested: { list: [1, 'two', null], skip: undefined }, when: new Date('2025-01-02T03:04:05.000Z') }
  const r = await both(mock, (c) => c.agentSessions.create('agent-1', input))
  t.is(r.ours, 'sess-42')
  t.is(r.official, 'sess-42')
  assertRequest(t, r.oursRequests[0], {
    method: 'POST',
    path: '/api/agent-sessions',
    rawBody: '{"agentId":"agent-1","input":{"user":"ü-名前","n":2,"nested":{"list":[1,"two",null]},"when":"2025-01-02T03:04:05.000Z"}}',
  })
  t.deepEqual(r.oursRequests[0].body, JSON.parse(JSON.stringify({ agentId: 'agent-1', input })))
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('agentSessions.create without input omits the key', async (t) => {
  const mock = await startMock(t)
  mock.rest.createSession('s1')
  const r = await both(mock, (c) => c.agentSessions.create('agent-1'))
  t.is(r.ours, 's1')
  assertRequest(t, r.oursRequests[0], { method: 'POST', path: '/api/agent-sessions', rawBody: '{"agentId":"agent-1"}' })
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('agentSessions.create: a BigInt input is a TypeError and nothing is sent', async (t) => {
  const mock = await startMock(t)
  mock.rest.createSession('s1')
  const client = new OctavusClient({ baseUrl: mock.url })
  await t.throwsAsync(client.agentSessions.create('agent-1', { n: 10n }), { instanceOf: TypeError })
  t.is(mock.requests.length, 0)
})

test('agentSessions.get resolves the full state like the official SDK (dates stay strings)', async (t) => {
  const mock = await startMock(t)
  mock.rest.getSession('s1', {
    state: {
      agentId: 'agent-9',
      input: { user: 'x' },
      variables: { count: 3, list: [1, 2] },
      resources: { notes: 'n' },
      messages: CHAT_MESSAGES,
      unknownTopLevel: true,
    },
  })
  const r = await both(mock, (c) => c.agentSessions.get('s1'))
  t.deepEqual(r.ours, r.official)
  t.like(r.ours, {
    id: 's1',
    agentId: 'agent-9',
    input: { user: 'x' },
    variables: { count: 3, list: [1, 2] },
    resources: { notes: 'n' },
    status: 'active',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  })
  t.deepEqual(r.ours.messages, CHAT_MESSAGES)
  t.is(typeof r.ours.messages[0].createdAt, 'string')
  t.false('unknownTopLevel' in r.ours)
  assertRequest(t, r.oursRequests[0], { method: 'GET', path: '/api/agent-sessions/s1' })
  t.is(r.oursRequests[0].rawUrl, '/api/agent-sessions/s1')
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('agentSessions.get: status is optional in the active state', async (t) => {
  const mock = await startMock(t)
  const state = fixtures.sessionState({ id: 's1' })
  delete state.status
  mock.on('GET', '/api/agent-sessions/s1', { json: state })
  const r = await both(mock, (c) => c.agentSessions.get('s1'))
  t.deepEqual(r.ours, r.official)
  t.false('status' in r.ours)
})

/** Serves session s-old as expired, reads it with `read` in both SDKs and asserts both resolve the expired shape. */
async function readExpired(t, read) {
  const mock = await startMock(t)
  mock.rest.getSession('s-old', { expired: true })
  const r = await both(mock, (c) => read(c.agentSessions, 's-old'))
  t.deepEqual(r.ours, r.official)
  t.deepEqual(r.ours, { sessionId: 's-old', agentId: 'agent-1', status: 'expired', createdAt: '2025-01-01T00:00:00.000Z' })
  return r
}

test('agentSessions.get resolves the expired shape like the official SDK', async (t) => {
  await readExpired(t, (sessions, id) => sessions.get(id))
})

test('agentSessions.getMessages turns createdAt into Date like the official SDK and sends ?format=ui', async (t) => {
  const mock = await startMock(t)
  mock.rest.getSession('s1', { ui: { messages: UI_MESSAGES } })
  const r = await both(mock, (c) => c.agentSessions.getMessages('s1'))
  t.deepEqual(r.ours, r.official)
  t.is(r.ours.sessionId, 's1')
  t.is(r.ours.agentId, 'agent-1')
  t.is(r.ours.status, 'active')
  t.is(r.ours.messages.length, 2)
  for (const m of r.ours.messages) t.true(m.createdAt instanceof Date)
  t.is(r.ours.messages[0].createdAt.toISOString(), '2025-02-03T04:05:06.000Z')
  t.is(r.ours.messages[1].createdAt.getTime(), 1700000000000)
  t.deepEqual(r.ours.messages[1].parts, UI_MESSAGES[1].parts)
  assertRequest(t, r.oursRequests[0], { method: 'GET', path: '/api/agent-sessions/s1', query: { format: 'ui' } })
  t.is(r.oursRequests[0].rawUrl, '/api/agent-sessions/s1?format=ui')
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('agentSessions.getMessages resolves the expired shape like the official SDK', async (t) => {
  const r = await readExpired(t, (sessions, id) => sessions.getMessages(id))
  t.is(typeof r.ours.createdAt, 'string')
})

test('agentSessions.restore resolves {sessionId, restored} and sends {messages, input}', async (t) => {
  const mock = await startMock(t)
  mock.rest.restore('s1', true)
  const messages = [{ ...UI_MESSAGES[0], createdAt: new Date('2025-02-03T04:05:06.000Z') }]
  const r = await both(mock, (c) => c.agentSessions.restore('s1', messages, { user: 'x' }))
  t.deepEqual(r.ours, { sessionId: 's1', restored: true })
  t.deepEqual(r.ours, r.official)
  assertRequest(t, r.oursRequests[0], {
    method: 'POST',
    path: '/api/agent-sessions/s1/restore',
    rawBody: JSON.stringify({ messages, input: { user: 'x' } }),
  })
  t.is(r.oursRequests[0].body.messages[0].createdAt, '2025-02-03T04:05:06.000Z')
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('agentSessions.restore without input omits the key; restored:false resolves as is', async (t) => {
  const mock = await startMock(t)
  mock.rest.restore('s1', false)
  const r = await both(mock, (c) => c.agentSessions.restore('s1', []))
  t.deepEqual(r.ours, { sessionId: 's1', restored: false })
  t.deepEqual(r.ours, r.official)
  assertRequest(t, r.oursRequests[0], { method: 'POST', path: '/api/agent-sessions/s1/restore', rawBody: '{"messages":[]}' })
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('agentSessions.clear resolves {sessionId, cleared} and sends DELETE with no body', async (t) => {
  const mock = await startMock(t)
  mock.rest.clear('s1', true)
  const client = new OctavusClient({ baseUrl: mock.url })
  t.deepEqual(await client.agentSessions.clear('s1'), { sessionId: 's1', cleared: true })
  mock.rest.clear('s1', false)
  t.deepEqual(await client.agentSessions.clear('s1'), { sessionId: 's1', cleared: false })
  t.is(mock.requests.length, 2)
  for (const req of mock.requests) assertRequest(t, req, { method: 'DELETE', path: '/api/agent-sessions/s1' })
})

test('httpDelete (for subclasses) sends DELETE with no body, parses the answer with the schema, and maps non-2xx to ApiError', async (t) => {
  const mock = await startMock(t)
  mock.on('DELETE', '/api/custom/item-1', { json: { deleted: true } })
  mock.on('DELETE', '/api/custom/missing', { status: 404, json: { error: 'Nothing here', code: 'NOT_FOUND' } })
  // Any object with parse() stands in for a zod schema.
  const schema = { parse: (data) => ({ parsed: data }) }
  class CustomApi extends AgentsApi {
    remove(id, withSchema = true) {
      return this.httpDelete(`/api/custom/${id}`, withSchema ? schema : undefined)
    }
  }
  const api = new CustomApi({ baseUrl: mock.url, getHeaders: () => ({ 'Content-Type': 'application/json', 'X-Sub': 'yes' }) })
  t.deepEqual(await api.remove('item-1'), { parsed: { deleted: true } })
  t.deepEqual(await api.remove('item-1', false), { deleted: true }, 'without a schema: the parsed JSON as is')
  const r = await settle(() => api.remove('missing'), 'httpDelete of a missing path')
  t.false(r.ok)
  t.true(r.error instanceof ApiError)
  t.is(r.error.status, 404)
  t.is(r.error.message, 'Nothing here')
  t.is(r.error.code, 'NOT_FOUND')
  t.is(mock.requests.length, 3)
  const paths = ['/api/custom/item-1', '/api/custom/item-1', '/api/custom/missing']
  mock.requests.forEach((req, i) => {
    assertRequest(t, req, { method: 'DELETE', path: paths[i] })
    t.is(req.headers['x-sub'], 'yes', 'headers from getHeaders()')
  })
})

test('files.getUploadUrls resolves {files} like the official SDK and sends {sessionId, files}', async (t) => {
  const mock = await startMock(t)
  const answer = {
    files: [
      { id: 'f1', uploadUrl: 'https://bucket.example/up/f1?sig=a%20b&x=1', downloadUrl: 'https://bucket.example/down/f1' },
      { id: 'f2', uploadUrl: `${mock.url}/upload/f2`, downloadUrl: `${mock.url}/download/f2`, extra: 1 },
    ],
  }
  mock.on('POST', '/api/files/upload-urls', { json: answer })
  const files = [
    { filename: 'photo.jpg', mediaType: 'image/jpeg', size: 102400 },
    { filename: 'doc ü.pdf', mediaType: 'application/pdf', size: 2048 },
  ]
  const r = await both(mock, (c) => c.files.getUploadUrls('sess-1', files))
  t.deepEqual(r.ours, r.official)
  t.deepEqual(r.ours, {
    files: [
      { id: 'f1', uploadUrl: 'https://bucket.example/up/f1?sig=a%20b&x=1', downloadUrl: 'https://bucket.example/down/f1' },
      { id: 'f2', uploadUrl: `${mock.url}/upload/f2`, downloadUrl: `${mock.url}/download/f2` },
    ],
  })
  assertRequest(t, r.oursRequests[0], {
    method: 'POST',
    path: '/api/files/upload-urls',
    rawBody: JSON.stringify({ sessionId: 'sess-1', files }),
  })
  assertSameRequests(t, r.oursRequests, r.officialRequests)
})

test('files.getUploadUrls with the canned mock route: one entry per file', async (t) => {
  const mock = await startMock(t)
  mock.rest.uploadUrls()
  const client = new OctavusClient({ baseUrl: mock.url })
  const res = await client.files.getUploadUrls('s1', [
    { filename: 'a.png', mediaType: 'image/png', size: 1 },
    { filename: 'b.png', mediaType: 'image/png', size: 2 },
    { filename: 'c.png', mediaType: 'image/png', size: 3 },
  ])
  t.is(res.files.length, 3)
  for (const f of res.files) {
    t.true(f.uploadUrl.startsWith(`${mock.url}/upload/`))
    t.true(f.downloadUrl.startsWith(`${mock.url}/download/`))
  }
})

// ---------------------------------------------------------------------------------------------
// Non-2xx → ApiError

const STATUS_TEXT = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

for (const status of [400, 401, 403, 404, 429, 500]) {
  test(`HTTP ${status}: every error body shape rejects with ApiError (status, message, code)`, async (t) => {
    const official = await loadOfficial()
    const mock = await startMock(t)
    const shapes = [
      {
        name: '{error, code}',
        spec: { json: { error: `E${status}`, code: `C${status}` } },
        message: `E${status}`,
        code: `C${status}`,
        sameAsOfficial: true,
      },
      {
        name: '{message, code}',
        spec: { json: { message: `M${status}`, code: `C${status}` } },
        message: `M${status}`,
        code: `C${status}`,
        sameAsOfficial: true,
      },
      {
        name: '{error, message}',
        spec: { json: { error: 'from-error', message: 'from-message' } },
        message: 'from-error',
        code: undefined,
        sameAsOfficial: true,
      },
      {
        name: 'nested {error:{code,message}}',
        spec: { json: { error: { code: 'NOT_FOUND', message: 'Agent not found' } } },
        message: 'Agent not found',
        code: 'NOT_FOUND',
        sameAsOfficial: false,
      },
      {
        name: 'non-JSON body',
        spec: { body: '<html><body>upstream broke</body></html>', headers: { 'content-type': 'text/html' } },
        message: `Request failed: ${STATUS_TEXT[status]}`,
        code: undefined,
        sameAsOfficial: true,
      },
      {
        name: 'JSON without fields',
        spec: { json: { detail: 'x' } },
        message: `Request failed: ${STATUS_TEXT[status]}`,
        code: undefined,
        sameAsOfficial: true,
      },
      { name: 'empty body', spec: { body: '' }, message: `Request failed: ${STATUS_TEXT[status]}`, code: undefined, sameAsOfficial: true },
    ]
    for (const shape of shapes) {
      mock.on('GET', '/api/agents', { status, ...shape.spec })
      const mine = await settle(() => new OctavusClient({ baseUrl: mock.url }).agents.list(), shape.name)
      t.false(mine.ok, `${shape.name}: rejects`)
      const err = mine.error
      t.true(err instanceof ApiError, `${shape.name}: instanceof ApiError`)
      t.true(err instanceof Error)
      t.is(err.name, 'ApiError', shape.name)
      t.is(err.status, status, shape.name)
      t.is(err.message, shape.message, shape.name)
      t.is(err.code, shape.code, shape.name)
      if (shape.sameAsOfficial) {
        const theirs = await settle(() => new official.OctavusClient({ baseUrl: mock.url }).agents.list(), shape.name)
        t.false(theirs.ok)
        t.is(theirs.error.name, 'ApiError')
        t.is(theirs.error.message, err.message, `${shape.name}: same message as the official SDK`)
        t.is(theirs.error.status, err.status)
        t.is(theirs.error.code, err.code)
      }
    }
  })
}

test('every REST call maps a non-2xx answer to ApiError', async (t) => {
  const mock = await startMock(t)
  mock.on('*', () => true, { status: 404, json: { error: 'Nope', code: 'NOT_FOUND' } })
  const client = new OctavusClient({ baseUrl: mock.url })
  const calls = {
    'agents.list': () => client.agents.list(),
    'agents.get': () => client.agents.get('a1'),
    'agentSessions.create': () => client.agentSessions.create('a1', { x: 1 }),
    'agentSessions.get': () => client.agentSessions.get('s1'),
    'agentSessions.getMessages': () => client.agentSessions.getMessages('s1'),
    'agentSessions.restore': () => client.agentSessions.restore('s1', []),
    'agentSessions.clear': () => client.agentSessions.clear('s1'),
    'files.getUploadUrls': () => client.files.getUploadUrls('s1', [{ filename: 'a', mediaType: 'text/plain', size: 1 }]),
  }
  for (const [name, call] of Object.entries(calls)) {
    const r = await settle(call, name)
    t.false(r.ok, `${name} rejects`)
    t.true(r.error instanceof ApiError, `${name}: ApiError`)
    t.is(r.error.status, 404, name)
    t.is(r.error.message, 'Nope', name)
    t.is(r.error.code, 'NOT_FOUND', name)
  }
  t.is(mock.requests.length, Object.keys(calls).length)
})

test('ApiError can be constructed and thrown by users like the official one', async (t) => {
  const official = await loadOfficial()
  const a = new ApiError('m', 418, 'TEAPOT')
  const b = new official.ApiError('m', 418, 'TEAPOT')
  for (const e of [a, b]) {
    t.true(e instanceof Error)
    t.is(e.name, 'ApiError')
    t.is(e.message, 'm')
    t.is(e.status, 418)
    t.is(e.code, 'TEAPOT')
  }
  t.is(new ApiError('x', 500).code, undefined)
})

// ---------------------------------------------------------------------------------------------
// Wrong-shape 2xx bodies

const agent = (over) => fixtures.agent({ id: 'a1', ...over })
const withoutKey = (obj, key) => {
  const copy = { ...obj }
  delete copy[key]
  return copy
}

const WRONG_SHAPES = [
  // [label, method+path route, call, response spec, endpoint text, field text]
  ['agents.list: missing agents', 'GET', '/api/agents', (c) => c.agents.list(), { json: {} }, 'GET /api/agents', 'agents'],
  ['agents.list: agents not an array', 'GET', '/api/agents', (c) => c.agents.list(), { json: { agents: 'many' } }, 'GET /api/agents', 'agents'],
  [
    'agents.list: missing description',
    'GET',
    '/api/agents',
    (c) => c.agents.list(),
    { json: { agents: [withoutKey(agent(), 'description')] } },
    'GET /api/agents',
    'description',
  ],
  [
    'agents.list: name of wrong type',
    'GET',
    '/api/agents',
    (c) => c.agents.list(),
    { json: { agents: [agent({ name: 5 })] } },
    'GET /api/agents',
    'name',
  ],
  [
    'agents.list: bad format enum',
    'GET',
    '/api/agents',
    (c) => c.agents.list(),
    { json: { agents: [agent({ format: 'chat' })] } },
    'GET /api/agents',
    'format',
  ],
  ['agents.list: non-JSON body', 'GET', '/api/agents', (c) => c.agents.list(), { body: 'hello' }, 'GET /api/agents', 'JSON'],
  [
    'agents.get: missing protocol',
    'GET',
    '/api/agents/a1',
    (c) => c.agents.get('a1'),
    { json: withoutKey(fixtures.agentDefinition({ id: 'a1' }), 'protocol') },
    'GET /api/agents/a1',
    'protocol',
  ],
  [
    'agents.get: bad settings.format',
    'GET',
    '/api/agents/a1',
    (c) => c.agents.get('a1'),
    { json: fixtures.agentDefinition({ id: 'a1', settings: { slug: 's', name: 'n', format: 'robot' } }) },
    'GET /api/agents/a1',
    'format',
  ],
  [
    'agents.get: prompt content not a string',
    'GET',
    '/api/agents/a1',
    (c) => c.agents.get('a1'),
    { json: fixtures.agentDefinition({ id: 'a1', prompts: [{ name: 'p', content: 1 }] }) },
    'GET /api/agents/a1',
    'content',
  ],
  ['agents.get: non-JSON body', 'GET', '/api/agents/a1', (c) => c.agents.get('a1'), { body: '<html>' }, 'GET /api/agents/a1', 'JSON'],
  [
    'create: missing sessionId',
    'POST',
    '/api/agent-sessions',
    (c) => c.agentSessions.create('a1'),
    { json: { id: 's1' } },
    'POST /api/agent-sessions',
    'sessionId',
  ],
  [
    'create: sessionId not a string',
    'POST',
    '/api/agent-sessions',
    (c) => c.agentSessions.create('a1'),
    { json: { sessionId: 42 } },
    'POST /api/agent-sessions',
    'sessionId',
  ],
  [
    'create: non-JSON body',
    'POST',
    '/api/agent-sessions',
    (c) => c.agentSessions.create('a1'),
    { body: 'created' },
    'POST /api/agent-sessions',
    'JSON',
  ],
  [
    'get: missing updatedAt',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.get('s1'),
    { json: withoutKey(fixtures.sessionState({ id: 's1' }), 'updatedAt') },
    'GET /api/agent-sessions/s1',
    'updatedAt',
  ],
  [
    'get: messages not an array',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.get('s1'),
    { json: fixtures.sessionState({ id: 's1', messages: 'none' }) },
    'GET /api/agent-sessions/s1',
    'messages',
  ],
  [
    'get: bad status enum',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.get('s1'),
    { json: fixtures.sessionState({ id: 's1', status: 'paused' }) },
    'GET /api/agent-sessions/s1',
    'status',
  ],
  [
    'get: chat message with a bad role',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.get('s1'),
    { json: fixtures.sessionState({ id: 's1', messages: [{ ...CHAT_MESSAGES[0], role: 'robot' }] }) },
    'GET /api/agent-sessions/s1',
    'role',
  ],
  [
    'get: chat message without parts',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.get('s1'),
    { json: fixtures.sessionState({ id: 's1', messages: [withoutKey(CHAT_MESSAGES[0], 'parts')] }) },
    'GET /api/agent-sessions/s1',
    'parts',
  ],
  ['get: non-JSON body', 'GET', '/api/agent-sessions/s1', (c) => c.agentSessions.get('s1'), { body: 'state' }, 'GET /api/agent-sessions/s1', 'JSON'],
  [
    'getMessages: missing messages',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.getMessages('s1'),
    { json: withoutKey(fixtures.uiSession({ sessionId: 's1' }), 'messages') },
    'GET /api/agent-sessions/s1',
    'messages',
  ],
  [
    'getMessages: UI message with a bad role',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.getMessages('s1'),
    { json: fixtures.uiSession({ sessionId: 's1', messages: [{ ...UI_MESSAGES[0], role: 'system' }] }) },
    'GET /api/agent-sessions/s1',
    'role',
  ],
  [
    'getMessages: UI message without createdAt',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.getMessages('s1'),
    { json: fixtures.uiSession({ sessionId: 's1', messages: [withoutKey(UI_MESSAGES[0], 'createdAt')] }) },
    'GET /api/agent-sessions/s1',
    'createdAt',
  ],
  [
    'getMessages: createdAt not a date',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.getMessages('s1'),
    { json: fixtures.uiSession({ sessionId: 's1', messages: [{ ...UI_MESSAGES[0], createdAt: 'yesterday-ish' }] }) },
    'GET /api/agent-sessions/s1',
    'createdAt',
  ],
  [
    'getMessages: expired shape missing createdAt and no messages',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.getMessages('s1'),
    { json: { sessionId: 's1', agentId: 'a', status: 'expired' } },
    'GET /api/agent-sessions/s1',
    /messages|status|createdAt/,
  ],
  [
    'getMessages: non-JSON body',
    'GET',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.getMessages('s1'),
    { body: '' },
    'GET /api/agent-sessions/s1',
    'JSON',
  ],
  [
    'restore: restored not a boolean',
    'POST',
    '/api/agent-sessions/s1/restore',
    (c) => c.agentSessions.restore('s1', []),
    { json: { sessionId: 's1', restored: 'yes' } },
    'POST /api/agent-sessions/s1/restore',
    'restored',
  ],
  [
    'restore: missing sessionId',
    'POST',
    '/api/agent-sessions/s1/restore',
    (c) => c.agentSessions.restore('s1', []),
    { json: { restored: true } },
    'POST /api/agent-sessions/s1/restore',
    'sessionId',
  ],
  [
    'restore: non-JSON body',
    'POST',
    '/api/agent-sessions/s1/restore',
    (c) => c.agentSessions.restore('s1', []),
    { body: 'ok' },
    'POST /api/agent-sessions/s1/restore',
    'JSON',
  ],
  [
    'clear: missing cleared',
    'DELETE',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.clear('s1'),
    { json: { sessionId: 's1' } },
    'DELETE /api/agent-sessions/s1',
    'cleared',
  ],
  [
    'clear: cleared not a boolean',
    'DELETE',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.clear('s1'),
    { json: { sessionId: 's1', cleared: 1 } },
    'DELETE /api/agent-sessions/s1',
    'cleared',
  ],
  [
    'clear: non-JSON body',
    'DELETE',
    '/api/agent-sessions/s1',
    (c) => c.agentSessions.clear('s1'),
    { body: 'gone' },
    'DELETE /api/agent-sessions/s1',
    'JSON',
  ],
  [
    'getUploadUrls: missing files',
    'POST',
    '/api/files/upload-urls',
    (c) => c.files.getUploadUrls('s1', []),
    { json: { urls: [] } },
    'POST /api/files/upload-urls',
    'files',
  ],
  [
    'getUploadUrls: missing downloadUrl',
    'POST',
    '/api/files/upload-urls',
    (c) => c.files.getUploadUrls('s1', []),
    { json: { files: [{ id: 'f', uploadUrl: 'https://x.example/u' }] } },
    'POST /api/files/upload-urls',
    'downloadUrl',
  ],
  [
    'getUploadUrls: uploadUrl not a URL',
    'POST',
    '/api/files/upload-urls',
    (c) => c.files.getUploadUrls('s1', []),
    { json: { files: [{ id: 'f', uploadUrl: 'not a url', downloadUrl: 'https://x.example/d' }] } },
    'POST /api/files/upload-urls',
    'uploadUrl',
  ],
  [
    'getUploadUrls: downloadUrl not a URL',
    'POST',
    '/api/files/upload-urls',
    (c) => c.files.getUploadUrls('s1', []),
    { json: { files: [{ id: 'f', uploadUrl: 'https://x.example/u', downloadUrl: '/relative/only' }] } },
    'POST /api/files/upload-urls',
    'downloadUrl',
  ],
  [
    'getUploadUrls: non-JSON body',
    'POST',
    '/api/files/upload-urls',
    (c) => c.files.getUploadUrls('s1', []),
    { body: 'urls' },
    'POST /api/files/upload-urls',
    'JSON',
  ],
]

for (const [label, method, path, call, spec, endpoint, field] of WRONG_SHAPES) {
  test(`wrong-shape 2xx rejects naming endpoint and field — ${label}`, async (t) => {
    const official = await loadOfficial()
    const mock = await startMock(t)
    mock.on(method, path, { status: 200, ...spec })
    const mine = await settle(() => call(new OctavusClient({ baseUrl: mock.url })), label)
    t.false(mine.ok, `never resolves (resolved ${mine.ok ? JSON.stringify(mine.value) : ''})`)
    if (mine.ok) return
    t.true(mine.error instanceof Error)
    t.false(mine.error instanceof ApiError, 'a 2xx is not an ApiError')
    t.true(mine.error.message.includes(endpoint), `message names the endpoint: ${mine.error.message}`)
    if (field instanceof RegExp) t.regex(mine.error.message, field)
    else t.true(mine.error.message.includes(field), `message names "${field}": ${mine.error.message}`)
    t.true(mine.error.message.length < 500, 'message is short')
    // The official SDK rejects these too (where it has the call).
    if (!label.startsWith('clear')) {
      const theirs = await settle(() => call(new official.OctavusClient({ baseUrl: mock.url })), label)
      t.false(theirs.ok, 'the official SDK rejects as well')
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Network failures

async function closedPort() {
  const server = net.createServer()
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

test('connection refused: every REST call rejects with an Error naming the target, without the API key', async (t) => {
  const port = await closedPort()
  const apiKey = 'sk-live-DO-NOT-LEAK-7f3a9c'
  const client = new OctavusClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey })
  const calls = {
    'agents.list': () => client.agents.list(),
    'agents.get': () => client.agents.get('a1'),
    'agentSessions.create': () => client.agentSessions.create('a1'),
    'agentSessions.get': () => client.agentSessions.get('s1'),
    'agentSessions.getMessages': () => client.agentSessions.getMessages('s1'),
    'agentSessions.restore': () => client.agentSessions.restore('s1', []),
    'agentSessions.clear': () => client.agentSessions.clear('s1'),
    'files.getUploadUrls': () => client.files.getUploadUrls('s1', []),
  }
  for (const [name, call] of Object.entries(calls)) {
    const r = await settle(call, name)
    t.false(r.ok, `${name} rejects`)
    if (r.ok) continue
    t.true(r.error instanceof Error, name)
    t.false(r.error instanceof ApiError, `${name}: not an ApiError`)
    t.true(r.error.message.includes(`127.0.0.1:${port}`), `${name} names the address: ${r.error.message}`)
    t.regex(r.error.message, /reach|connect|refused/i, name)
    t.false(r.error.message.includes(apiKey), `${name}: no API key in the message`)
    t.false(String(r.error.stack).includes(apiKey), `${name}: no API key in the stack`)
    t.false(JSON.stringify(r.error).includes(apiKey), `${name}: no API key in own properties`)
  }
})

test('a connection dropped before the answer rejects with an Error, not a hang', async (t) => {
  const mock = await startMock(t)
  mock.on('GET', '/api/agents', (req, res) => res.destroy())
  const r = await settle(() => new OctavusClient({ baseUrl: mock.url, apiKey: 'k-secret' }).agents.list())
  t.false(r.ok)
  t.true(r.error instanceof Error)
  t.false(r.error instanceof ApiError)
  t.true(r.error.message.includes('/api/agents'), r.error.message)
  t.false(r.error.message.includes('k-secret'))
})

// ---------------------------------------------------------------------------------------------
// Headers and base URL

test('Authorization is sent only with an apiKey (empty key: none), like the official SDK', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([])
  for (const [options, expected] of [
    [{ apiKey: 'key-123' }, 'Bearer key-123'],
    [{}, undefined],
    [{ apiKey: '' }, undefined],
    [{ apiKey: undefined }, undefined],
  ]) {
    const r = await both(mock, (c) => c.agents.list(), options)
    t.is(r.oursRequests[0].headers.authorization, expected, JSON.stringify(options))
    t.is(r.officialRequests[0].headers.authorization, expected)
  }
})

test('X-Octavus-Trace: "true" only with traceModelRequests: true', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([])
  mock.rest.createSession('s1')
  const cases = [
    [{ traceModelRequests: true }, 'true'],
    [{ traceModelRequests: false }, undefined],
    [{}, undefined],
    [{ traceModelRequests: 'true' }, undefined],
    [{ traceModelRequests: 1 }, undefined],
  ]
  for (const [options, expected] of cases) {
    const client = new OctavusClient({ baseUrl: mock.url, ...options })
    const before = mock.requests.length
    await client.agents.list()
    await client.agentSessions.create('a1')
    const sent = mock.requests.slice(before)
    t.is(sent.length, 2)
    for (const req of sent) t.is(req.headers['x-octavus-trace'], expected, JSON.stringify(options))
  }
})

test('requests carry a User-Agent mentioning octavus-rs and content-type application/json', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([])
  mock.rest.createSession('s1')
  const client = new OctavusClient({ baseUrl: mock.url })
  await client.agents.list()
  await client.agentSessions.create('a1')
  for (const req of mock.requests) {
    t.regex(String(req.headers['user-agent']), /octavus-rs/)
    t.is(req.headers['content-type'], 'application/json')
  }
})

test('baseUrl: one trailing slash is stripped; a path prefix is kept', async (t) => {
  const official = await loadOfficial()
  const mock = await startMock(t)
  mock.rest.agents([])
  mock.on('GET', '/prefix/api/agents', { json: { agents: [] } })

  const slash = new OctavusClient({ baseUrl: `${mock.url}/` })
  t.is(slash.baseUrl, mock.url)
  t.is(slash.baseUrl, new official.OctavusClient({ baseUrl: `${mock.url}/` }).baseUrl)
  t.deepEqual(await slash.agents.list(), [])
  t.is(mock.requests.at(-1).rawUrl, '/api/agents')

  const plain = new OctavusClient({ baseUrl: mock.url })
  t.is(plain.baseUrl, mock.url)
  await plain.agents.list()
  t.is(mock.requests.at(-1).rawUrl, '/api/agents')

  const prefixed = new OctavusClient({ baseUrl: `${mock.url}/prefix/` })
  t.is(prefixed.baseUrl, `${mock.url}/prefix`)
  t.deepEqual(await prefixed.agents.list(), [])
  t.is(mock.requests.at(-1).rawUrl, '/prefix/api/agents')
})

test('client.getHeaders() returns the headers every request uses (6.4: a Promise, with the wire version)', async (t) => {
  t.true(new OctavusClient({ baseUrl: 'http://x' }).getHeaders() instanceof Promise)
  const official = await loadOfficial()
  const V = { 'X-Octavus-Sdk-Version': '4' }
  // 2.0.0 predates the wire-version header; otherwise the headers are the same.
  const without = (h) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'X-Octavus-Sdk-Version'))
  t.deepEqual(await new OctavusClient({ baseUrl: 'http://x' }).getHeaders(), { 'Content-Type': 'application/json', ...V })
  t.deepEqual(
    without(await new OctavusClient({ baseUrl: 'http://x' }).getHeaders()),
    new official.OctavusClient({ baseUrl: 'http://x' }).getHeaders(),
  )
  t.deepEqual(await new OctavusClient({ baseUrl: 'http://x', apiKey: 'k' }).getHeaders(), {
    'Content-Type': 'application/json',
    ...V,
    Authorization: 'Bearer k',
  })
  t.deepEqual(
    without(await new OctavusClient({ baseUrl: 'http://x', apiKey: 'k' }).getHeaders()),
    new official.OctavusClient({ baseUrl: 'http://x', apiKey: 'k' }).getHeaders(),
  )
  t.deepEqual(await new OctavusClient({ baseUrl: 'http://x', apiKey: 'k', traceModelRequests: true }).getHeaders(), {
    'Content-Type': 'application/json',
    ...V,
    Authorization: 'Bearer k',
    'X-Octavus-Trace': 'true',
  })
  t.deepEqual(await new OctavusClient({ baseUrl: 'http://x', traceModelRequests: true }).getHeaders(), {
    'Content-Type': 'application/json',
    ...V,
    'X-Octavus-Trace': 'true',
  })
  // A fresh object each call: mutating one does not leak into later requests.
  const client = new OctavusClient({ baseUrl: 'http://x', apiKey: 'k' })
  const h = await client.getHeaders()
  h.Authorization = 'Bearer other'
  t.is((await client.getHeaders()).Authorization, 'Bearer k')
})

test('OctavusClient without a baseUrl string is a TypeError', (t) => {
  t.throws(() => new OctavusClient(), { instanceOf: TypeError })
  t.throws(() => new OctavusClient({}), { instanceOf: TypeError })
})

// ---------------------------------------------------------------------------------------------
// Ids in paths

const TRICKY_IDS = ['a/b', 'a?b=1', 'a#frag', '100%', '50%2F', 'with space', '../x', '../../api/agents', 'ü-名', '.hidden', '...']

test('ids are percent-encoded and stay inside their endpoint', async (t) => {
  const mock = await startMock(t)
  for (const id of TRICKY_IDS) {
    mock.rest.agent({ id })
    mock.rest.getSession(id)
    mock.rest.restore(id)
    mock.rest.clear(id)
  }
  const client = new OctavusClient({ baseUrl: mock.url })
  for (const id of TRICKY_IDS) {
    const enc = encodeURIComponent(id)
    const before = mock.requests.length
    t.is((await client.agents.get(id)).id, id)
    t.is((await client.agentSessions.get(id)).id, id)
    t.is((await client.agentSessions.getMessages(id)).sessionId, id)
    t.deepEqual(await client.agentSessions.restore(id, []), { sessionId: id, restored: true })
    t.deepEqual(await client.agentSessions.clear(id), { sessionId: id, cleared: true })
    const sent = mock.requests.slice(before)
    t.deepEqual(
      sent.map((r) => `${r.method} ${r.rawUrl}`),
      [
        `GET /api/agents/${enc}`,
        `GET /api/agent-sessions/${enc}`,
        `GET /api/agent-sessions/${enc}?format=ui`,
        `POST /api/agent-sessions/${enc}/restore`,
        `DELETE /api/agent-sessions/${enc}`,
      ],
      JSON.stringify(id),
    )
    t.deepEqual(sent[2].query, { format: 'ui' })
  }
})

test('an id in a JSON body is sent verbatim (create agentId, upload sessionId)', async (t) => {
  const mock = await startMock(t)
  mock.rest.createSession('s1')
  mock.on('POST', '/api/files/upload-urls', { json: { files: [] } })
  const client = new OctavusClient({ baseUrl: mock.url })
  for (const id of ['../x', 'a/b?c#d', '..', '']) {
    await client.agentSessions.create(id)
    await client.files.getUploadUrls(id, [])
  }
  const bodies = mock.requests.map((r) => r.body)
  t.deepEqual(bodies, [
    { agentId: '../x' },
    { sessionId: '../x', files: [] },
    { agentId: 'a/b?c#d' },
    { sessionId: 'a/b?c#d', files: [] },
    { agentId: '..' },
    { sessionId: '..', files: [] },
    { agentId: '' },
    { sessionId: '', files: [] },
  ])
  for (const r of mock.requests) t.true(r.path === '/api/agent-sessions' || r.path === '/api/files/upload-urls')
})

test('an id of "..", "." or "" in a path rejects with a TypeError and sends nothing', async (t) => {
  const mock = await startMock(t)
  mock.on('*', () => true, { json: {} })
  const client = new OctavusClient({ baseUrl: mock.url })
  for (const id of ['..', '.', '']) {
    const calls = {
      'agents.get': () => client.agents.get(id),
      'agentSessions.get': () => client.agentSessions.get(id),
      'agentSessions.getMessages': () => client.agentSessions.getMessages(id),
      'agentSessions.restore': () => client.agentSessions.restore(id, []),
      'agentSessions.clear': () => client.agentSessions.clear(id),
    }
    for (const [name, call] of Object.entries(calls)) {
      const r = await settle(call, name)
      t.false(r.ok, `${name}(${JSON.stringify(id)}) rejects`)
      if (r.ok) continue
      t.true(r.error instanceof TypeError, `${name}(${JSON.stringify(id)}): TypeError, got ${r.error && r.error.name}`)
      t.truthy(r.error.message)
    }
  }
  t.is(mock.requests.length, 0)
})

test('non-string ids: a finite number is used as its string; null/undefined/objects are TypeErrors', async (t) => {
  const mock = await startMock(t)
  mock.rest.agent({ id: '42' })
  const client = new OctavusClient({ baseUrl: mock.url })
  t.is((await client.agents.get(42)).id, '42')
  t.is(mock.requests.at(-1).rawUrl, '/api/agents/42')
  const count = mock.requests.length
  for (const bad of [null, undefined, {}, NaN]) {
    await t.throwsAsync(client.agents.get(bad), { instanceOf: TypeError })
    await t.throwsAsync(client.agentSessions.get(bad), { instanceOf: TypeError })
  }
  t.is(mock.requests.length, count)
})

// ---------------------------------------------------------------------------------------------
// API classes constructed directly

test('API classes constructed directly call getHeaders() on every request', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([])
  mock.rest.agent({ id: 'a1' })
  mock.rest.createSession('s1')
  mock.rest.getSession('s1')
  mock.rest.restore('s1')
  mock.rest.clear('s1')
  mock.on('POST', '/api/files/upload-urls', { json: { files: [] } })

  let calls = 0
  const getHeaders = () => {
    calls++
    return { 'Content-Type': 'application/json', 'X-Call': String(calls), Authorization: `Bearer token-${calls}` }
  }
  const config = { baseUrl: mock.url, getHeaders }
  const agents = new AgentsApi(config)
  const sessions = new AgentSessionsApi(config)
  const files = new FilesApi(config)

  await agents.list()
  await agents.get('a1')
  await sessions.create('a1')
  await sessions.get('s1')
  await sessions.getMessages('s1')
  await sessions.restore('s1', [])
  await sessions.clear('s1')
  await files.getUploadUrls('s1', [])

  t.is(calls, 8)
  t.is(mock.requests.length, 8)
  mock.requests.forEach((req, i) => {
    t.is(req.headers['x-call'], String(i + 1))
    t.is(req.headers.authorization, `Bearer token-${i + 1}`)
  })
})

test('getHeaders() of a directly constructed API decides the headers: none invented', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([])
  let headers = { 'Content-Type': 'application/json', 'X-Tenant': 'one' }
  const agents = new AgentsApi({ baseUrl: mock.url, getHeaders: () => headers })
  await agents.list()
  headers = { 'Content-Type': 'application/json', 'X-Other': 'two' }
  await agents.list()
  const [a, b] = mock.requests
  t.is(a.headers['x-tenant'], 'one')
  t.is(a.headers['x-other'], undefined)
  t.is(b.headers['x-tenant'], undefined)
  t.is(b.headers['x-other'], 'two')
  t.is(a.headers.authorization, undefined)
  t.is(a.headers['x-octavus-trace'], undefined)
})

test('a client built with a new apiKey is independent of an older one (no shared header state)', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([])
  const one = new OctavusClient({ baseUrl: mock.url, apiKey: 'one' })
  const two = new OctavusClient({ baseUrl: mock.url, apiKey: 'two', traceModelRequests: true })
  await Promise.all([one.agents.list(), two.agents.list(), one.agents.list()])
  const auth = mock.requests.map((r) => `${r.headers.authorization}|${r.headers['x-octavus-trace']}`).sort()
  t.deepEqual(auth, ['Bearer one|undefined', 'Bearer one|undefined', 'Bearer two|true'])
})

// ---------------------------------------------------------------------------------------------
// Concurrency

test('100 concurrent REST calls all succeed with the right answers', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([{ id: 'a1' }])
  mock.on('POST', '/api/agent-sessions', (req, res, recorded) => {
    const body = JSON.stringify({ sessionId: `s-${recorded.body.input.n}` })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    setTimeout(() => res.end(body), (recorded.body.input.n % 7) * 3)
  })
  for (let i = 0; i < 25; i++) mock.rest.getSession(`s-${i}`)
  const client = new OctavusClient({ baseUrl: mock.url, apiKey: 'k' })
  const jobs = []
  for (let i = 0; i < 100; i++) {
    switch (i % 4) {
      case 0:
        jobs.push(client.agents.list().then((a) => a[0].id === 'a1'))
        break
      case 1:
        jobs.push(client.agentSessions.create('a1', { n: i }).then((id) => id === `s-${i}`))
        break
      case 2:
        jobs.push(client.agentSessions.get(`s-${i % 25}`).then((s) => s.id === `s-${i % 25}`))
        break
      default:
        jobs.push(client.agentSessions.getMessages(`s-${i % 25}`).then((s) => s.sessionId === `s-${i % 25}`))
    }
  }
  const results = await mustSettle(Promise.all(jobs), 30000, '100 concurrent calls')
  t.is(results.length, 100)
  t.true(results.every(Boolean))
  t.is(mock.requests.length, 100)
})

// ---------------------------------------------------------------------------------------------
// Entries

const CLASSES = ['OctavusClient', 'AgentsApi', 'AgentSessionsApi', 'AgentSession', 'FilesApi', 'WorkersApi', 'Resource', 'ApiError', 'WorkerError']

test('CommonJS require and ESM import expose the same classes', async (t) => {
  const esm = await import('../index.mjs')
  const cjs = require('../index.js')
  for (const name of CLASSES) {
    t.is(typeof cjs[name], 'function', `${name} in CommonJS`)
    t.is(esm[name], cjs[name], `${name} is the same object in ESM`)
  }
  t.is(esm.toSSEStream, cjs.toSSEStream)
  t.is(esm.default, cjs)
  for (const key of Object.keys(cjs)) t.is(esm[key], cjs[key], `ESM exports ${key}`)
})

test('the package name resolves to the same entries (require and import)', async (t) => {
  const byName = require('@octavus-rs/server-sdk')
  t.is(byName, require('../index.js'))
  const esmByName = await import('@octavus-rs/server-sdk')
  t.is(esmByName.OctavusClient, byName.OctavusClient)
  t.is(esmByName.ApiError, byName.ApiError)
})

test('an ApiError from an ESM-imported client is instanceof the CommonJS ApiError', async (t) => {
  const esm = await import('../index.mjs')
  const mock = await startMock(t)
  mock.on('GET', '/api/agents', { status: 401, json: { error: 'Unauthorized' } })
  const err = await t.throwsAsync(new esm.OctavusClient({ baseUrl: mock.url }).agents.list())
  t.true(err instanceof ApiError)
  t.true(err instanceof esm.ApiError)
  t.is(err.status, 401)
})

test('non-JSON error body: the fallback uses the status text the server sent, like the official SDK', async (t) => {
  const official = await loadOfficial()
  const mock = await startMock(t)
  const cases = [
    { status: 502, statusText: 'Upstream Went Away', expected: 'Request failed: Upstream Went Away' },
    { status: 503, statusText: 'Service Unavailable', expected: 'Request failed: Service Unavailable' },
  ]
  for (const c of cases) {
    mock.on('GET', '/api/agents', { status: c.status, statusText: c.statusText, body: '<html>down</html>' })
    const theirs = await settle(() => new official.OctavusClient({ baseUrl: mock.url }).agents.list())
    t.is(theirs.error.message, c.expected, 'the official SDK uses the sent status text')
    const mine = await settle(() => new OctavusClient({ baseUrl: mock.url }).agents.list())
    t.true(mine.error instanceof ApiError)
    t.is(mine.error.status, c.status)
    t.is(mine.error.message, c.expected)
  }
})

test('an invalid-response message names the path as sent (encoded id), for getMessages too', async (t) => {
  const mock = await startMock(t)
  const bad = { ...UI_MESSAGES[0], role: 'system' }
  mock.rest.getSession('a/b', { ui: { messages: [bad] }, state: { status: 'paused' } })
  const client = new OctavusClient({ baseUrl: mock.url })
  const viaRust = await settle(() => client.agentSessions.get('a/b'))
  t.false(viaRust.ok)
  t.true(viaRust.error.message.includes('GET /api/agent-sessions/a%2Fb'), viaRust.error.message)
  const viaUi = await settle(() => client.agentSessions.getMessages('a/b'))
  t.false(viaUi.ok)
  t.true(viaUi.error.message.includes('GET /api/agent-sessions/a%2Fb'), viaUi.error.message)
  t.true(viaUi.error.message.includes('role'), viaUi.error.message)
})

test('OctavusClient strips exactly one trailing slash of baseUrl; API classes use baseUrl as given', async (t) => {
  const mock = await startMock(t)
  mock.on('GET', /.*/, { json: { agents: [] } })
  await new OctavusClient({ baseUrl: mock.url + '//' }).agents.list()
  await new AgentsApi({ baseUrl: mock.url + '/', getHeaders: () => ({}) }).list()
  t.deepEqual(
    mock.requests.map((r) => r.path),
    ['//api/agents', '//api/agents'],
  )
})
