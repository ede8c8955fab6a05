// Opt-in maintainer check (not part of `npm test`): runs the same inputs through this package
// and through a build of the official @octavus/server-sdk 6.x, and prints every difference in
// the pure helpers that the v4 wire format touches: safeParseUIMessage(s), safeParseStreamEvent,
// chat messages as `agentSessions.get()` returns them, the error guards and createApiErrorEvent.
//
//   node scripts/compare-reference.mjs <folder or index.mjs of the official 6.x build> [--count N]
//
// Exit status 0 when nothing differs, 1 otherwise. Known, documented differences are listed
// (and counted) separately.

import path from 'node:path'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { isDeepStrictEqual, inspect } from 'node:util'

const require = createRequire(import.meta.url)
const ours = require('../index.js')
const { createMockPlatform, fixtures } = require('../testing/mock-platform.js')

const args = process.argv.slice(2)
const target = args.find((a) => !a.startsWith('--'))
if (!target) {
  console.error('usage: node scripts/compare-reference.mjs <path to the official 6.x build> [--count N]')
  process.exit(2)
}
const countArg = args.indexOf('--count')
const COUNT = countArg >= 0 ? Number(args[countArg + 1]) : 3000
const entry = fs.statSync(target).isDirectory() ? path.join(target, 'index.mjs') : target
const official = await import(pathToFileURL(path.resolve(entry)).href)

let differences = 0
let documented = 0
const seen = new Map()

function report(area, label, a, b) {
  differences++
  const n = (seen.get(area) ?? 0) + 1
  seen.set(area, n)
  if (n <= 5)
    console.log(
      `✘ ${area}: ${label}\n  ours:     ${inspect(a, { depth: 8, breakLength: Infinity })}\n  official: ${inspect(b, { depth: 8, breakLength: Infinity })}`,
    )
}

// Known differences (docs/protocol.md, README "Differences"): not counted as failures.
function isDocumented(area, input) {
  // unsupported_error: still accepted by ours (2.14 knew it; 6.x's event schema dropped it).
  if (area === 'safeParseStreamEvent') return Boolean(input && input.type === 'error' && input.errorType === 'unsupported_error')
  // The chat-message fields v4 dropped are kept by ours when an older server sends them.
  if (area === 'agentSessions.get') return ['visible', 'reasoning', 'reasoningSignature'].some((k) => input && k in input)
  return false
}

const accepted = new Map()

function compare(area, label, input, a, b) {
  if (b && typeof b === 'object' && (b.success || b.ok)) accepted.set(area, (accepted.get(area) ?? 0) + 1)
  if (isDeepStrictEqual(a, b)) return
  if (isDocumented(area, input)) {
    documented++
    return
  }
  report(area, label, a, b)
}

// Small deterministic PRNG (mulberry32).
let seed = 0x0c7a
function rand() {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296
}
const pick = (arr) => arr[Math.floor(rand() * arr.length)]
const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)))

const ODD = [null, 0, 1.5, -1, '', 'x', 'done', 'cancelled', 'title', true, false, [], ['x'], {}, { a: 1 }, { junk: { deep: 1 } }]

/** Deletes, replaces or adds keys at any depth. */
function mutate(value, keys) {
  const out = clone(value)
  const n = 1 + Math.floor(rand() * 3)
  for (let i = 0; i < n; i++) {
    // walk to a random nested object
    let node = out
    for (let d = 0; d < 4; d++) {
      const kids = Object.values(node).filter((v) => v && typeof v === 'object')
      if (!kids.length || rand() < 0.4) break
      node = pick(kids)
    }
    if (Array.isArray(node)) {
      if (node.length && rand() < 0.5) node[Math.floor(rand() * node.length)] = clone(pick(ODD))
      continue
    }
    const own = Object.keys(node)
    const roll = rand()
    if (roll < 0.3 && own.length) delete node[pick(own)]
    else node[pick(rand() < 0.6 && own.length ? own : keys)] = clone(pick(ODD))
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// UI messages

const UI_PARTS = [
  { type: 'text', text: 'hello', status: 'done' },
  { type: 'reasoning', text: 'r', status: 'streaming', providerMetadata: { anthropic: { signature: 's' } } },
  {
    type: 'tool-call',
    toolCallId: 'c',
    toolName: 'n',
    displayName: 'N',
    args: { q: 1 },
    result: { ok: 1 },
    status: 'cancelled',
    display: 'title',
    thread: 't',
    providerMetadata: { google: {} },
  },
  { type: 'operation', operationId: 'o', name: 'n', operationType: 'set-resource', status: 'cancelled', thread: 's' },
  { type: 'source', sourceType: 'url', id: 's', url: 'u', title: 't' },
  { type: 'source', sourceType: 'document', id: 's', mediaType: 'm', title: 't', filename: 'f' },
  { type: 'file', id: 'f', mediaType: 'image/png', url: 'u', filename: 'a.png', size: 3, toolCallId: 'c' },
  { type: 'object', id: 'o', typeName: 'T', partial: { a: 1 }, status: 'streaming' },
  {
    type: 'todo',
    todos: [
      { id: '1', content: 'a', status: 'in_progress' },
      { id: '2', content: 'b', status: 'cancelled' },
    ],
    status: 'done',
    thread: 't',
  },
  { type: 'step-start' },
  {
    type: 'worker',
    workerId: 'w',
    workerSlug: 'researcher',
    description: 'd',
    input: { topic: 'x' },
    parts: [{ type: 'step-start' }, { type: 'text', text: 'x', status: 'done' }, { type: 'todo', todos: [], status: 'streaming' }],
    output: { summary: 's' },
    status: 'cancelled',
  },
]
const UI_KEYS = ['type', 'status', 'thread', 'display', 'providerMetadata', 'sender', 'input', 'parts', 'todos', 'id', 'junk', 'createdAt']

function uiMessage(parts, extra) {
  return { id: 'm', role: 'assistant', parts, status: 'done', createdAt: '2024-05-01T12:00:00.000Z', ...extra }
}

function parseView(r) {
  return r.success ? { success: true, data: r.data } : { success: false, issues: r.error.issues }
}

function uiMessages() {
  const cases = []
  for (const p of UI_PARTS) cases.push(uiMessage([p]), uiMessage([{ ...p, junk: 1 }], { junk: 2 }))
  cases.push(uiMessage(UI_PARTS, { role: 'user', sender: { id: 'u', name: 'Ann', image: 'i', junk: 1 } }))
  cases.push(uiMessage([{ ...UI_PARTS[10], parts: [UI_PARTS[10]] }]))
  for (let i = 0; i < COUNT; i++) {
    const parts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => (rand() < 0.5 ? pick(UI_PARTS) : mutate(pick(UI_PARTS), UI_KEYS)))
    cases.push(rand() < 0.3 ? uiMessage(parts) : mutate(uiMessage(parts, rand() < 0.3 ? { sender: { name: 'n' } } : {}), UI_KEYS))
  }
  for (const [i, msg] of cases.entries()) {
    compare(
      'safeParseUIMessage',
      `#${i} ${inspect(msg, { depth: 6, breakLength: Infinity })}`,
      msg,
      parseView(ours.safeParseUIMessage(msg)),
      parseView(official.safeParseUIMessage(msg)),
    )
    if (i % 10 === 0) {
      const list = [msg, uiMessage([UI_PARTS[9]])]
      compare('safeParseUIMessages', `#${i}`, list, parseView(ours.safeParseUIMessages(list)), parseView(official.safeParseUIMessages(list)))
    }
  }
  return cases.length
}

// ---------------------------------------------------------------------------------------------
// Stream events

const EVENTS = [
  { type: 'start', messageId: 'm', executionId: 'e', lastMessageId: 'l', sessionId: 's' },
  { type: 'finish', finishReason: 'stop', executionId: 'e' },
  {
    type: 'error',
    errorType: 'quota_exceeded_error',
    message: 'm',
    retryable: false,
    source: 'platform',
    retryAfter: 3,
    code: 'Q',
    provider: { name: 'p', model: 'x', statusCode: 500, errorType: 't', requestId: 'r' },
    tool: { name: 't', callId: 'c' },
  },
  { type: 'text-start', id: 't', responseType: 'R', workerId: 'w' },
  { type: 'text-delta', id: 't', delta: 'd', workerId: 'w' },
  { type: 'text-end', id: 't' },
  { type: 'reasoning-start', id: 'r' },
  { type: 'reasoning-delta', id: 'r', delta: 'd' },
  { type: 'reasoning-end', id: 'r', workerId: 'w' },
  { type: 'tool-input-start', toolCallId: 'c', toolName: 'n', title: 'T', display: 'title', workerId: 'w' },
  { type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: '{' },
  { type: 'tool-input-end', toolCallId: 'c' },
  { type: 'tool-input-available', toolCallId: 'c', toolName: 'n', input: { q: { deep: 1 } } },
  { type: 'tool-output-available', toolCallId: 'c', output: { r: [1, { x: 2 }] } },
  { type: 'tool-output-error', toolCallId: 'c', error: 'e' },
  { type: 'source', sourceType: 'url', id: 's', url: 'u', title: 't', workerId: 'w' },
  { type: 'source', sourceType: 'document', id: 's', mediaType: 'm', title: 't', filename: 'f' },
  {
    type: 'todo-update',
    todos: [
      { id: '1', content: 'a', status: 'pending' },
      { id: '2', content: 'b', status: 'completed' },
    ],
    workerId: 'w',
  },
  {
    type: 'block-start',
    blockId: 'b',
    blockName: 'n',
    blockType: 't',
    display: 'title',
    description: 'd',
    outputToChat: false,
    thread: 'x',
    workerId: 'w',
  },
  { type: 'block-end', blockId: 'b', summary: 's' },
  { type: 'resource-update', name: 'n', value: { v: { deep: 1 } } },
  {
    type: 'tool-request',
    toolCalls: [
      {
        toolCallId: 'c',
        toolName: 'n',
        args: { a: { b: 1 } },
        source: 'llm',
        outputVariable: 'v',
        blockIndex: 1,
        thread: 't',
        workerId: 'w',
        providerMetadata: { g: {} },
      },
    ],
    workerId: 'w',
  },
  {
    type: 'client-tool-request',
    executionId: 'e',
    toolCalls: [{ toolCallId: 'c', toolName: 'n', args: {} }],
    serverToolResults: [
      {
        toolCallId: 'd',
        toolName: 'm',
        result: { x: 1 },
        files: [{ id: 'f', mediaType: 'm', url: 'u', size: 1 }],
        outputVariable: 'v',
        blockIndex: 0,
      },
    ],
  },
  { type: 'file-available', id: 'f', mediaType: 'm', url: 'u', filename: 'x', size: 2, toolCallId: 'c', workerId: 'w' },
  { type: 'worker-start', workerId: 'w', workerSlug: 's', description: 'd', input: { topic: 't' } },
  { type: 'worker-result', workerId: 'w', output: { o: 1 }, error: 'e' },
  { type: 'worker-input-start', workerId: 'w', workerSlug: 's', description: 'd' },
  { type: 'worker-input-delta', workerId: 'w', delta: '{"to' },
  { type: 'worker-input-ready', workerId: 'w', input: { topic: 't' } },
  {
    type: 'usage',
    cost: { currency: 'USD', bandwidthFee: 0.01, providerFee: 0, totalFee: 0.01, byok: true, estimatedProviderFee: 0.2 },
    tokens: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
  },
]
const EVENT_KEYS = ['type', 'id', 'workerId', 'sessionId', 'display', 'input', 'todos', 'cost', 'tokens', 'status', 'junk', 'files', 'errorType']

function streamEvents() {
  const cases = []
  cases.push({ type: 'error', errorType: 'unsupported_error', message: 'm', retryable: false, source: 'platform' })
  for (const e of EVENTS) {
    cases.push(e, { ...e, junk: { x: 1 } })
    // a junk key inside every nested object
    cases.push(JSON.parse(JSON.stringify(e), (k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, zz: 1 } : v)))
  }
  for (let i = 0; i < COUNT; i++) cases.push(mutate(pick(EVENTS), EVENT_KEYS))
  const view = (r) => (r.success ? { success: true, data: r.data } : { success: false })
  for (const [i, e] of cases.entries()) {
    compare('safeParseStreamEvent', `#${i} ${JSON.stringify(e)}`, e, view(ours.safeParseStreamEvent(e)), view(official.safeParseStreamEvent(e)))
  }
  return cases.length
}

// ---------------------------------------------------------------------------------------------
// Chat messages, through agentSessions.get() against the mock platform

const CHAT_PARTS = [
  { type: 'text', visible: true, content: 'hi', providerMetadata: { anthropic: { cache: 1 } } },
  { type: 'reasoning', visible: false, content: 'r', providerMetadata: { anthropic: { signature: 's' } } },
  { type: 'step-start', visible: false },
  { type: 'tool-call', visible: true, toolCall: { id: 'c', name: 'n', arguments: {}, status: 'available', result: 1, display: 'title' } },
  { type: 'operation', visible: true, operation: { id: 'o', name: 'n', operationType: 'set-resource' } },
  { type: 'todo', visible: true, todo: { todos: [{ id: '1', content: 'a', status: 'cancelled' }] } },
  { type: 'file', visible: true, file: { id: 'f', mediaType: 'm', url: 'u', width: 2, height: 3, toolCallId: 'c' } },
  {
    type: 'worker',
    visible: true,
    worker: {
      workerId: 'w',
      workerSlug: 's',
      input: { q: 1 },
      nestedParts: [
        { type: 'text', visible: true, content: 'x' },
        { type: 'todo', visible: true, todo: { todos: [] } },
      ],
      output: 'o',
      cancelled: true,
    },
  },
]
const CHAT_KEYS = ['type', 'visible', 'content', 'worker', 'todo', 'operation', 'providerMetadata', 'nestedParts', 'sender', 'status', 'junk']

function chatMessage(parts, extra) {
  return { id: 'm', role: 'assistant', parts, createdAt: '2024-05-01T12:00:00.000Z', content: 'hi', ...extra }
}

async function chatMessages() {
  const mock = await createMockPlatform()
  const cases = [chatMessage(CHAT_PARTS, { sender: { name: 'n', junk: 1 } }), chatMessage([CHAT_PARTS[0]], { visible: true, reasoning: 'r' })]
  for (const p of CHAT_PARTS) cases.push(chatMessage([{ ...p, junk: 1 }]))
  for (let i = 0; i < Math.min(COUNT, 1000); i++) cases.push(mutate(chatMessage([pick(CHAT_PARTS), pick(CHAT_PARTS)]), CHAT_KEYS))
  const settle = (p) =>
    p.then(
      (v) => ({ ok: true, messages: v.messages }),
      () => ({ ok: false }),
    )
  try {
    for (const [i, msg] of cases.entries()) {
      mock.rest.getSession('s1', { state: { messages: [msg] } })
      const a = await settle(new ours.OctavusClient({ baseUrl: mock.url }).agentSessions.get('s1'))
      const b = await settle(new official.OctavusClient({ baseUrl: mock.url }).agentSessions.get('s1'))
      compare('agentSessions.get', `#${i} ${JSON.stringify(msg)}`, msg, a, b)
    }
  } finally {
    await mock.close()
  }
  return cases.length
}

// ---------------------------------------------------------------------------------------------
// Errors

function errors() {
  let n = 0
  for (let status = 0; status < 700; status++) {
    compare('createApiErrorEvent', String(status), status, ours.createApiErrorEvent(status, 'm'), official.createApiErrorEvent(status, 'm'))
    n++
  }
  const types = [
    'rate_limit_error',
    'quota_exceeded_error',
    'authentication_error',
    'permission_error',
    'tool_error',
    'validation_error',
    'internal_error',
  ]
  for (const errorType of types) {
    for (const source of ['platform', 'provider', 'tool', 'client']) {
      const err = new official.OctavusError({ errorType, source, message: 'm', retryable: true })
      for (const g of [
        'isRateLimitError',
        'isQuotaExceededError',
        'isAuthenticationError',
        'isProviderError',
        'isToolError',
        'isRetryableError',
        'isValidationError',
      ]) {
        compare(g, `${errorType}/${source}`, err, ours[g](err), official[g](err))
        n++
      }
    }
  }
  const wrap = (depth, leaf) => {
    let e = leaf
    for (let i = 0; i < depth; i++) e = new Error(`w${i}`, { cause: e })
    return e
  }
  const samples = [undefined, null, 'ECONNRESET', new Error('x'), { message: 'Socket Hang Up' }, { code: 'UND_ERR_SOCKET' }, { code: 5 }]
  for (const m of [
    'terminated',
    'fetch failed',
    'ECONNRESET',
    'econnrefused',
    'EPIPE',
    'ETIMEDOUT',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_BODY_TIMEOUT',
    'connection closed',
    'other side closed',
    'abort',
  ]) {
    for (let d = 0; d <= 6; d++) samples.push(wrap(d, new Error(m)), wrap(d, Object.assign(new Error('x'), { code: m })))
  }
  for (const [i, s] of samples.entries()) {
    compare(
      'isTransientTransportError',
      `#${i} ${inspect(s, { depth: 1, breakLength: Infinity })}`,
      s,
      ours.isTransientTransportError(s),
      official.isTransientTransportError(s),
    )
    n++
  }
  return n
}

const counts = { ui: uiMessages(), events: streamEvents(), chat: await chatMessages(), errors: errors() }
console.log(`compared ${JSON.stringify(counts)}; accepted by the official: ${JSON.stringify(Object.fromEntries(accepted))}`)
console.log(`${differences} difference(s), ${documented} documented`)
for (const [area, n] of seen) console.log(`  ${area}: ${n}`)
process.exit(differences === 0 ? 0 : 1)
