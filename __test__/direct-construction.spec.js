'use strict'
// The API classes built directly from an `{ baseUrl, getHeaders }` config (no OctavusClient):
// AgentSession, AgentsApi, AgentSessionsApi, FilesApi and WorkersApi against the mock platform.
// `config.getHeaders()` must be consulted for every request, including each round of a
// multi-round tool execution (the reference calls it once per fetch), so a header that changes
// between calls (a refreshed token) is what the platform receives.

const test = require('ava')
const { AgentSession, AgentsApi, AgentSessionsApi, FilesApi, WorkersApi, Resource, ApiError } = require('../index.js')
const { sse, fixtures } = require('../testing/mock-platform.js')
const { startMock, collect } = require('./fixtures/harness.js')

/**
 * A config whose getHeaders() counts its calls (as a method: `this` is the config, as in the
 * reference) and stamps each request with the call number and the current token.
 */
function countingConfig(mock) {
  return {
    baseUrl: mock.url,
    calls: 0,
    token: 'token-0',
    getHeaders() {
      this.calls++
      return {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${this.token}`,
        'X-Call': String(this.calls),
      }
    },
  }
}

const seen = (req) => ({ call: req.headers['x-call'], auth: req.headers.authorization })

/** What `seen` gives for calls 1..n made while the token went token-0, token-1, …, token-(n-1). */
const tokenCalls = (n) => Array.from({ length: n }, (_, i) => ({ call: String(i + 1), auth: `Bearer token-${i}` }))

class Recorder extends Resource {
  constructor(name) {
    super()
    this.name = name
    this.values = []
  }
  onUpdate(value) {
    this.values.push(value)
  }
}

test('new AgentsApi(config): list() and get() each consult getHeaders once; a changed header is what the mock records', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents([{ id: 'a-1', name: 'First' }])
  mock.rest.agent({ id: 'a-1' })
  const config = countingConfig(mock)
  const agents = new AgentsApi(config)
  t.is(config.calls, 0, 'not consulted at construction')

  const list = await agents.list()
  t.is(list[0].id, 'a-1')
  config.token = 'token-1'
  const def = await agents.get('a-1')
  t.is(def.id, 'a-1')

  t.is(config.calls, 2)
  t.deepEqual(
    mock.requests.map((r) => [r.method, r.path]),
    [
      ['GET', '/api/agents'],
      ['GET', '/api/agents/a-1'],
    ],
  )
  t.deepEqual(mock.requests.map(seen), tokenCalls(2))
  t.regex(mock.requests[0].headers['content-type'] ?? '', /^application\/json/)
})

test('new AgentSessionsApi(config): every REST call consults getHeaders once', async (t) => {
  const mock = await startMock(t)
  mock.rest.createSession('sess-1')
  mock.rest.getSession('sess-1')
  mock.rest.restore('sess-1')
  mock.rest.clear('sess-1')
  const config = countingConfig(mock)
  const sessions = new AgentSessionsApi(config)

  t.is(await sessions.create('agent-1', { USER: 'u' }), 'sess-1')
  config.token = 'token-1'
  t.is((await sessions.get('sess-1')).id, 'sess-1')
  config.token = 'token-2'
  t.is((await sessions.getMessages('sess-1')).sessionId, 'sess-1')
  config.token = 'token-3'
  t.deepEqual(await sessions.restore('sess-1', []), { sessionId: 'sess-1', restored: true })
  config.token = 'token-4'
  t.deepEqual(await sessions.clear('sess-1'), { sessionId: 'sess-1', cleared: true })

  t.is(config.calls, 5)
  t.deepEqual(
    mock.requests.map((r) => [r.method, r.rawUrl]),
    [
      ['POST', '/api/agent-sessions'],
      ['GET', '/api/agent-sessions/sess-1'],
      ['GET', '/api/agent-sessions/sess-1?format=ui'],
      ['POST', '/api/agent-sessions/sess-1/restore'],
      ['DELETE', '/api/agent-sessions/sess-1'],
    ],
  )
  t.deepEqual(mock.requests[0].body, { agentId: 'agent-1', input: { USER: 'u' } })
  t.deepEqual(mock.requests.map(seen), tokenCalls(5))
})

test('new AgentSessionsApi(config): a non-2xx still consults getHeaders and rejects with ApiError', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', '/api/agent-sessions', { status: 403, json: { error: 'Forbidden for this key', code: 'FORBIDDEN' } })
  const config = countingConfig(mock)
  const err = await t.throwsAsync(new AgentSessionsApi(config).create('agent-1'), { instanceOf: ApiError })
  t.is(err.status, 403)
  t.is(err.message, 'Forbidden for this key')
  t.is(config.calls, 1)
  t.is(mock.requests[0].headers.authorization, 'Bearer token-0')
})

test('new FilesApi(config): getUploadUrls consults getHeaders per call', async (t) => {
  const mock = await startMock(t)
  mock.rest.uploadUrls()
  const config = countingConfig(mock)
  const files = new FilesApi(config)
  const file = { filename: 'a.png', mediaType: 'image/png', size: 10 }

  const first = await files.getUploadUrls('sess-1', [file])
  t.is(first.files.length, 1)
  t.is(typeof first.files[0].uploadUrl, 'string')
  config.token = 'token-1'
  await files.getUploadUrls('sess-1', [file, { ...file, filename: 'b.png' }])

  t.is(config.calls, 2)
  t.deepEqual(mock.requests[0].body, { sessionId: 'sess-1', files: [file] })
  t.deepEqual(mock.requests.map(seen), tokenCalls(2))
})

test('new AgentSession({sessionId, config, tools, resources}): executes with tools and resources', async (t) => {
  const mock = await startMock(t)
  mock.session('sess-d', [
    [
      sse.start('exec-d'),
      sse.resourceUpdate('NOTES', { text: 'draft' }),
      sse.resourceUpdate('UNKNOWN', 1),
      sse.toolRequest([{ toolCallId: 'c-1', toolName: 'lookup', args: { key: 'k' } }]),
      sse.finish('tool-calls'),
    ],
    [sse.resourceUpdate('NOTES', { text: 'final' }), ...sse.text('t', 'done'), sse.finish('stop')],
  ])
  const config = countingConfig(mock)
  const notes = new Recorder('NOTES')
  const session = new AgentSession({
    sessionId: 'sess-d',
    config,
    tools: { lookup: async ({ key }) => `value-${key}` },
    resources: [notes],
  })
  t.is(session.getSessionId(), 'sess-d')
  t.is(config.calls, 0, 'not consulted at construction')

  const events = await collect(session.execute({ type: 'trigger', triggerName: 'user-message', input: { MESSAGE: 'hi' } }))
  t.deepEqual(
    events.map((e) => e.type),
    ['start', 'resource-update', 'resource-update', 'tool-output-available', 'resource-update', 'text-start', 'text-delta', 'text-end', 'finish'],
  )
  t.deepEqual(notes.values, [{ text: 'draft' }, { text: 'final' }])

  const bodies = mock.requests.map((r) => r.body)
  t.deepEqual(bodies[0], { triggerName: 'user-message', input: { MESSAGE: 'hi' } })
  t.deepEqual(bodies[1], {
    triggerName: 'user-message',
    input: { MESSAGE: 'hi' },
    executionId: 'exec-d',
    toolResults: [{ toolCallId: 'c-1', toolName: 'lookup', result: 'value-k' }],
  })
})

test('new AgentSession(...): getHeaders is consulted for each round of a multi-round tool execution', async (t) => {
  const mock = await startMock(t)
  const round = (id) => [sse.toolRequest([{ toolCallId: id, toolName: 'refresh', args: {} }]), sse.finish('tool-calls')]
  mock.session('sess-r', [[sse.start('exec-r'), ...round('c-1')], round('c-2'), [sse.finish('stop')]])
  const config = countingConfig(mock)
  let refreshes = 0
  const session = new AgentSession({
    sessionId: 'sess-r',
    config,
    // A tool that refreshes the credentials: the next round must carry the new token.
    tools: {
      refresh: () => {
        refreshes++
        config.token = `token-${refreshes}`
        return refreshes
      },
    },
  })

  await collect(session.execute({ type: 'trigger', triggerName: 't' }))
  t.is(mock.requests.length, 3)
  t.deepEqual(mock.requests.map(seen), tokenCalls(3))
  t.is(config.calls, 3)
})

test('new AgentSession(...): nothing is sent and getHeaders is not called before the first pull; continue requests work', async (t) => {
  const mock = await startMock(t)
  mock.session('sess-c', [[sse.start('exec-c'), sse.finish('stop')]])
  const config = countingConfig(mock)
  const session = new AgentSession({ sessionId: 'sess-c', config })
  const results = [{ toolCallId: 'k', toolName: 'client', result: { ok: true } }]
  const gen = session.execute({ type: 'continue', executionId: 'exec-c', toolResults: results })
  await new Promise((resolve) => setImmediate(resolve))
  t.is(config.calls, 0)
  t.is(mock.requests.length, 0)

  t.deepEqual(await collect(gen), [sse.start('exec-c'), sse.finish('stop')])
  t.is(config.calls, 1)
  t.deepEqual(mock.requests[0].body, { executionId: 'exec-c', toolResults: results })
})

test('AgentSessionsApi built directly: attach() shares the config (getHeaders) with the session', async (t) => {
  const mock = await startMock(t)
  mock.session('sess-a', [[sse.start('exec-a'), sse.finish('stop')]])
  const config = countingConfig(mock)
  config.token = 'attached'
  const session = new AgentSessionsApi(config).attach('sess-a', { tools: {} })
  t.true(session instanceof AgentSession)
  await collect(session.execute({ type: 'trigger', triggerName: 't' }))
  t.is(config.calls, 1)
  t.deepEqual(mock.requests.map(seen), [{ call: '1', auth: 'Bearer attached' }])
})

test('new WorkersApi(config): getHeaders is consulted for each round of a multi-round execute', async (t) => {
  const mock = await startMock(t)
  const AGENT = 'w-direct'
  mock.worker(AGENT, [
    [sse.start('exec-w'), sse.toolRequest([{ toolCallId: 'c-1', toolName: 'step', args: { n: 1 } }]), sse.finish('tool-calls')],
    [sse.toolRequest([{ toolCallId: 'c-2', toolName: 'step', args: { n: 2 } }]), sse.finish('tool-calls')],
    [sse.workerResult('wk', { output: 'done' }), sse.finish('stop')],
  ])
  const config = countingConfig(mock)
  const workers = new WorkersApi(config)
  t.is(config.calls, 0)
  const tools = {
    step: ({ n }) => {
      config.token = `token-${n}`
      return n
    },
  }

  const events = await collect(workers.execute(AGENT, { X: 1 }, { tools }))
  t.deepEqual(events.at(-2), { type: 'worker-result', workerId: 'wk', output: 'done' })
  t.deepEqual(
    mock.requests.map((r) => r.body.type),
    ['start', 'continue', 'continue'],
  )
  t.deepEqual(mock.requests.map(seen), tokenCalls(3))
  t.is(config.calls, 3)
})

test('new WorkersApi(config): generate() and continue() send the current headers', async (t) => {
  const mock = await startMock(t)
  const AGENT = 'w-direct-2'
  mock.worker(AGENT, [[sse.start('exec-g'), sse.workerResult('wk', { output: 7 }), sse.finish('stop')]])
  const config = countingConfig(mock)
  const workers = new WorkersApi(config)

  t.deepEqual(await workers.generate(AGENT, {}), { output: 7, sessionId: 'exec-g' })
  config.token = 'token-1'
  await collect(workers.continue(AGENT, 'exec-g', [{ toolCallId: 'c', toolName: 't', result: 1 }]))

  t.is(config.calls, 2)
  t.deepEqual(mock.requests.map(seen), tokenCalls(2))
  t.deepEqual(mock.requests[1].body, {
    type: 'continue',
    executionId: 'exec-g',
    toolResults: [{ toolCallId: 'c', toolName: 't', result: 1 }],
  })
})

test('a throwing getHeaders rejects REST calls and throws out of executions with that error, sending nothing', async (t) => {
  const mock = await startMock(t)
  mock.on('*', () => true, { json: { agents: [fixtures.agent()] } })
  const failure = new Error('no credentials available')
  const config = {
    baseUrl: mock.url,
    getHeaders() {
      throw failure
    },
  }
  t.is(await t.throwsAsync(new AgentsApi(config).list()), failure)
  t.is(await t.throwsAsync(new AgentSessionsApi(config).create('a')), failure)
  t.is(await t.throwsAsync(new FilesApi(config).getUploadUrls('s', [])), failure)
  t.is(await t.throwsAsync(collect(new AgentSession({ sessionId: 's', config }).execute({ type: 'trigger', triggerName: 't' }))), failure)
  t.is(await t.throwsAsync(collect(new WorkersApi(config).execute('w', {}))), failure)
  t.is(await t.throwsAsync(new WorkersApi(config).generate('w', {})), failure)
  t.is(mock.requests.length, 0)
})
