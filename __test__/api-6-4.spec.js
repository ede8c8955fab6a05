'use strict'
// The 6.4 session and worker API through the mock platform: the deferred start, credential
// callbacks, dynamic tools, and what workers.generate() returns and throws.

const util = require('node:util')
const test = require('ava')
const { OctavusClient, WorkerError } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, trigger } = require('./fixtures/harness.js')

const START = '/api/agent-sessions/start'

// ---------------------------------------------------------------------------------------------
// agentSessions.start

test('start(): the first trigger creates the session (nested body), its id comes from the header, later legs go to /:id/trigger', async (t) => {
  const mock = await startMock(t)
  mock.on(
    'POST',
    START,
    { status: 503, json: { error: 'busy' }, headers: { 'Retry-After': '0' } },
    {
      sse: [sse.start('e1'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'lookup', args: {} }]), sse.finish('tool-calls')],
      headers: { 'X-Octavus-Session-Id': 'new/1' },
    },
  )
  mock.session('new/1', [
    [sse.start('e1'), sse.finish('stop')],
    [sse.start('e2'), sse.finish('stop')],
  ])
  const created = []
  const session = clientFor(mock).agentSessions.start({
    agentId: 'agent-1',
    input: { COMPANY: 'Acme' },
    tools: { lookup: () => 'found' },
    onSessionCreated: (id) => created.push({ id, seenEvents: seen.length }),
  })
  const seen = []
  t.is(session.getSessionId(), undefined)
  for await (const e of session.execute({ ...trigger('hello', { q: 1 }), sender: { id: 'u1' } })) seen.push(e)
  t.deepEqual(created, [{ id: 'new/1', seenEvents: 0 }], 'onSessionCreated ran once, before any event')
  t.is(session.getSessionId(), 'new/1')
  t.deepEqual(
    seen.map((e) => e.type),
    ['start', 'tool-output-available', 'start', 'finish'],
  )
  const starts = mock.requestsTo('POST', START)
  t.is(starts.length, 2, 'the first leg was retried')
  const key = starts[0].body.idempotencyKey
  t.regex(key, /^\d+-[0-9a-z]{7}$/)
  t.deepEqual(
    starts.map((r) => r.body),
    [0, 1].map(() => ({
      agentId: 'agent-1',
      trigger: { triggerName: 'hello', input: { q: 1 }, sender: { id: 'u1' } },
      input: { COMPANY: 'Acme' },
      idempotencyKey: key,
    })),
  )
  const legs = mock.requestsTo('POST', '/api/agent-sessions/new%2F1/trigger')
  t.is(legs.length, 1)
  t.is(legs[0].body.executionId, 'e1')
  // The handle is now an ordinary session.
  await collect(session.execute(trigger('again')))
  t.is(mock.requestsTo('POST', '/api/agent-sessions/new%2F1/trigger').length, 2)
  t.is(created.length, 1)
})

test('start(): without the header the id comes from the first start event; a given idempotencyKey is used', async (t) => {
  const mock = await startMock(t)
  mock.on('POST', START, { sse: [sse.start('e1', { sessionId: 's-ev' }), sse.finish('stop')] })
  const created = []
  const session = clientFor(mock).agentSessions.start({ agentId: 'a', idempotencyKey: 'my-key', onSessionCreated: (id) => created.push(id) })
  const events = await collect(session.execute(trigger('go')))
  t.is(events.length, 2)
  t.deepEqual(created, ['s-ev'])
  t.is(session.getSessionId(), 's-ev')
  t.is(mock.requests[0].body.idempotencyKey, 'my-key')
  t.false('input' in mock.requests[0].body)
})

test('start(): a continue before the session exists throws a clear Error and sends nothing', async (t) => {
  const mock = await startMock(t)
  const session = clientFor(mock).agentSessions.start({ agentId: 'a' })
  const err = await t.throwsAsync(collect(session.execute({ type: 'continue', executionId: 'e', toolResults: [] })))
  t.regex(err.message, /does not exist yet/)
  t.is(mock.requests.length, 0)
  t.throws(() => clientFor(mock).agentSessions.start({}), { instanceOf: TypeError })
})

// ---------------------------------------------------------------------------------------------
// Credential callbacks

test('apiKey may be an async function: asked for every request and every retry attempt, never shown', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents()
  mock.session('s-key', [{ status: 503, json: {}, headers: { 'Retry-After': '0' } }, [sse.start('e'), sse.finish('stop')]])
  let n = 0
  const apiKey = async () => `rotated-${++n}`
  const client = new OctavusClient({ baseUrl: mock.url, apiKey })
  await client.agents.list()
  await collect(client.agentSessions.attach('s-key').execute(trigger('go')))
  t.deepEqual(
    mock.requests.map((r) => r.headers.authorization),
    ['Bearer rotated-1', 'Bearer rotated-2', 'Bearer rotated-3'],
  )
  t.deepEqual(await client.getHeaders(), { 'Content-Type': 'application/json', 'X-Octavus-Sdk-Version': '4', Authorization: 'Bearer rotated-4' })
  t.false(util.inspect(client, { depth: 5 }).includes('rotated'))
  t.false(util.inspect(client, { depth: 5 }).includes('apiKey'))
  // A sync function works too.
  const sync = new OctavusClient({ baseUrl: mock.url, apiKey: () => 'plain' })
  t.is((await sync.getHeaders()).Authorization, 'Bearer plain')
})

test("a continuation carries the credentials as they are after the round's tools ran (a handler may rotate them)", async (t) => {
  const mock = await startMock(t)
  const call = (id) => sse.toolRequest([{ toolCallId: id, toolName: 'rotate', args: {} }])
  mock.session('s-rotate', [
    [sse.start('e1'), call('c1'), sse.finish('tool-calls')],
    [sse.start('e1'), call('c2'), sse.finish('tool-calls')],
    [sse.start('e1'), sse.finish('stop')],
  ])
  let key = 'first'
  let asked = 0
  const client = new OctavusClient({
    baseUrl: mock.url,
    apiKey: () => {
      asked++
      return key
    },
  })
  const tools = {
    rotate: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      key = `after-${asked}`
      return { ok: true }
    },
  }
  await collect(client.agentSessions.attach('s-rotate', { tools }).execute(trigger('go')))
  t.deepEqual(
    mock.requests.map((r) => r.headers.authorization),
    ['Bearer first', 'Bearer after-1', 'Bearer after-2'],
  )
  t.is(asked, 3, 'asked once per request')
})

test('an apiKey function that throws fails that call with its own error, and sends nothing', async (t) => {
  const mock = await startMock(t)
  mock.rest.agents()
  const failure = new Error('token endpoint down')
  const client = new OctavusClient({
    baseUrl: mock.url,
    apiKey: async () => {
      throw failure
    },
  })
  t.is(await t.throwsAsync(client.agents.list()), failure)
  t.is(await t.throwsAsync(collect(client.agentSessions.attach('s').execute(trigger('go')))), failure)
  t.is(mock.requests.length, 0)
})

// ---------------------------------------------------------------------------------------------
// Dynamic tools

test('setDynamicTools between rounds: the next round sees the new handlers, and every leg sends the schemas', async (t) => {
  const mock = await startMock(t)
  const call = (id, name) => sse.toolRequest([{ toolCallId: id, toolName: name, args: {} }])
  mock.session('s-dyn', [
    [sse.start('e1'), call('c1', 'base'), sse.finish('tool-calls')],
    [sse.start('e1'), call('c2', 'dyn'), sse.finish('tool-calls')],
    [sse.start('e1'), sse.finish('stop')],
  ])
  const schema = { name: 'dyn', description: 'a dynamic tool', inputSchema: { type: 'object' } }
  const session = clientFor(mock).agentSessions.attach('s-dyn', {
    tools: {
      base: () => {
        // A handler that adds a tool: the next round must see it.
        session.setDynamicTools([{ schema, handler: () => 'from dyn' }])
        return 'from base'
      },
    },
  })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(
    events.filter((e) => e.type === 'tool-output-available').map((e) => e.output),
    ['from base', 'from dyn'],
  )
  t.false('dynamicToolSchemas' in mock.requests[0].body, 'no schemas before any were set')
  t.deepEqual(mock.requests[1].body.dynamicToolSchemas, [schema])
  t.deepEqual(mock.requests[2].body.dynamicToolSchemas, [schema])
  // A ToolProvider, and the attach-time tools survive a replacement.
  session.setDynamicTools({
    toolSchemas: () => [
      { ...schema, name: 'p' },
      { ...schema, name: 'nohandler' },
    ],
    toolHandlers: () => ({ p: () => 1 }),
  })
  mock.session('s-dyn', [
    [
      sse.start('e2'),
      sse.toolRequest([
        { toolCallId: 'c3', toolName: 'p', args: {} },
        { toolCallId: 'c4', toolName: 'base', args: {} },
      ]),
      sse.finish('tool-calls'),
    ],
    [sse.finish('stop')],
  ])
  const more = await collect(session.execute(trigger('go')))
  t.deepEqual(
    more.filter((e) => e.type === 'tool-output-available').map((e) => e.output),
    [1, 'from base'],
  )
  t.deepEqual(
    mock.requests[3].body.dynamicToolSchemas.map((s) => s.name),
    ['p'],
    'only the provider’s tools that have a handler',
  )
  t.deepEqual(
    mock.requests[4].body.dynamicToolSchemas.map((s) => s.name),
    ['dyn'],
    'the base handler replaced the set again',
  )
})

// ---------------------------------------------------------------------------------------------
// Workers

test('generate() reads the whole stream: cost and tokens from usage; an error event wins with its details', async (t) => {
  const mock = await startMock(t)
  const cost = { currency: 'USD', bandwidthFee: 0, providerFee: 0.01, totalFee: 0.01, byok: false }
  const tokens = { inputTokens: 10, outputTokens: 5, totalTokens: 15 }
  mock.worker('w-ok', [[sse.start('ws-1'), sse.workerResult('wk', { output: { answer: 42 } }), sse.finish('stop'), { type: 'usage', cost, tokens }]])
  const workers = clientFor(mock).workers
  t.deepEqual(await workers.generate('w-ok', {}), { output: { answer: 42 }, sessionId: 'ws-1', cost, tokens })

  const error = {
    errorType: 'provider_error',
    message: 'model down',
    retryable: true,
    source: 'provider',
    code: 'UP',
    retryAfter: 3,
    provider: { name: 'openai' },
  }
  mock.worker('w-err', [[sse.start('ws-2'), sse.workerResult('wk', { error: 'result failed' }), sse.error(error), sse.finish('error')]])
  const err = await t.throwsAsync(workers.generate('w-err', {}), { instanceOf: WorkerError })
  t.is(err.message, 'model down', 'the structured error event wins over worker-result.error')
  t.is(err.sessionId, 'ws-2')
  t.deepEqual(err.details, {
    errorType: 'provider_error',
    source: 'provider',
    code: 'UP',
    retryable: true,
    retryAfter: 3,
    provider: { name: 'openai' },
  })
})

test('worker dynamicToolSchemas go on the start body only', async (t) => {
  const mock = await startMock(t)
  mock.worker('w-dyn', [
    [sse.start('ws'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'calc', args: {} }]), sse.finish('tool-calls')],
    [sse.workerResult('wk', { output: 1 }), sse.finish('stop')],
  ])
  const schemas = [{ name: 'calc', description: 'adds', inputSchema: { type: 'object' } }]
  await clientFor(mock).workers.generate('w-dyn', { x: 1 }, { tools: { calc: () => 2 }, dynamicToolSchemas: schemas })
  t.deepEqual(mock.requests[0].body, { type: 'start', input: { x: 1 }, dynamicToolSchemas: schemas })
  t.false('dynamicToolSchemas' in mock.requests[1].body)
})

// ---------------------------------------------------------------------------------------------
// Inline MCP servers on attach, start and workers

test('mcpServers: the namespaced tools run as server tools and their schemas go with every leg', async (t) => {
  const { z } = require('zod')
  const { createInlineMcpServer, defineInlineMcpTool } = require('../index.js')
  const server = createInlineMcpServer('shop', {
    tools: {
      price: defineInlineMcpTool({
        description: 'a price',
        parameters: z.object({ sku: z.string() }),
        handler: async ({ sku }) => ({ sku, eur: 3 }),
      }),
    },
  })
  const mock = await startMock(t)
  mock.session('s-mcp', [
    [
      sse.start('e1'),
      sse.toolRequest([
        { toolCallId: 'c1', toolName: 'shop__price', args: { sku: 'A' } },
        { toolCallId: 'c2', toolName: 'shop__price', args: { sku: 1 } },
      ]),
      sse.finish('tool-calls'),
    ],
    [sse.start('e1'), sse.finish('stop')],
  ])
  const session = clientFor(mock).agentSessions.attach('s-mcp', { mcpServers: [server] })
  const events = await collect(session.execute(trigger('go')))
  t.deepEqual(events[1], { type: 'tool-output-available', toolCallId: 'c1', output: { sku: 'A', eur: 3 } })
  t.is(events[2].type, 'tool-output-error')
  t.regex(events[2].error, /Invalid arguments for/)
  for (const r of mock.requests)
    t.deepEqual(
      r.body.dynamicToolSchemas.map((s) => s.name),
      ['shop__price'],
    )
  // A clash is thrown when attaching; for workers, by the first next().
  t.throws(() => clientFor(mock).agentSessions.attach('s', { tools: { shop__price: () => 1 }, mcpServers: [server] }), { message: /collision/ })
  t.throws(() => clientFor(mock).agentSessions.start({ agentId: 'a', mcpServers: [server, server] }), { message: /Duplicate MCP namespace/ })
  const gen = clientFor(mock).workers.execute('w', {}, { mcpServers: [server, server] })
  await t.throwsAsync(gen.next(), { message: /Duplicate MCP namespace/ })
})

test('the mock platform scripts a deferred start: the header names the session, later rounds go to it', async (t) => {
  const mock = await startMock(t)
  mock.start('made-1', [
    { status: 503, json: {}, headers: { 'Retry-After': '0' } },
    [sse.start('e1'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'calc', args: {} }]), sse.finish('tool-calls')],
    [sse.start('e1'), sse.finish('stop')],
  ])
  const created = []
  const session = clientFor(mock).agentSessions.start({ agentId: 'a', tools: { calc: () => 7 }, onSessionCreated: (id) => created.push(id) })
  const events = await collect(session.execute(trigger('go')))
  t.is(events.at(-1).type, 'finish')
  t.deepEqual(created, ['made-1'])
  t.deepEqual(
    mock.requests.map((r) => r.path),
    [START, START, '/api/agent-sessions/made-1/trigger'],
  )
  t.deepEqual(
    mock.requests.map((r) => r.headers['x-octavus-sdk-version']),
    ['4', '4', '4'],
  )
})
