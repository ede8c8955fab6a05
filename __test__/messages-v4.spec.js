'use strict'
// Message format v4 (docs/protocol.md §2.3): safeParseUIMessage(s) and the session reads
// (`agentSessions.get()`, `getMessages()`, `restore()`) accept step-start, todo and worker parts,
// 'cancelled' statuses, tool-call `display`, worker `input`, `sender` and `providerMetadata`,
// and drop unknown keys at every level. The expected values were taken from the official 6.4.0
// and are written out here.

const test = require('ava')

const ours = require('../index.js')
const { fixtures } = require('../testing/mock-platform.js')
const { startMock, clientFor } = require('./fixtures/harness.js')

const CREATED = '2024-05-01T12:00:00.000Z'
const uiMessage = (parts, extra) => ({ id: 'm1', role: 'assistant', parts, status: 'done', createdAt: CREATED, ...extra })
const parsed = (parts, extra) => ({ ...uiMessage(parts, extra), createdAt: new Date(CREATED) })

// ---------------------------------------------------------------------------------------------
// safeParseUIMessage(s)

test('safeParseUIMessage: v4 parts are accepted and unknown keys are dropped at every level', (t) => {
  const cases = [
    // step-start carries nothing but its type
    [[{ type: 'step-start', thread: 'x', junk: 1 }], [{ type: 'step-start' }]],
    [
      [{ type: 'todo', todos: [{ id: '1', content: 'a', status: 'in_progress', junk: 1 }], status: 'streaming', thread: 't', junk: 2 }],
      [{ type: 'todo', todos: [{ id: '1', content: 'a', status: 'in_progress' }], status: 'streaming', thread: 't' }],
    ],
    [
      [
        {
          type: 'tool-call',
          toolCallId: 'c',
          toolName: 'n',
          args: {},
          status: 'cancelled',
          display: 'title',
          providerMetadata: { google: { thoughtSignature: 's' } },
          thread: 't',
          junk: 1,
        },
      ],
      [
        {
          type: 'tool-call',
          toolCallId: 'c',
          toolName: 'n',
          args: {},
          status: 'cancelled',
          display: 'title',
          thread: 't',
          providerMetadata: { google: { thoughtSignature: 's' } },
        },
      ],
    ],
    [
      [{ type: 'operation', operationId: 'o', name: 'n', operationType: 'set-resource', status: 'cancelled' }],
      [{ type: 'operation', operationId: 'o', name: 'n', operationType: 'set-resource', status: 'cancelled' }],
    ],
    [
      [{ type: 'reasoning', text: 'r', status: 'done', providerMetadata: { anthropic: { signature: 'x' } } }],
      [{ type: 'reasoning', text: 'r', status: 'done', providerMetadata: { anthropic: { signature: 'x' } } }],
    ],
    [
      [
        {
          type: 'worker',
          workerId: 'w',
          workerSlug: 's',
          description: 'd',
          input: { q: 1 },
          parts: [{ type: 'step-start' }, { type: 'text', text: 'x', status: 'done', junk: 1 }, { type: 'todo', todos: [], status: 'done' }],
          output: { r: 1 },
          error: 'e',
          status: 'cancelled',
          thread: 'x',
          junk: 1,
        },
      ],
      [
        {
          type: 'worker',
          workerId: 'w',
          workerSlug: 's',
          description: 'd',
          input: { q: 1 },
          parts: [{ type: 'step-start' }, { type: 'text', text: 'x', status: 'done' }, { type: 'todo', todos: [], status: 'done' }],
          output: { r: 1 },
          error: 'e',
          status: 'cancelled',
        },
      ],
    ],
    [
      [{ type: 'worker', workerId: 'w', workerSlug: 's', parts: [], status: 'running' }],
      [{ type: 'worker', workerId: 'w', workerSlug: 's', parts: [], status: 'running' }],
    ],
  ]
  for (const [input, expected] of cases) {
    const r = ours.safeParseUIMessage(uiMessage(input, { junk: 3 }))
    t.true(r.success, JSON.stringify(input))
    t.deepEqual(r.data, parsed(expected))
    // key order is the schema's, as zod gives it
    t.deepEqual(Object.keys(r.data.parts[0]), Object.keys(expected[0]))
  }
  // every status value of a todo item
  for (const status of ['pending', 'in_progress', 'completed', 'cancelled']) {
    t.true(ours.safeParseUIMessage(uiMessage([{ type: 'todo', todos: [{ id: '1', content: 'c', status }], status: 'done' }])).success, status)
  }
  for (const display of ['hidden', 'name', 'description', 'stream', 'title']) {
    const part = { type: 'tool-call', toolCallId: 'c', toolName: 'n', args: {}, status: 'done', display }
    t.true(ours.safeParseUIMessage(uiMessage([part])).success, display)
  }
})

test('safeParseUIMessage: sender on a message (every field optional), unknown keys dropped', (t) => {
  const r = ours.safeParseUIMessage(uiMessage([], { role: 'user', sender: { name: 'Ann', id: 'u1', image: 'https://i', junk: 1 } }))
  t.true(r.success)
  t.deepEqual(r.data, parsed([], { role: 'user', sender: { id: 'u1', name: 'Ann', image: 'https://i' } }))
  t.deepEqual(Object.keys(r.data), ['id', 'role', 'parts', 'status', 'createdAt', 'sender'])
  t.deepEqual(ours.safeParseUIMessage(uiMessage([], { sender: {} })).data.sender, {})

  const bad = ours.safeParseUIMessage(uiMessage([], { sender: { name: 1 } }))
  t.false(bad.success)
  t.deepEqual(bad.error.issues, [
    { expected: 'string', code: 'invalid_type', path: ['sender', 'name'], message: 'Invalid input: expected string, received number' },
  ])
  t.deepEqual(ours.safeParseUIMessage(uiMessage([], { sender: null })).error.issues, [
    { expected: 'object', code: 'invalid_type', path: ['sender'], message: 'Invalid input: expected object, received null' },
  ])
})

test('safeParseUIMessage: invalid v4 shapes are rejected', (t) => {
  const rejected = [
    // a worker inside a worker
    {
      type: 'worker',
      workerId: 'w',
      workerSlug: 's',
      parts: [{ type: 'worker', workerId: 'w2', workerSlug: 's', parts: [], status: 'done' }],
      status: 'done',
    },
    { type: 'worker', workerId: 'w', workerSlug: 's', parts: [], status: 'paused' },
    { type: 'worker', workerId: 'w', workerSlug: 's', parts: [], status: 'done', input: [1] },
    { type: 'worker', workerId: 'w', parts: [], status: 'done' },
    { type: 'todo', todos: [{ id: '1', content: 'a', status: 'done' }], status: 'done' },
    { type: 'todo', todos: [{ id: '1', status: 'pending' }], status: 'done' },
    { type: 'todo', todos: [], status: 'cancelled' },
    { type: 'todo', status: 'done' },
    { type: 'tool-call', toolCallId: 'c', toolName: 'n', args: {}, status: 'done', display: 'loud' },
    { type: 'tool-call', toolCallId: 'c', toolName: 'n', args: {}, status: 'done', providerMetadata: 'x' },
    { type: 'reasoning', text: 'r', status: 'done', providerMetadata: [] },
    { type: 'operation', operationId: 'o', name: 'n', operationType: 't', status: 'error' },
  ]
  for (const part of rejected) t.false(ours.safeParseUIMessage(uiMessage([part])).success, JSON.stringify(part))
})

test('safeParseUIMessage: a part matching no option reports all ten options, the v4 ones last', (t) => {
  const r = ours.safeParseUIMessage(uiMessage([{ type: 'bogus' }]))
  t.false(r.success)
  t.is(r.error.issues.length, 1)
  const [union] = r.error.issues
  t.is(union.code, 'invalid_union')
  t.deepEqual(union.path, ['parts', 0])
  t.is(union.errors.length, 10)
  const expectType = (type) => ({ code: 'invalid_value', values: [type], path: ['type'], message: `Invalid input: expected "${type}"` })
  const missing = (expected, key) => ({
    expected,
    code: 'invalid_type',
    path: [key],
    message: `Invalid input: expected ${expected}, received undefined`,
  })
  const statuses = (...values) => ({
    code: 'invalid_value',
    values,
    path: ['status'],
    message: `Invalid option: expected one of ${values.map((v) => `"${v}"`).join('|')}`,
  })
  t.deepEqual(
    union.errors.map((branch) => branch[0].values && branch[0].values[0]),
    [
      'text',
      'reasoning',
      'tool-call',
      'operation',
      undefined, // the source option reports its discriminator
      'file',
      'object',
      'worker',
      'todo',
      'step-start',
    ],
  )
  t.deepEqual(union.errors[2].at(-1), statuses('pending', 'running', 'done', 'error', 'cancelled'))
  t.deepEqual(union.errors[3].at(-1), statuses('running', 'done', 'cancelled'))
  t.deepEqual(union.errors[7], [
    expectType('worker'),
    missing('string', 'workerId'),
    missing('string', 'workerSlug'),
    missing('array', 'parts'),
    statuses('running', 'done', 'error', 'cancelled'),
  ])
  t.deepEqual(union.errors[8], [expectType('todo'), missing('array', 'todos'), statuses('streaming', 'done')])
  t.deepEqual(union.errors[9], [expectType('step-start')])
})

test('safeParseUIMessages: a worker session round-trips through JSON', (t) => {
  const messages = [
    uiMessage([{ type: 'text', text: 'research this', status: 'done' }], { id: 'u', role: 'user', sender: { name: 'Ann' } }),
    uiMessage([
      { type: 'step-start' },
      { type: 'todo', todos: [{ id: '1', content: 'search', status: 'completed' }], status: 'done' },
      {
        type: 'worker',
        workerId: 'w',
        workerSlug: 'researcher',
        input: { topic: 'x' },
        parts: [{ type: 'step-start' }],
        output: 'o',
        status: 'done',
      },
      { type: 'text', text: 'done', status: 'done' },
    ]),
  ]
  const r = ours.safeParseUIMessages(JSON.parse(JSON.stringify(messages)))
  t.true(r.success)
  t.deepEqual(
    r.data,
    messages.map((m) => ({ ...m, createdAt: new Date(CREATED) })),
  )
})

// ---------------------------------------------------------------------------------------------
// Session reads through the mock platform

const chatMessage = (parts, extra) => ({ id: 'm1', role: 'assistant', parts, createdAt: CREATED, content: 'hi', ...extra })

const CHAT_WORKER_SESSION = [
  chatMessage([{ type: 'text', visible: true, content: 'research this' }], {
    id: 'u1',
    role: 'user',
    content: 'research this',
    sender: { id: 'user-7', name: 'Ann', junk: 1 },
  }),
  chatMessage(
    [
      { type: 'step-start', visible: false, junk: 1 },
      { type: 'reasoning', visible: false, content: 'r', providerMetadata: { anthropic: { signature: 's' } } },
      {
        type: 'tool-call',
        visible: true,
        toolCall: {
          id: 'c',
          name: 'n',
          arguments: { q: 1 },
          status: 'available',
          result: 1,
          display: 'title',
          providerMetadata: { g: { x: 1 } },
          junk: 1,
        },
      },
      { type: 'operation', visible: true, operation: { id: 'o', name: 'Save', operationType: 'set-resource', junk: 1 } },
      { type: 'todo', visible: true, todo: { todos: [{ id: '1', content: 'a', status: 'cancelled', junk: 1 }], junk: 1 } },
      { type: 'file', visible: true, file: { id: 'f', mediaType: 'm', url: 'u', width: 2, height: 3, toolCallId: 'c' } },
      {
        type: 'worker',
        visible: true,
        worker: {
          workerId: 'w',
          workerSlug: 's',
          description: 'd',
          input: { q: 1 },
          nestedParts: [
            { type: 'text', visible: true, content: 'x', junk: 1 },
            { type: 'todo', visible: true, todo: { todos: [] } },
          ],
          output: 'o',
          error: 'e',
          cancelled: true,
          junk: 1,
        },
      },
    ],
    { id: 'a1', junk: 1, reasoningProviderMetadata: { a: {} }, toolResults: [{ toolCallId: 'c' }] },
  ),
]

const CHAT_WORKER_SESSION_PARSED = [
  chatMessage([{ type: 'text', visible: true, content: 'research this' }], {
    id: 'u1',
    role: 'user',
    content: 'research this',
    sender: { id: 'user-7', name: 'Ann' },
  }),
  chatMessage(
    [
      { type: 'step-start', visible: false },
      { type: 'reasoning', visible: false, content: 'r', providerMetadata: { anthropic: { signature: 's' } } },
      { type: 'tool-call', visible: true, toolCall: { id: 'c', name: 'n', arguments: { q: 1 }, status: 'available', result: 1, display: 'title' } },
      { type: 'operation', visible: true, operation: { id: 'o', name: 'Save', operationType: 'set-resource' } },
      { type: 'todo', visible: true, todo: { todos: [{ id: '1', content: 'a', status: 'cancelled' }] } },
      { type: 'file', visible: true, file: { id: 'f', mediaType: 'm', url: 'u', toolCallId: 'c' } },
      {
        type: 'worker',
        visible: true,
        worker: {
          workerId: 'w',
          workerSlug: 's',
          description: 'd',
          input: { q: 1 },
          nestedParts: [
            { type: 'text', visible: true, content: 'x' },
            { type: 'todo', visible: true, todo: { todos: [] } },
          ],
          output: 'o',
          error: 'e',
          cancelled: true,
        },
      },
    ],
    { id: 'a1' },
  ),
]

test('agentSessions.get(): a session that ran a worker loads, in the v4 chat format, unknown keys dropped', async (t) => {
  const mock = await startMock(t)
  mock.rest.getSession('s1', { state: { messages: CHAT_WORKER_SESSION } })
  const state = await clientFor(mock).agentSessions.get('s1')
  t.deepEqual(state.messages, CHAT_WORKER_SESSION_PARSED)
  t.deepEqual(Object.keys(state.messages[1].parts[6]), ['type', 'visible', 'worker'])
})

test('agentSessions.get(): the fields v4 dropped are still read from an older server, and never fail the call', async (t) => {
  const mock = await startMock(t)
  const old = chatMessage([{ type: 'text', visible: true, content: 'hi' }], { visible: false, reasoning: 'why', reasoningSignature: 'sig' })
  mock.rest.getSession('s1', { state: { messages: [old] } })
  const client = clientFor(mock)
  t.deepEqual((await client.agentSessions.get('s1')).messages, [old])

  // ill-typed leftovers are dropped (the v4 schema does not know them), not a reason to fail
  const odd = chatMessage([{ type: 'text', visible: true }], { visible: 'yes', reasoning: 5, reasoningSignature: null })
  mock.rest.getSession('s1', { state: { messages: [odd] } })
  t.deepEqual((await client.agentSessions.get('s1')).messages, [chatMessage([{ type: 'text', visible: true }])])
})

test('agentSessions.get(): invalid v4 chat parts fail the call with the field named', async (t) => {
  const mock = await startMock(t)
  const client = clientFor(mock)
  const cases = [
    // the parts a worker produced cannot be step-start or another worker
    [
      [{ type: 'worker', visible: true, worker: { workerId: 'w', workerSlug: 's', nestedParts: [{ type: 'step-start', visible: false }] } }],
      'messages[0].parts.0.worker.nestedParts.0.type',
    ],
    [
      [{ type: 'worker', visible: true, worker: { workerId: 'w', workerSlug: 's', nestedParts: [{ type: 'worker', visible: false }] } }],
      'nestedParts.0.type',
    ],
    [[{ type: 'worker', visible: true, worker: { workerId: 'w', nestedParts: [] } }], 'worker.workerSlug'],
    [[{ type: 'text', visible: true, providerMetadata: { anthropic: 's' } }], 'providerMetadata.anthropic'],
    [[{ type: 'todo', visible: true, todo: { todos: [{ id: '1', content: 'a', status: 'done' }] } }], 'todo.todos.0.status'],
    [
      [{ type: 'tool-call', visible: true, toolCall: { id: 'c', name: 'n', arguments: {}, status: 'available', display: 'loud' } }],
      'toolCall.display',
    ],
    [[{ type: 'unknown-part', visible: true }], 'parts.0.type'],
  ]
  for (const [parts, field] of cases) {
    mock.rest.getSession('s1', { state: { messages: [chatMessage(parts)] } })
    const err = await t.throwsAsync(client.agentSessions.get('s1'))
    t.is(err.code, 'OCTAVUS_INVALID_RESPONSE')
    t.true(err.message.includes(field), `${err.message} names ${field}`)
  }
  // a bare worker part (no worker info) is fine: every info field is optional
  mock.rest.getSession('s1', { state: { messages: [chatMessage([{ type: 'worker', visible: true }])] } })
  t.deepEqual((await client.agentSessions.get('s1')).messages, [chatMessage([{ type: 'worker', visible: true }])])
})

const UI_WORKER_SESSION = [
  uiMessage([{ type: 'text', text: 'research this', status: 'done' }], {
    id: 'u1',
    role: 'user',
    sender: { id: 'user-7', name: 'Ann', image: 'https://a' },
  }),
  uiMessage(
    [
      { type: 'step-start' },
      { type: 'reasoning', text: 'r', status: 'done', providerMetadata: { anthropic: { signature: 's' } } },
      { type: 'tool-call', toolCallId: 'c', toolName: 'n', displayName: 'Look up', args: {}, status: 'cancelled', display: 'title' },
      { type: 'operation', operationId: 'o', name: 'Save', operationType: 'set-resource', status: 'cancelled' },
      { type: 'todo', todos: [{ id: '1', content: 'search', status: 'completed' }], status: 'done' },
      { type: 'step-start' },
      {
        type: 'worker',
        workerId: 'w',
        workerSlug: 'researcher',
        description: 'Research',
        input: { topic: 'x' },
        parts: [
          { type: 'step-start' },
          { type: 'text', text: 'found', status: 'done' },
          { type: 'todo', todos: [{ id: 't', content: 'read', status: 'cancelled' }], status: 'done' },
        ],
        output: { summary: 's' },
        status: 'cancelled',
      },
      { type: 'text', text: 'done', status: 'done' },
    ],
    { id: 'a1', createdAt: 1714564800000 },
  ),
]

test('agentSessions.getMessages() and restore(): a session that ran a worker loads and is sent back as it was', async (t) => {
  const mock = await startMock(t)
  mock.rest.getSession('s1', { ui: { messages: UI_WORKER_SESSION } })
  mock.rest.restore('s1')
  const client = clientFor(mock)

  const state = await client.agentSessions.getMessages('s1')
  t.is(state.messages.length, 2)
  t.deepEqual(state.messages[0], { ...UI_WORKER_SESSION[0], createdAt: new Date(CREATED) })
  t.deepEqual(state.messages[1], { ...UI_WORKER_SESSION[1], createdAt: new Date(1714564800000) })

  const restored = await client.agentSessions.restore('s1', state.messages, { user: 'x' })
  t.deepEqual(restored, { sessionId: 's1', restored: true })
  const [request] = mock.requestsTo('POST', '/api/agent-sessions/s1/restore')
  t.deepEqual(request.body, { messages: JSON.parse(JSON.stringify(state.messages)), input: { user: 'x' } })
  t.is(request.body.messages[1].parts[6].parts[2].todos[0].status, 'cancelled')
})

test('mock fixtures: fixtures.v4Session() holds a worker session in both formats, which load', async (t) => {
  const { chat, ui } = fixtures.v4Session()
  const mock = await startMock(t)
  mock.rest.getSession('s1', { state: { messages: chat }, ui: { messages: ui } })
  const client = clientFor(mock)
  const state = await client.agentSessions.get('s1')
  t.deepEqual(state.messages, chat)
  const messages = await client.agentSessions.getMessages('s1')
  t.deepEqual(
    messages.messages,
    ui.map((m) => ({ ...m, createdAt: new Date(m.createdAt) })),
  )
  const types = (parts) => parts.map((p) => p.type)
  t.true(types(chat[1].parts).includes('step-start') && types(chat[1].parts).includes('todo') && types(chat[1].parts).includes('worker'))
  t.true(types(ui[1].parts).includes('step-start') && types(ui[1].parts).includes('todo') && types(ui[1].parts).includes('worker'))
})
