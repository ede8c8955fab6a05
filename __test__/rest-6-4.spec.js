'use strict'
// The REST calls added by the official 6.4 (docs/protocol.md §2.2 [6.x]) against the mock
// platform: agentSessions.getLogs, client.tokens, client.workforce (with the polling of
// waitForCompletion/run), isTerminalThreadStatus and the platform URL helpers. For each call: the
// request sent (method, raw path with encoded ids, query, body, headers), the validated answer,
// a 2xx of the wrong shape, ApiError answers; for the wait: timeout, abort, and a process that
// exits by itself afterwards. Expected values are written out (the official 6.4 is not installed).

const test = require('ava')
const net = require('node:net')
const path = require('node:path')

const { OctavusClient, ApiError, TokensApi, WorkforceApi, isTerminalThreadStatus } = require('../index.js')
const { startMock, mustSettle, sleep, waitFor } = require('./fixtures/harness.js')
const { runBounded } = require('./fixtures/child.js')

const AGENT_KEY = 'oct_agt_test'

/** Our client pointed at the mock, with a workforce agent key. */
const clientFor = (mock, extra = {}) => new OctavusClient({ baseUrl: mock.url, apiKey: AGENT_KEY, ...extra })

/** The outcome of a call: `{ok:true, value}` or `{ok:false, error}` (settles within 10 s). */
async function settle(fn, what = 'call') {
  try {
    return { ok: true, value: await mustSettle(Promise.resolve().then(fn), 10000, what) }
  } catch (error) {
    return { ok: false, error }
  }
}

/** Asserts the headers every REST call carries. */
function assertHeaders(t, req, apiKey = AGENT_KEY) {
  t.is(req.headers['content-type'], 'application/json')
  t.is(req.headers.authorization, `Bearer ${apiKey}`)
  t.is(req.headers['x-octavus-sdk-version'], '4')
}

const UI_MESSAGES = [
  {
    id: 'u1',
    role: 'user',
    parts: [{ type: 'text', text: 'Summarize the sales report', status: 'done' }],
    status: 'done',
    createdAt: '2025-02-03T04:05:06.000Z',
  },
  {
    id: 'u2',
    role: 'assistant',
    parts: [
      { type: 'tool-call', toolCallId: 'c1', toolName: 'read', args: { file: 'q3.csv' }, result: { rows: 3 }, status: 'done' },
      { type: 'text', text: 'Sales grew 4%.', status: 'done' },
    ],
    status: 'done',
    createdAt: 1700000000000,
  },
]

const TRICKY_IDS = ['a/b', 'a?b=1', 'a#frag', '100%', 'with space', '../x', 'ü-名', '.hidden']

// =============================================================================================
// agentSessions.getLogs

const LOG_ENTRIES = [
  { id: 'e1', timestamp: '2025-01-01T00:00:01.000Z', type: 'trigger', triggerName: 'user-message', triggerInput: { q: 1 }, sequence: 0 },
  { id: 'e2', timestamp: '2025-01-01T00:00:02.000Z', type: 'model-request', modelRequest: { requestType: 'llm', provider: 'anthropic', model: 'm' } },
  {
    id: 'e3',
    timestamp: '2025-01-01T00:00:03.000Z',
    type: 'step-stats',
    stepStats: {
      requestType: 'llm',
      provider: 'anthropic',
      model: 'm',
      usage: { inputTokens: 10, cachedInputTokens: 0, cachedWriteTokens: 0, outputTokens: 5, reasoningOutputTokens: 0 },
    },
  },
  { id: 'e4', timestamp: '2025-01-01T00:00:04.000Z', type: 'quantum-leap', brandNew: { nested: [1, null, 'x'] }, trimmed: true },
  { id: 'e5', timestamp: '2025-01-01T00:00:05.000Z', type: 'error', error: { type: 'tool_error', message: 'boom', source: 'tool' } },
]

test('getLogs sends GET /api/agent-sessions/:id/logs and resolves every entry as sent, unknown types and keys included', async (t) => {
  const mock = await startMock(t)
  mock.rest.logs('s1', { entries: LOG_ENTRIES, total: 3200, truncated: true })
  const logs = await clientFor(mock).agentSessions.getLogs('s1')
  t.deepEqual(logs, { sessionId: 's1', entries: LOG_ENTRIES, total: 3200, truncated: true })
  t.is(mock.requests.length, 1)
  const req = mock.requests[0]
  t.is(req.method, 'GET')
  t.is(req.rawUrl, '/api/agent-sessions/s1/logs')
  t.deepEqual(req.query, {})
  t.is(req.rawBody, '')
  assertHeaders(t, req)
})

test('getLogs: ?excludeModelRequests=true only when the option is set (truthy), never =false', async (t) => {
  const mock = await startMock(t)
  mock.rest.logs('s1', LOG_ENTRIES)
  const client = clientFor(mock)
  const excluded = await client.agentSessions.getLogs('s1', { excludeModelRequests: true })
  t.deepEqual(
    excluded.entries.map((e) => e.id),
    ['e1', 'e3', 'e4', 'e5'],
    'the mock left out the model-request entry',
  )
  t.is(mock.requests.at(-1).rawUrl, '/api/agent-sessions/s1/logs?excludeModelRequests=true')
  t.deepEqual(mock.requests.at(-1).query, { excludeModelRequests: 'true' })

  for (const options of [undefined, null, {}, { excludeModelRequests: false }, { excludeModelRequests: undefined }, { excludeModelRequests: 0 }]) {
    const all = await client.agentSessions.getLogs('s1', options)
    t.is(all.entries.length, 5, JSON.stringify(options))
    t.is(mock.requests.at(-1).rawUrl, '/api/agent-sessions/s1/logs', JSON.stringify(options))
  }
  await client.agentSessions.getLogs('s1', { excludeModelRequests: 1 })
  t.is(mock.requests.at(-1).rawUrl, '/api/agent-sessions/s1/logs?excludeModelRequests=true', 'truthy, as the official checks it')
})

test('getLogs: total and truncated are optional; unknown top-level keys are dropped, entry keys kept', async (t) => {
  const mock = await startMock(t)
  mock.on('GET', '/api/agent-sessions/s1/logs', {
    json: { sessionId: 's1', entries: [{ id: 'e', timestamp: 't', type: 'message', role: 'user', extra: 1 }], debug: 'dropped' },
  })
  const logs = await clientFor(mock).agentSessions.getLogs('s1')
  t.deepEqual(logs, { sessionId: 's1', entries: [{ id: 'e', timestamp: 't', type: 'message', role: 'user', extra: 1 }] })
  t.false('total' in logs)
  t.false('truncated' in logs)
})

test('getLogs resolves the expired shape, which is checked before the logs shape', async (t) => {
  const mock = await startMock(t)
  mock.rest.logs('s1', { expired: true, agentId: 'agent-9' })
  const expired = { sessionId: 's1', agentId: 'agent-9', status: 'expired', createdAt: '2025-01-01T00:00:00.000Z' }
  t.deepEqual(await clientFor(mock).agentSessions.getLogs('s1'), expired)

  // A body that is both: the expired shape wins, and only its fields are kept.
  mock.on('GET', '/api/agent-sessions/s2/logs', { json: { ...expired, sessionId: 's2', entries: [], total: 0 } })
  t.deepEqual(await clientFor(mock).agentSessions.getLogs('s2'), { ...expired, sessionId: 's2' })
})

test('getLogs: ids are encoded as one path segment; "..", "." and "" are TypeErrors and nothing is sent', async (t) => {
  const mock = await startMock(t)
  const client = clientFor(mock)
  for (const id of TRICKY_IDS) {
    mock.rest.logs(id, [{ type: 'abort' }])
    const logs = await client.agentSessions.getLogs(id, { excludeModelRequests: true })
    t.is(logs.sessionId, id)
    t.is(mock.requests.at(-1).rawUrl, `/api/agent-sessions/${encodeURIComponent(id)}/logs?excludeModelRequests=true`, id)
    t.deepEqual(mock.requests.at(-1).query, { excludeModelRequests: 'true' }, `${id}: the id adds no query`)
  }
  const sent = mock.requests.length
  for (const id of ['..', '.', '', null, undefined, {}]) {
    await t.throwsAsync(client.agentSessions.getLogs(id), { instanceOf: TypeError }, JSON.stringify(id))
  }
  t.is(mock.requests.length, sent)
})

// =============================================================================================
// tokens

test('tokens.mint POSTs {agentId, sessionId, ttlSeconds} to /api/tokens and resolves {token, jti, expiresAt}', async (t) => {
  const mock = await startMock(t)
  mock.rest.tokens()
  const client = clientFor(mock, { apiKey: 'trusted-key' })
  const before = Date.now()
  const minted = await client.tokens.mint({ agentId: 'agent/1', sessionId: 's?1', ttlSeconds: 120 })
  t.deepEqual(Object.keys(minted).sort(), ['expiresAt', 'jti', 'token'])
  t.is(minted.token, 'oct_et_mock_1')
  t.is(minted.jti, 'jti-1')
  const expiry = Date.parse(minted.expiresAt)
  t.true(expiry >= before + 120000 - 5000 && expiry <= Date.now() + 120000 + 5000, minted.expiresAt)
  const req = mock.requests[0]
  t.is(req.method, 'POST')
  t.is(req.rawUrl, '/api/tokens')
  t.is(req.rawBody, '{"agentId":"agent/1","sessionId":"s?1","ttlSeconds":120}', 'ids in a body are sent verbatim')
  assertHeaders(t, req, 'trusted-key')
})

test('tokens.mint: optional keys are left out, an unknown key is not sent, numbers are written like JSON.stringify', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/api/tokens', { json: { token: 't', jti: 'j', expiresAt: '2030-01-01T00:00:00.000Z', scope: 'dropped' } })
  const client = clientFor(mock)
  t.deepEqual(await client.tokens.mint({ agentId: 'a1' }), { token: 't', jti: 'j', expiresAt: '2030-01-01T00:00:00.000Z' })
  await client.tokens.mint({ agentId: 'a1', sessionId: undefined, ttlSeconds: undefined, extra: 'x' })
  await client.tokens.mint({ agentId: 'a1', ttlSeconds: 86400 })
  await client.tokens.mint({ agentId: 'a1', ttlSeconds: 1.5 })
  await client.tokens.mint({ agentId: 'a1', ttlSeconds: NaN })
  t.deepEqual(
    mock.requests.map((r) => r.rawBody),
    [
      '{"agentId":"a1"}',
      '{"agentId":"a1"}',
      '{"agentId":"a1","ttlSeconds":86400}',
      '{"agentId":"a1","ttlSeconds":1.5}',
      '{"agentId":"a1","ttlSeconds":null}',
    ],
  )
})

test('tokens.mint: arguments that cannot be sent are TypeErrors and nothing is sent', async (t) => {
  const mock = await startMock(t)
  mock.rest.tokens()
  const client = clientFor(mock)
  for (const bad of [
    undefined,
    null,
    'a1',
    {},
    { agentId: null },
    { agentId: 'a', sessionId: null },
    { agentId: 'a', ttlSeconds: '60' },
    { agentId: 'a', ttlSeconds: 10n },
  ]) {
    await t.throwsAsync(
      client.tokens.mint(bad),
      { instanceOf: TypeError },
      String(JSON.stringify(bad, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))),
    )
  }
  for (const bad of [undefined, null, 42, { token: 't' }]) {
    await t.throwsAsync(client.tokens.revoke(bad), { instanceOf: TypeError })
  }
  t.is(mock.requests.length, 0)
})

test('tokens.revoke POSTs {token} to /api/tokens/revoke and resolves {revoked, jti?}', async (t) => {
  const mock = await startMock(t)
  mock.rest.tokens()
  const client = clientFor(mock)
  const { token } = await client.tokens.mint({ agentId: 'a1' })
  t.deepEqual(await client.tokens.revoke(token), { revoked: true, jti: 'jti-1' })
  const second = await client.tokens.revoke(token)
  t.deepEqual(second, { revoked: false })
  t.false('jti' in second)
  t.deepEqual(await client.tokens.revoke('oct_et_unknown'), { revoked: false })
  const revokes = mock.requests.slice(1)
  t.deepEqual(
    revokes.map((r) => [r.method, r.rawUrl, r.rawBody]),
    [
      ['POST', '/api/tokens/revoke', `{"token":"${token}"}`],
      ['POST', '/api/tokens/revoke', `{"token":"${token}"}`],
      ['POST', '/api/tokens/revoke', '{"token":"oct_et_unknown"}'],
    ],
  )
  for (const req of revokes) assertHeaders(t, req)
})

test('a minted token works as the apiKey of another client', async (t) => {
  const mock = await startMock(t)
  mock.rest.tokens()
  const { token } = await clientFor(mock).tokens.mint({ agentId: 'a1', ttlSeconds: 60 })
  mock.rest.logs('s1', [])
  await new OctavusClient({ baseUrl: mock.url, apiKey: token }).agentSessions.getLogs('s1')
  t.is(mock.requests.at(-1).headers.authorization, `Bearer ${token}`)
})

test('TokensApi and WorkforceApi constructed directly use the config they are given', async (t) => {
  const mock = await startMock(t)
  mock.rest.tokens()
  mock.rest.workforce('a1')
  const config = { baseUrl: mock.url, getHeaders: () => ({ 'Content-Type': 'application/json', Authorization: 'Bearer direct' }) }
  await new TokensApi(config).mint({ agentId: 'a1' })
  await new WorkforceApi(config).getThread('a1', 'thread-1')
  t.deepEqual(
    mock.requests.map((r) => [r.method, r.rawUrl, r.headers.authorization]),
    [
      ['POST', '/api/tokens', 'Bearer direct'],
      ['GET', '/api/v1/workforce/agents/a1/threads/thread-1', 'Bearer direct'],
    ],
  )
})

// =============================================================================================
// workforce: single calls

test('workforce.dispatch POSTs {message} to /api/v1/workforce/agents/:agentId/threads and resolves {threadId, status}', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('agent-1')
  const client = clientFor(mock)
  const dispatched = await client.workforce.dispatch('agent-1', 'Summarize the "latest" report')
  t.deepEqual(dispatched, { threadId: 'thread-1', status: 'pending' })
  const req = mock.requests[0]
  t.is(req.method, 'POST')
  t.is(req.rawUrl, '/api/v1/workforce/agents/agent-1/threads')
  t.is(req.rawBody, '{"message":"Summarize the \\"latest\\" report"}')
  assertHeaders(t, req)

  const files = [{ id: 'f1', mediaType: 'text/csv', url: 'https://files.example/q3.csv', filename: 'q3.csv', size: 12 }]
  t.deepEqual(await client.workforce.dispatch('agent-1', 'With a file', { files }), { threadId: 'thread-1-2', status: 'pending' })
  t.deepEqual(mock.requests[1].body, { message: 'With a file', files })
  await client.workforce.dispatch('agent-1', 'no files', { files: undefined })
  await client.workforce.dispatch('agent-1', 'empty', { files: [] })
  t.deepEqual(
    mock.requests.slice(2).map((r) => r.rawBody),
    ['{"message":"no files"}', '{"message":"empty","files":[]}'],
  )
})

test('workforce: a status is any string, and unknown keys of an answer are dropped', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/api/v1/workforce/agents/a1/threads', { status: 201, json: { threadId: 't1', status: 'warming-up', eta: 3 } })
  mock.on('GET', '/api/v1/workforce/agents/a1/threads/t1', {
    json: { threadId: 't1', status: 'thinking', failureReason: null, messages: [], cost: 1 },
  })
  const client = clientFor(mock)
  t.deepEqual(await client.workforce.dispatch('a1', 'go'), { threadId: 't1', status: 'warming-up' })
  t.deepEqual(await client.workforce.getThread('a1', 't1'), { threadId: 't1', status: 'thinking', failureReason: null, messages: [] })
})

test('workforce.getThread resolves status, failureReason and UI messages (createdAt as Date)', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1', { statuses: ['completed'], messages: UI_MESSAGES })
  const thread = await clientFor(mock).workforce.getThread('a1', 'thread-1')
  t.is(thread.threadId, 'thread-1')
  t.is(thread.status, 'completed')
  t.is(thread.failureReason, null)
  t.is(thread.messages.length, 2)
  t.true(thread.messages[0].createdAt instanceof Date)
  t.is(thread.messages[0].createdAt.toISOString(), '2025-02-03T04:05:06.000Z')
  t.is(thread.messages[1].createdAt.getTime(), 1700000000000)
  t.deepEqual(thread.messages[1].parts, UI_MESSAGES[1].parts)
  const req = mock.requests[0]
  t.is(req.method, 'GET')
  t.is(req.rawUrl, '/api/v1/workforce/agents/a1/threads/thread-1')
  t.is(req.rawBody, '')
  assertHeaders(t, req)

  mock.rest.workforce('a2', { statuses: ['failed'], failureReason: 'Out of credits' })
  const failed = await clientFor(mock).workforce.getThread('a2', 'thread-1')
  t.deepEqual(failed, { threadId: 'thread-1', status: 'failed', failureReason: 'Out of credits', messages: [] })
})

test('workforce.followUp POSTs {message, files?} to …/threads/:threadId/messages and resolves {threadId, status}', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1')
  const client = clientFor(mock)
  t.deepEqual(await client.workforce.followUp('a1', 'thread-1', 'Now a slide deck'), { threadId: 'thread-1', status: 'queued' })
  const files = [{ id: 'f', mediaType: 'image/png', url: 'https://files.example/p.png' }]
  await client.workforce.followUp('a1', 'thread-1', 'And this', { files })
  t.deepEqual(
    mock.requests.map((r) => [r.method, r.rawUrl, r.rawBody]),
    [
      ['POST', '/api/v1/workforce/agents/a1/threads/thread-1/messages', '{"message":"Now a slide deck"}'],
      ['POST', '/api/v1/workforce/agents/a1/threads/thread-1/messages', JSON.stringify({ message: 'And this', files })],
    ],
  )
  for (const req of mock.requests) assertHeaders(t, req)
})

test('workforce: both ids are encoded as one path segment each and stay inside their endpoint', async (t) => {
  const mock = await startMock(t)
  const client = clientFor(mock)
  for (const agentId of TRICKY_IDS) {
    for (const threadId of ['t/1', 't?x=1#y', 'plain']) {
      mock.rest.workforce(agentId, { threadId, statuses: ['completed'] })
      const before = mock.requests.length
      t.deepEqual(await client.workforce.dispatch(agentId, 'm'), { threadId, status: 'pending' })
      t.is((await client.workforce.getThread(agentId, threadId)).threadId, threadId)
      t.deepEqual(await client.workforce.followUp(agentId, threadId, 'm'), { threadId, status: 'queued' })
      const a = encodeURIComponent(agentId)
      const th = encodeURIComponent(threadId)
      t.deepEqual(
        mock.requests.slice(before).map((r) => `${r.method} ${r.rawUrl}`),
        [
          `POST /api/v1/workforce/agents/${a}/threads`,
          `GET /api/v1/workforce/agents/${a}/threads/${th}`,
          `POST /api/v1/workforce/agents/${a}/threads/${th}/messages`,
        ],
        `${agentId} / ${threadId}`,
      )
      for (const r of mock.requests.slice(before)) t.deepEqual(r.query, {})
    }
  }
})

test('workforce: arguments that cannot be sent are TypeErrors and nothing is sent', async (t) => {
  const mock = await startMock(t)
  mock.on('*', () => true, { json: {} })
  const client = clientFor(mock)
  const calls = [
    () => client.workforce.dispatch('..', 'm'),
    () => client.workforce.dispatch('', 'm'),
    () => client.workforce.dispatch(null, 'm'),
    () => client.workforce.dispatch('a', 42),
    () => client.workforce.dispatch('a', undefined),
    () => client.workforce.dispatch('a', 'm', { files: 'f.txt' }),
    () => client.workforce.dispatch('a', 'm', { files: [{ n: 1n }] }),
    () => client.workforce.getThread('a', '..'),
    () => client.workforce.getThread('a', '.'),
    () => client.workforce.getThread(undefined, 't'),
    () => client.workforce.followUp('a', '', 'm'),
    () => client.workforce.followUp('a', 't', { text: 'm' }),
    () => client.workforce.waitForCompletion('a', 't', { pollIntervalMs: -1 }),
    () => client.workforce.waitForCompletion('a', 't', { pollIntervalMs: 'fast' }),
    () => client.workforce.waitForCompletion('a', 't', { pollIntervalMs: Infinity }),
    () => client.workforce.waitForCompletion('a', 't', { timeoutMs: NaN }),
    () => client.workforce.waitForCompletion('a', 't', { signal: 'stop' }),
    () => client.workforce.waitForCompletion('a', '..'),
    () => client.workforce.run('a', 'm', { timeoutMs: -5 }),
    () => client.workforce.run('a', 'm', { signal: {} }),
    () => client.workforce.run('a', 7),
  ]
  for (const [i, call] of calls.entries()) {
    const r = await settle(call, `call #${i}`)
    t.false(r.ok, `call #${i} rejects`)
    if (!r.ok) t.true(r.error instanceof TypeError, `call #${i}: TypeError, got ${r.error}`)
  }
  t.is(mock.requests.length, 0, 'nothing was sent, not even the dispatch of run()')
})

// =============================================================================================
// Non-2xx answers and wrong shapes of the new calls

test('workforce error answers {error, code} (401, 402, 403, 404) reject with ApiError for every call', async (t) => {
  const mock = await startMock(t)
  const client = clientFor(mock)
  const cases = [
    [401, 'Missing or invalid API key', 'UNAUTHORIZED'],
    [402, 'The agent is blocked by a spending limit', 'QUOTA_EXCEEDED'],
    [403, 'The key is not authorized for this agent', 'FORBIDDEN'],
    [404, 'The thread does not exist for this agent', 'NOT_FOUND'],
  ]
  for (const [status, error, code] of cases) {
    mock.reset()
    mock.on('*', () => true, { status, json: { error, code } })
    const calls = {
      dispatch: () => client.workforce.dispatch('a1', 'm'),
      getThread: () => client.workforce.getThread('a1', 't1'),
      followUp: () => client.workforce.followUp('a1', 't1', 'm'),
      waitForCompletion: () => client.workforce.waitForCompletion('a1', 't1', { pollIntervalMs: 10 }),
      run: () => client.workforce.run('a1', 'm', { pollIntervalMs: 10 }),
    }
    for (const [name, call] of Object.entries(calls)) {
      const r = await settle(call, name)
      t.false(r.ok, `${name} ${status}`)
      if (r.ok) continue
      t.true(r.error instanceof ApiError, `${name} ${status}: ApiError`)
      t.is(r.error.status, status)
      t.is(r.error.message, error)
      t.is(r.error.code, code)
    }
  }
})

test('getLogs, tokens.mint and tokens.revoke map a non-2xx answer to ApiError', async (t) => {
  const mock = await startMock(t)
  mock.on('*', () => true, { status: 403, json: { error: 'Key lacks the mint permission', code: 'FORBIDDEN' } })
  const client = clientFor(mock)
  for (const call of [() => client.agentSessions.getLogs('s1'), () => client.tokens.mint({ agentId: 'a1' }), () => client.tokens.revoke('t')]) {
    const r = await settle(call)
    t.false(r.ok)
    if (r.ok) continue
    t.true(r.error instanceof ApiError)
    t.is(r.error.status, 403)
    t.is(r.error.message, 'Key lacks the mint permission')
    t.is(r.error.code, 'FORBIDDEN')
  }
  // The mock's own validation answers are ApiErrors too.
  mock.reset()
  mock.rest.tokens()
  const invalid = await settle(() => client.tokens.mint({ agentId: 'a1', ttlSeconds: -1 }))
  t.true(invalid.error instanceof ApiError)
  t.is(invalid.error.status, 400)
  t.is(invalid.error.code, 'VALIDATION_ERROR')
})

const withoutKey = (obj, key) => {
  const copy = { ...obj }
  delete copy[key]
  return copy
}
const THREAD = { threadId: 't1', status: 'completed', failureReason: null, messages: [] }
const LOGS = { sessionId: 's1', entries: [{ id: 'e1', timestamp: 't', type: 'trigger' }] }
const WF = '/api/v1/workforce/agents/a1/threads'

const WRONG_SHAPES = [
  // [label, method, path, call, response spec, endpoint text, field text]
  [
    'getLogs: missing entries',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { sessionId: 's1' } },
    'GET /api/agent-sessions/s1/logs',
    'entries',
  ],
  [
    'getLogs: entries not an array',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { ...LOGS, entries: {} } },
    'GET /api/agent-sessions/s1/logs',
    'entries',
  ],
  [
    'getLogs: entry id not a string',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { ...LOGS, entries: [{ id: 1, timestamp: 't', type: 'x' }] } },
    'GET /api/agent-sessions/s1/logs',
    'entries[0].id',
  ],
  [
    'getLogs: entry without type',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { ...LOGS, entries: [LOGS.entries[0], { id: 'e2', timestamp: 't' }] } },
    'GET /api/agent-sessions/s1/logs',
    /entries\[1\].*type/,
  ],
  [
    'getLogs: entry without timestamp',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { ...LOGS, entries: [{ id: 'e', type: 'x' }] } },
    'GET /api/agent-sessions/s1/logs',
    'timestamp',
  ],
  [
    'getLogs: entry not an object',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { ...LOGS, entries: ['e1'] } },
    'GET /api/agent-sessions/s1/logs',
    'entries[0]',
  ],
  [
    'getLogs: total not a number',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { ...LOGS, total: '3000' } },
    'GET /api/agent-sessions/s1/logs',
    'total',
  ],
  [
    'getLogs: truncated not a boolean',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { ...LOGS, truncated: 'yes' } },
    'GET /api/agent-sessions/s1/logs',
    'truncated',
  ],
  [
    'getLogs: expired shape without createdAt',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { json: { sessionId: 's1', agentId: 'a', status: 'expired' } },
    'GET /api/agent-sessions/s1/logs',
    'entries',
  ],
  [
    'getLogs: non-JSON body',
    'GET',
    '/api/agent-sessions/s1/logs',
    (c) => c.agentSessions.getLogs('s1'),
    { body: 'logs' },
    'GET /api/agent-sessions/s1/logs',
    'JSON',
  ],
  [
    'mint: missing expiresAt',
    'POST',
    '/api/tokens',
    (c) => c.tokens.mint({ agentId: 'a1' }),
    { json: { token: 't', jti: 'j' } },
    'POST /api/tokens',
    'expiresAt',
  ],
  [
    'mint: token not a string',
    'POST',
    '/api/tokens',
    (c) => c.tokens.mint({ agentId: 'a1' }),
    { json: { token: 1, jti: 'j', expiresAt: 'e' } },
    'POST /api/tokens',
    'token',
  ],
  ['mint: non-JSON body', 'POST', '/api/tokens', (c) => c.tokens.mint({ agentId: 'a1' }), { body: 'minted' }, 'POST /api/tokens', 'JSON'],
  [
    'revoke: revoked not a boolean',
    'POST',
    '/api/tokens/revoke',
    (c) => c.tokens.revoke('t'),
    { json: { revoked: 'yes' } },
    'POST /api/tokens/revoke',
    'revoked',
  ],
  [
    'revoke: jti not a string',
    'POST',
    '/api/tokens/revoke',
    (c) => c.tokens.revoke('t'),
    { json: { revoked: true, jti: 7 } },
    'POST /api/tokens/revoke',
    'jti',
  ],
  ['dispatch: missing threadId', 'POST', WF, (c) => c.workforce.dispatch('a1', 'm'), { json: { status: 'pending' } }, `POST ${WF}`, 'threadId'],
  [
    'dispatch: status not a string',
    'POST',
    WF,
    (c) => c.workforce.dispatch('a1', 'm'),
    { json: { threadId: 't1', status: 3 } },
    `POST ${WF}`,
    'status',
  ],
  [
    'getThread: missing failureReason',
    'GET',
    `${WF}/t1`,
    (c) => c.workforce.getThread('a1', 't1'),
    { json: withoutKey(THREAD, 'failureReason') },
    `GET ${WF}/t1`,
    'failureReason',
  ],
  [
    'getThread: failureReason a number',
    'GET',
    `${WF}/t1`,
    (c) => c.workforce.getThread('a1', 't1'),
    { json: { ...THREAD, failureReason: 0 } },
    `GET ${WF}/t1`,
    'failureReason',
  ],
  [
    'getThread: messages not an array',
    'GET',
    `${WF}/t1`,
    (c) => c.workforce.getThread('a1', 't1'),
    { json: { ...THREAD, messages: 'none' } },
    `GET ${WF}/t1`,
    'messages',
  ],
  [
    'getThread: UI message with a bad role',
    'GET',
    `${WF}/t1`,
    (c) => c.workforce.getThread('a1', 't1'),
    { json: { ...THREAD, messages: [UI_MESSAGES[0], { ...UI_MESSAGES[1], role: 'robot' }] } },
    `GET ${WF}/t1`,
    /messages\[1\].*role/,
  ],
  [
    'getThread: UI message without createdAt',
    'GET',
    `${WF}/t1`,
    (c) => c.workforce.getThread('a1', 't1'),
    { json: { ...THREAD, messages: [withoutKey(UI_MESSAGES[0], 'createdAt')] } },
    `GET ${WF}/t1`,
    'createdAt',
  ],
  ['getThread: non-JSON body', 'GET', `${WF}/t1`, (c) => c.workforce.getThread('a1', 't1'), { body: '<html>' }, `GET ${WF}/t1`, 'JSON'],
  [
    'followUp: missing status',
    'POST',
    `${WF}/t1/messages`,
    (c) => c.workforce.followUp('a1', 't1', 'm'),
    { json: { threadId: 't1' } },
    `POST ${WF}/t1/messages`,
    'status',
  ],
  [
    'waitForCompletion: a poll of the wrong shape',
    'GET',
    `${WF}/t1`,
    (c) => c.workforce.waitForCompletion('a1', 't1', { pollIntervalMs: 10 }),
    { json: { ...THREAD, status: null } },
    `GET ${WF}/t1`,
    'status',
  ],
]

for (const [label, method, route, call, spec, endpoint, field] of WRONG_SHAPES) {
  test(`wrong-shape 2xx rejects with OCTAVUS_INVALID_RESPONSE naming endpoint and field — ${label}`, async (t) => {
    const mock = await startMock(t)
    mock.on(method, route, { status: 200, ...spec })
    const r = await settle(() => call(clientFor(mock)), label)
    t.false(r.ok, `never resolves (resolved ${r.ok ? JSON.stringify(r.value) : ''})`)
    if (r.ok) return
    t.false(r.error instanceof ApiError, 'a 2xx is not an ApiError')
    t.is(r.error.code, 'OCTAVUS_INVALID_RESPONSE')
    t.true(r.error.message.includes(endpoint), `names the endpoint: ${r.error.message}`)
    if (field instanceof RegExp) t.regex(r.error.message, field)
    else t.true(r.error.message.includes(field), `names "${field}": ${r.error.message}`)
    t.is(mock.requests.length, 1)
  })
}

test('an invalid thread answer names the path as sent (ids encoded)', async (t) => {
  const mock = await startMock(t)
  mock.on('GET', () => true, { json: { ...THREAD, messages: [{ id: 'x' }] } })
  const r = await settle(() => clientFor(mock).workforce.getThread('a/1', 't?1'))
  t.is(r.error.code, 'OCTAVUS_INVALID_RESPONSE')
  t.true(r.error.message.includes('GET /api/v1/workforce/agents/a%2F1/threads/t%3F1'), r.error.message)
})

test('connection refused: every new call rejects with OCTAVUS_NETWORK', async (t) => {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  const client = new OctavusClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: AGENT_KEY })
  const calls = {
    getLogs: () => client.agentSessions.getLogs('s1'),
    mint: () => client.tokens.mint({ agentId: 'a1' }),
    revoke: () => client.tokens.revoke('t'),
    dispatch: () => client.workforce.dispatch('a1', 'm'),
    getThread: () => client.workforce.getThread('a1', 't1'),
    followUp: () => client.workforce.followUp('a1', 't1', 'm'),
    waitForCompletion: () => client.workforce.waitForCompletion('a1', 't1'),
    run: () => client.workforce.run('a1', 'm'),
  }
  for (const [name, call] of Object.entries(calls)) {
    const r = await settle(call, name)
    t.false(r.ok, name)
    if (r.ok) continue
    t.false(r.error instanceof ApiError, name)
    t.is(r.error.code, 'OCTAVUS_NETWORK', name)
    t.false(r.error.message.includes(AGENT_KEY), `${name}: no key in the message`)
  }
})

test('the new calls send X-Octavus-Trace with traceModelRequests, and no Authorization without a key', async (t) => {
  const mock = await startMock(t)
  mock.rest.logs('s1', [])
  mock.rest.tokens()
  mock.rest.workforce('a1', { statuses: ['completed'] })
  const run = async (client) => {
    const before = mock.requests.length
    await client.agentSessions.getLogs('s1')
    const { token } = await client.tokens.mint({ agentId: 'a1' })
    await client.tokens.revoke(token)
    await client.workforce.run('a1', 'm', { pollIntervalMs: 10 })
    await client.workforce.followUp('a1', 'thread-1', 'm')
    return mock.requests.slice(before)
  }
  const traced = await run(new OctavusClient({ baseUrl: mock.url, apiKey: 'k', traceModelRequests: true }))
  t.is(traced.length, 6)
  for (const req of traced) {
    t.is(req.headers['x-octavus-trace'], 'true', req.path)
    assertHeaders(t, req, 'k')
  }
  const anonymous = await run(new OctavusClient({ baseUrl: mock.url }))
  for (const req of anonymous) {
    t.is(req.headers.authorization, undefined, req.path)
    t.is(req.headers['x-octavus-trace'], undefined, req.path)
  }
})

// =============================================================================================
// workforce: waitForCompletion and run

test('isTerminalThreadStatus: completed, failed and cancelled are terminal; nothing else is', (t) => {
  for (const s of ['completed', 'failed', 'cancelled']) t.true(isTerminalThreadStatus(s), s)
  for (const s of ['idle', 'queued', 'pending', 'running', 'COMPLETED', 'complete', '', 'thinking', undefined, null, 42, {}]) {
    t.false(isTerminalThreadStatus(s), String(s))
  }
})

test('waitForCompletion polls getThread until a terminal status and resolves that thread', async (t) => {
  const mock = await startMock(t)
  const routes = mock.rest.workforce('a1', { statuses: ['pending', 'running', 'queued', 'completed'], messages: UI_MESSAGES })
  const thread = await clientFor(mock).workforce.waitForCompletion('a1', 'thread-1', { pollIntervalMs: 40 })
  t.is(thread.status, 'completed')
  t.is(thread.failureReason, null)
  t.true(thread.messages[0].createdAt instanceof Date)
  t.is(routes.getThread.hits, 4, 'one read per status, none after the terminal one')
  const times = routes.getThread.requests.map((r) => r.time)
  for (let i = 1; i < times.length; i++) t.true(times[i] - times[i - 1] >= 30, `poll ${i} waited the interval (${times[i] - times[i - 1]} ms)`)
  await sleep(120)
  t.is(mock.requests.length, 4, 'nothing is sent after the wait ended')
})

test('waitForCompletion ends on failed and on cancelled, and keeps polling unknown statuses', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1', { statuses: ['thinking', 'failed'], failureReason: 'Tool crashed' })
  mock.rest.workforce('a2', { statuses: ['warming', 'cancelled'] })
  const client = clientFor(mock)
  t.deepEqual(await client.workforce.waitForCompletion('a1', 'thread-1', { pollIntervalMs: 10 }), {
    threadId: 'thread-1',
    status: 'failed',
    failureReason: 'Tool crashed',
    messages: [],
  })
  t.is((await client.workforce.waitForCompletion('a2', 'thread-1', { pollIntervalMs: 10 })).status, 'cancelled')
  t.is(mock.requests.length, 4)
})

test('waitForCompletion: an already terminal thread resolves after one read', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1', { statuses: ['completed'] })
  await clientFor(mock).workforce.waitForCompletion('a1', 'thread-1')
  t.is(mock.requests.length, 1)
})

test('waitForCompletion: the default interval is long (no second read within 1 s)', async (t) => {
  const mock = await startMock(t)
  const routes = mock.rest.workforce('a1', { statuses: ['running'] })
  const controller = new AbortController()
  const wait = clientFor(mock).workforce.waitForCompletion('a1', 'thread-1', { signal: controller.signal })
  t.true(await waitFor(() => routes.getThread.hits === 1))
  await sleep(1000)
  t.is(routes.getThread.hits, 1)
  controller.abort()
  const err = await wait.catch((e) => e)
  t.is(err.name, 'AbortError')
})

test('waitForCompletion rejects with a timeout Error naming the thread and the last status', async (t) => {
  const mock = await startMock(t)
  const routes = mock.rest.workforce('a1', { statuses: ['queued', 'running'] })
  const started = Date.now()
  const r = await settle(() => clientFor(mock).workforce.waitForCompletion('a1', 'thread-1', { pollIntervalMs: 50, timeoutMs: 1500 }))
  const elapsed = Date.now() - started
  t.false(r.ok)
  if (r.ok) return
  t.true(r.error instanceof Error)
  t.false(r.error instanceof ApiError)
  t.is(r.error.code, 'OCTAVUS_TIMEOUT')
  t.true(r.error.message.includes('thread-1'), r.error.message)
  t.true(r.error.message.includes('"running"'), r.error.message)
  t.true(r.error.message.includes('1500'), r.error.message)
  t.true(elapsed >= 1400 && elapsed < 6000, `rejected around the deadline (${elapsed} ms)`)
  const polls = routes.getThread.hits
  t.true(polls >= 2 && polls <= 31, `${polls} polls`)
  await sleep(150)
  t.is(routes.getThread.hits, polls, 'no poll after the rejection')
})

test('waitForCompletion: timeoutMs 0 reads once and rejects if that read is not terminal', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1', { statuses: ['running', 'completed'] })
  const r = await settle(() => clientFor(mock).workforce.waitForCompletion('a1', 'thread-1', { timeoutMs: 0 }))
  t.is(r.error.code, 'OCTAVUS_TIMEOUT')
  t.is(mock.requests.length, 1)
  t.is((await clientFor(mock).workforce.waitForCompletion('a1', 'thread-1', { timeoutMs: 0 })).status, 'completed')
})

test('waitForCompletion: an abort between two polls rejects with the signal’s reason at once and stops polling', async (t) => {
  const mock = await startMock(t)
  const routes = mock.rest.workforce('a1', { statuses: ['running'] })
  const controller = new AbortController()
  const wait = clientFor(mock).workforce.waitForCompletion('a1', 'thread-1', { pollIntervalMs: 30000, signal: controller.signal })
  t.true(await waitFor(() => routes.getThread.hits === 1))
  await sleep(50)
  const reason = new Error('user left')
  const abortedAt = Date.now()
  controller.abort(reason)
  const err = await mustSettle(
    wait.catch((e) => e),
    2000,
    'the aborted wait',
  )
  t.is(err, reason, 'the very reason object')
  t.true(Date.now() - abortedAt < 1000)
  await sleep(100)
  t.is(routes.getThread.hits, 1)
})

test('waitForCompletion: the default abort reason (AbortError) and a non-Error reason (kept as cause)', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1', { statuses: ['running'] })
  const client = clientFor(mock)

  const plain = new AbortController()
  const first = client.workforce.waitForCompletion('a1', 'thread-1', { pollIntervalMs: 30000, signal: plain.signal })
  await waitFor(() => mock.requests.length === 1)
  plain.abort()
  const abortError = await first.catch((e) => e)
  t.is(abortError, plain.signal.reason)
  t.is(abortError.name, 'AbortError')

  const custom = new AbortController()
  const second = client.workforce.waitForCompletion('a1', 'thread-1', { pollIntervalMs: 30000, signal: custom.signal })
  await waitFor(() => mock.requests.length === 2)
  custom.abort('navigated away')
  const wrapped = await second.catch((e) => e)
  t.true(wrapped instanceof Error)
  t.is(wrapped.cause, 'navigated away')
})

test('waitForCompletion: an abort during a poll in flight rejects at once, without waiting for the answer', async (t) => {
  const mock = await startMock(t)
  mock.on('GET', '/api/v1/workforce/agents/a1/threads/t1', { hang: true })
  const controller = new AbortController()
  const wait = clientFor(mock).workforce.waitForCompletion('a1', 't1', { signal: controller.signal })
  t.true(await waitFor(() => mock.requests.length === 1))
  const reason = new Error('enough')
  controller.abort(reason)
  t.is(
    await mustSettle(
      wait.catch((e) => e),
      2000,
      'the wait aborted mid-poll',
    ),
    reason,
  )
})

test('waitForCompletion and run with an already aborted signal reject before sending anything', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1', { statuses: ['completed'] })
  const client = clientFor(mock)
  const reason = new Error('too late')
  const signal = AbortSignal.abort(reason)
  t.is(await client.workforce.waitForCompletion('a1', 'thread-1', { signal }).catch((e) => e), reason)
  t.is(await client.workforce.run('a1', 'm', { signal }).catch((e) => e), reason)
  t.is(mock.requests.length, 0)
})

test('waitForCompletion rejects with the ApiError of a failing poll (e.g. an unknown thread)', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1')
  const r = await settle(() => clientFor(mock).workforce.waitForCompletion('a1', 'no-such-thread', { pollIntervalMs: 10 }))
  t.true(r.error instanceof ApiError)
  t.is(r.error.status, 404)
  t.is(r.error.code, 'NOT_FOUND')
  t.is(mock.requests.length, 1)
})

test('run dispatches (with files) and waits for the dispatched thread', async (t) => {
  const mock = await startMock(t)
  const routes = mock.rest.workforce('agent/1', { statuses: ['running', 'completed'], messages: UI_MESSAGES })
  const files = [{ id: 'f', mediaType: 'text/plain', url: 'https://files.example/a.txt' }]
  const thread = await clientFor(mock).workforce.run('agent/1', 'Review this spec', { files, pollIntervalMs: 20, timeoutMs: 60000 })
  t.is(thread.threadId, 'thread-1')
  t.is(thread.status, 'completed')
  t.is(thread.messages.at(-1).id, 'u2', 'the agent’s latest turn ends the messages')
  t.deepEqual(
    mock.requests.map((r) => `${r.method} ${r.rawUrl}`),
    [
      'POST /api/v1/workforce/agents/agent%2F1/threads',
      'GET /api/v1/workforce/agents/agent%2F1/threads/thread-1',
      'GET /api/v1/workforce/agents/agent%2F1/threads/thread-1',
    ],
  )
  t.deepEqual(routes.dispatch.requests[0].body, { message: 'Review this spec', files })

  // After a follow-up the thread runs again and the wait sees the new run through.
  mock.rest.workforce('agent/1', { statuses: ['queued', 'running', 'completed'] })
  await clientFor(mock).workforce.followUp('agent/1', 'thread-1', 'Now a deck')
  t.is((await clientFor(mock).workforce.waitForCompletion('agent/1', 'thread-1', { pollIntervalMs: 10 })).status, 'completed')
})

test('run: the timeout names the dispatched thread', async (t) => {
  const mock = await startMock(t)
  mock.rest.workforce('a1', { statuses: ['running'], threadId: 'th-42' })
  const r = await settle(() => clientFor(mock).workforce.run('a1', 'm', { pollIntervalMs: 30, timeoutMs: 60 }))
  t.is(r.error.code, 'OCTAVUS_TIMEOUT')
  t.true(r.error.message.includes('th-42') && r.error.message.includes('running'), r.error.message)
})

// The wait leaves nothing behind: a child process ends by itself after it.
const CHILD = path.join(__dirname, 'fixtures', 'workforce-exit-child.js')
for (const mode of ['completed', 'abort']) {
  test(`a process exits by itself after a ${mode === 'abort' ? 'wait aborted during a minute-long interval' : 'completed run'}`, async (t) => {
    const run = await runBounded(process.execPath, [CHILD, mode], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, NODE_OPTIONS: '' },
      timeoutMs: 15000,
      t,
    })
    t.false(run.timedOut, `the child did not exit by itself (stdout: ${run.stdout} stderr: ${run.stderr})`)
    t.is(run.code, 0, run.stderr)
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '))
    t.truthy(line, run.stdout)
    const result = JSON.parse(line.slice('RESULT '.length))
    if (mode === 'completed') {
      t.is(result.status, 'completed')
      t.deepEqual(result.requests, [
        'POST /api/v1/workforce/agents/agent%2F1/threads',
        'GET /api/v1/workforce/agents/agent%2F1/threads/thread-1',
        'GET /api/v1/workforce/agents/agent%2F1/threads/thread-1',
      ])
    } else {
      t.true(result.sameReason)
      t.deepEqual(result.requests, ['GET /api/v1/workforce/agents/agent%2F1/threads/thread-1'])
    }
  })
}

// =============================================================================================
// Platform URLs

test('getSessionUrl and getAgentUrl: <baseUrl>/platform/sessions|agents/<id>', (t) => {
  const client = new OctavusClient({ baseUrl: 'https://octavus.ai/' })
  t.is(client.getSessionUrl('sess_123'), 'https://octavus.ai/platform/sessions/sess_123')
  t.is(client.getAgentUrl('agt_123'), 'https://octavus.ai/platform/agents/agt_123')
  const prefixed = new OctavusClient({ baseUrl: 'http://127.0.0.1:3000/octavus' })
  t.is(prefixed.getSessionUrl('s1'), 'http://127.0.0.1:3000/octavus/platform/sessions/s1')
  t.is(prefixed.getAgentUrl(42), 'http://127.0.0.1:3000/octavus/platform/agents/42')
})

test('getSessionUrl and getAgentUrl encode the id as one path segment (the official leaves it raw)', (t) => {
  const client = new OctavusClient({ baseUrl: 'https://octavus.ai' })
  t.is(client.getSessionUrl('a/b?c=1#d'), 'https://octavus.ai/platform/sessions/a%2Fb%3Fc%3D1%23d')
  t.is(client.getAgentUrl('../settings'), 'https://octavus.ai/platform/agents/..%2Fsettings')
  t.is(client.getAgentUrl('ü 名'), 'https://octavus.ai/platform/agents/%C3%BC%20%E5%90%8D')
  t.is(new URL(client.getSessionUrl('../../api/agents')).pathname, '/platform/sessions/..%2F..%2Fapi%2Fagents')
  for (const bad of ['..', '.', '', null, undefined, {}, '\ud800']) {
    t.throws(() => client.getSessionUrl(bad), { instanceOf: TypeError }, JSON.stringify(bad))
    t.throws(() => client.getAgentUrl(bad), { instanceOf: TypeError }, JSON.stringify(bad))
  }
})
