'use strict'

// Differential tests: every helper in lib/ against the official @octavus/core 2.0.0.

const test = require('ava')
const { inspect } = require('node:util')

const ours = require('../lib/core')

let official
test.before(async () => {
  official = await import('@octavus/core')
})

// Structural snapshot that keeps key order, undefined-valued keys, Dates and symbols
// (deepEqual alone ignores key order).
function shape(v, seen = new Set()) {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v)
    case 'bigint':
      return `${v}n`
    case 'symbol':
    case 'function':
      return `<${typeof v} ${String(v.description ?? v.name)}>`
    case 'object':
      break
    default:
      return Object.is(v, -0) ? '-0' : String(v)
  }
  if (v === null) return 'null'
  if (v instanceof Date) return `Date(${v.getTime()})`
  if (seen.has(v)) return '<cycle>'
  seen.add(v)
  let out
  if (Array.isArray(v)) {
    const items = []
    for (let i = 0; i < v.length; i++) items.push(i in v ? shape(v[i], seen) : '<hole>')
    out = `[${items.join(',')}]`
  } else {
    const proto = Object.getPrototypeOf(v)
    const tag = proto === Object.prototype ? '' : proto === null ? 'null-proto' : (proto.constructor?.name ?? '?')
    const keys = [...Object.keys(v), ...Object.getOwnPropertySymbols(v)]
    out = `${tag}{${keys.map((k) => `${String(k)}:${shape(v[k], seen)}`).join(',')}}`
  }
  seen.delete(v)
  return out
}

// Order-sensitive comparison; falls back to deepEqual for a readable diff on mismatch.
function sameResult(t, a, b, label) {
  const sa = shape(a)
  const sb = shape(b)
  if (sa === sb) {
    t.pass(label)
    return
  }
  t.deepEqual(a, b, label)
  t.is(sa, sb, label)
}

// ---------------------------------------------------------------------------
// Error classes

const ERROR_CLASS_CASES = [
  ['AppError', ['boom', 'SOME_CODE']],
  ['AppError', ['boom', 'SOME_CODE', 418]],
  ['AppError', ['boom', 'SOME_CODE', undefined]],
  ['AppError', []],
  ['AppError', [undefined, undefined, 0]],
  ['NotFoundError', ['Agent', 'abc']],
  ['NotFoundError', []],
  ['NotFoundError', ['Session', 42]],
  ['ValidationError', ['bad input']],
  ['ValidationError', ['bad input', [{ path: ['a'], message: 'x' }]]],
  ['ValidationError', ['bad input', null]],
  ['ValidationError', []],
  ['ConflictError', ['Agent', 'slug-1']],
  ['ConflictError', []],
  ['ForbiddenError', []],
  ['ForbiddenError', ['nope']],
  ['ForbiddenError', [undefined]],
  ['ForbiddenError', ['']],
]

function describeError(e, lib) {
  const ownNames = Object.getOwnPropertyNames(e).filter((k) => k !== 'stack')
  const out = {
    name: e.name,
    message: e.message,
    code: e.code,
    statusCode: e.statusCode,
    keys: Object.keys(e),
    ownNames,
    json: JSON.stringify(e),
    string: String(e),
    isError: e instanceof Error,
    hasStack: typeof e.stack === 'string',
    ctorName: e.constructor.name,
  }
  for (const cls of ['AppError', 'NotFoundError', 'ValidationError', 'ConflictError', 'ForbiddenError', 'OctavusError']) {
    out[`instanceof ${cls}`] = e instanceof lib[cls]
  }
  for (const k of ownNames) out[`own:${k}`] = e[k]
  return out
}

test('error classes: fields, messages, prototype chain', (t) => {
  for (const [cls, args] of ERROR_CLASS_CASES) {
    const a = new ours[cls](...args)
    const b = new official[cls](...args)
    t.deepEqual(describeError(a, ours), describeError(b, official), `${cls}(${inspect(args)})`)
  }
  t.is(ours.AppError.length, official.AppError.length)
  t.is(ours.ForbiddenError.length, official.ForbiddenError.length)
  t.true(Object.getPrototypeOf(ours.NotFoundError) === ours.AppError)
  t.true(Object.getPrototypeOf(ours.AppError) === Error)
})

test('error classes: subclassing keeps the chain', (t) => {
  class Mine extends ours.NotFoundError {}
  const e = new Mine('Thing', 1)
  t.true(e instanceof ours.AppError)
  t.is(e.name, 'NotFoundError')
  t.is(e.statusCode, 404)
})

// ---------------------------------------------------------------------------
// OctavusError and guards

const ERROR_TYPES = [
  'authentication_error',
  'permission_error',
  'validation_error',
  'not_found_error',
  'rate_limit_error',
  'quota_exceeded_error',
  'provider_error',
  'provider_overloaded',
  'provider_timeout',
  'unsupported_error',
  'execution_error',
  'tool_error',
  'protocol_error',
  'internal_error',
  'unknown_error',
  undefined,
]
const SOURCES = ['platform', 'provider', 'tool', 'client', undefined]

const OCTAVUS_OPTION_CASES = [
  { errorType: 'rate_limit_error', message: 'slow down', source: 'provider', retryable: true, retryAfter: 30 },
  {
    errorType: 'provider_error',
    message: 'upstream',
    source: 'provider',
    code: 'E1',
    provider: { name: 'anthropic', model: 'm', statusCode: 500, errorType: 'x', requestId: 'r' },
  },
  { errorType: 'tool_error', message: 'tool broke', source: 'tool', tool: { name: 't', callId: 'c' } },
  { errorType: 'internal_error', message: 'x', source: 'platform', cause: new Error('root cause') },
  { errorType: 'internal_error', message: 'x', source: 'platform', cause: 'not an error' },
  { errorType: 'internal_error', message: 'x', source: 'platform', retryable: null },
  { errorType: 'internal_error', message: 'x', source: 'platform', retryable: 0 },
  { errorType: 'validation_error', message: '', source: 'client', extra: 'ignored' },
  {},
  { message: undefined },
]

function describeOctavus(e, lib) {
  return {
    name: e.name,
    message: e.message,
    keys: Object.keys(e),
    ownNames: Object.getOwnPropertyNames(e).filter((k) => k !== 'stack'),
    fields: Object.fromEntries(Object.keys(e).map((k) => [k, e[k]])),
    toJSON: shape(e.toJSON()),
    json: JSON.stringify(e),
    isError: e instanceof Error,
    isOctavus: e instanceof lib.OctavusError,
    isAppError: e instanceof lib.AppError,
    hasCauseProp: 'cause' in e,
    causedBy: e.stack.includes('\nCaused by: '),
  }
}

test('OctavusError: fields, toJSON, stack cause', (t) => {
  const cases = [...OCTAVUS_OPTION_CASES]
  for (const errorType of ERROR_TYPES) {
    for (const source of SOURCES) cases.push({ errorType, source, message: `${errorType}/${source}` })
  }
  for (const opts of cases) {
    const a = new ours.OctavusError(opts)
    const b = new official.OctavusError(opts)
    t.deepEqual(describeOctavus(a, ours), describeOctavus(b, official), inspect(opts))
    if (opts.cause instanceof Error) t.true(a.stack.endsWith(opts.cause.stack))
  }
  t.throws(() => new ours.OctavusError())
  t.throws(() => new official.OctavusError())
})

test('OctavusError.isInstance recognises errors across packages, both ways', (t) => {
  const opts = { errorType: 'tool_error', message: 'm', source: 'tool' }
  const a = new ours.OctavusError(opts)
  const b = new official.OctavusError(opts)
  for (const isInstance of [ours.OctavusError.isInstance, official.OctavusError.isInstance]) {
    t.true(isInstance(a))
    t.true(isInstance(b))
  }
  const others = [
    null,
    undefined,
    0,
    'octavus.error',
    {},
    new Error('x'),
    { __octavusErrorMarker: 'octavus.error' },
    { __octavusErrorMarker: 'other' },
    Object.create({ __octavusErrorMarker: 'octavus.error' }),
    [],
    () => {},
    Object.assign(() => {}, { __octavusErrorMarker: 'octavus.error' }),
  ]
  for (const v of others) {
    t.is(ours.OctavusError.isInstance(v), official.OctavusError.isInstance(v), inspect(v))
  }
})

test('error guards agree with the official on every type x source, both packages', (t) => {
  const guards = ['isRateLimitError', 'isAuthenticationError', 'isProviderError', 'isToolError', 'isRetryableError', 'isValidationError']
  const subjects = [
    null,
    undefined,
    'rate_limit_error',
    new Error('plain'),
    { errorType: 'rate_limit_error', source: 'provider', retryable: true },
    { __octavusErrorMarker: 'octavus.error', errorType: 'rate_limit_error', source: 'tool', retryable: 'yes' },
    { __octavusErrorMarker: 'octavus.error' },
  ]
  for (const errorType of ERROR_TYPES) {
    for (const source of SOURCES) {
      for (const retryable of [undefined, true, false]) {
        const opts = { errorType, source, retryable, message: 'm' }
        subjects.push(new ours.OctavusError(opts), new official.OctavusError(opts))
      }
    }
  }
  for (const name of guards) {
    for (const s of subjects) {
      // 6.x: a quota error is no longer a rate-limit error (asserted in the next test).
      if (name === 'isRateLimitError' && s && s.errorType === 'quota_exceeded_error') continue
      t.is(ours[name](s), official[name](s), `${name}(${inspect(s, { depth: 0 })})`)
    }
  }
})

test('6.x guards: isRateLimitError matches rate_limit_error only; isQuotaExceededError matches quota_exceeded_error', (t) => {
  for (const lib of [ours, official]) {
    for (const errorType of ERROR_TYPES) {
      for (const source of SOURCES) {
        const err = new lib.OctavusError({ errorType, source, message: 'm' })
        const label = `${errorType}/${source}`
        t.is(ours.isRateLimitError(err), errorType === 'rate_limit_error', `isRateLimitError ${label}`)
        t.is(ours.isQuotaExceededError(err), errorType === 'quota_exceeded_error', `isQuotaExceededError ${label}`)
      }
    }
  }
  for (const v of [null, undefined, 'quota_exceeded_error', new Error('quota'), { errorType: 'quota_exceeded_error' }]) {
    t.false(ours.isQuotaExceededError(v), inspect(v))
  }
  t.true(ours.isQuotaExceededError({ __octavusErrorMarker: 'octavus.error', errorType: 'quota_exceeded_error' }))
  t.is(ours.isQuotaExceededError.name, 'isQuotaExceededError')
})

test('isTransientTransportError: the message or code of the error or a cause (5 levels), case-insensitive', (t) => {
  const markers = [
    'terminated',
    'fetch failed',
    'socket hang up',
    'other side closed',
    'connection closed',
    'econnreset',
    'econnrefused',
    'epipe',
    'etimedout',
    'enotfound',
    'eai_again',
    'und_err_socket',
    'und_err_connect_timeout',
    'und_err_headers_timeout',
    'und_err_body_timeout',
  ]
  const is = ours.isTransientTransportError
  for (const m of markers) {
    t.true(is(new Error(`request: ${m} (x)`)), `message ${m}`)
    t.true(is(new Error(m.toUpperCase())), `upper-case message ${m}`)
    t.true(is(Object.assign(new Error('boom'), { code: m.toUpperCase() })), `code ${m}`)
    t.true(is({ message: m }), `plain object ${m}`)
  }
  // what undici and node really throw
  t.true(is(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) })))
  t.true(is(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })))
  t.true(is(Object.assign(new Error('read'), { code: 'ECONNRESET' })))
  t.true(is(new Error('socket hang up')))

  // the cause chain: the error and four causes below it
  const chain = (depth, leaf) => {
    let err = leaf
    for (let i = 0; i < depth; i++) err = new Error(`wrapper ${i}`, { cause: err })
    return err
  }
  for (let depth = 0; depth <= 4; depth++) t.true(is(chain(depth, new Error('ECONNRESET'))), `cause at depth ${depth}`)
  t.false(is(chain(5, new Error('ECONNRESET'))), 'cause at depth 5 is not looked at')
  t.true(is(chain(2, { code: 'EPIPE' })), 'a plain-object cause')
  const cyclic = new Error('loop')
  cyclic.cause = cyclic
  t.false(is(cyclic))

  for (const v of [
    undefined,
    null,
    'ECONNRESET',
    42,
    new Error('boom'),
    new Error('Request aborted'),
    Object.assign(new Error('x'), { code: 'ERR_INVALID_URL' }),
    Object.assign(new Error('x'), { code: 104 }),
    { message: ['econnreset'] },
    new Error('wrapper', { cause: 'ECONNRESET' }),
    new ours.OctavusError({ errorType: 'rate_limit_error', message: 'slow', source: 'provider' }),
  ]) {
    t.false(is(v), inspect(v))
  }
  t.is(is.name, 'isTransientTransportError')
})

// ---------------------------------------------------------------------------
// Error events

test('createErrorEvent / errorToStreamEvent / createInternalErrorEvent', (t) => {
  const optionCases = [...OCTAVUS_OPTION_CASES, { errorType: 'x', retryable: false, unknownKey: 1 }]
  for (const opts of optionCases) {
    sameResult(t, ours.createErrorEvent(opts), official.createErrorEvent(opts), inspect(opts))
    for (const lib of [ours, official]) {
      const err = new lib.OctavusError(opts)
      sameResult(t, ours.errorToStreamEvent(err), official.errorToStreamEvent(err), `toStreamEvent ${inspect(opts)}`)
    }
    // plain objects are accepted too
    sameResult(t, ours.errorToStreamEvent(opts), official.errorToStreamEvent(opts))
  }
  for (const msg of ['oops', '', undefined, 42, null]) {
    sameResult(t, ours.createInternalErrorEvent(msg), official.createInternalErrorEvent(msg), inspect(msg))
  }
  t.throws(() => ours.createErrorEvent())
  t.throws(() => ours.errorToStreamEvent(null))
})

test('createApiErrorEvent: every HTTP status and odd inputs', (t) => {
  const statuses = []
  for (let s = 0; s <= 1000; s++) statuses.push(s)
  statuses.push(-1, 499.5, 500.5, 1e9, NaN, Infinity, -Infinity, '500', '429', '404', null, undefined, true, 429n, 500n)
  for (const status of statuses) {
    if (status === 402) continue // 6.x, next test
    for (const msg of ['failed', undefined]) {
      sameResult(t, ours.createApiErrorEvent(status, msg), official.createApiErrorEvent(status, msg), inspect(status))
    }
  }
})

test('createApiErrorEvent: 6.x maps HTTP 402 to a terminal quota_exceeded_error', (t) => {
  sameResult(t, ours.createApiErrorEvent(402, 'Quota exceeded'), {
    type: 'error',
    errorType: 'quota_exceeded_error',
    message: 'Quota exceeded',
    source: 'platform',
    retryable: false,
    retryAfter: undefined,
    code: undefined,
    provider: undefined,
    tool: undefined,
  })
  t.is(ours.createApiErrorEvent('402', 'x').errorType, 'unknown_error', 'the status is compared strictly')
  t.is(ours.createApiErrorEvent(429, 'x').errorType, 'rate_limit_error')
})

// ---------------------------------------------------------------------------
// Utilities

test('generateId: format, timestamp and uniqueness', (t) => {
  const before = Date.now()
  const ids = new Set()
  for (let i = 0; i < 20000; i++) {
    const id = ours.generateId()
    t.regex(id, /^\d{13}-[0-9a-z]{7}$/)
    ids.add(id)
  }
  const after = Date.now()
  t.is(ids.size, 20000)
  const ts = Number(ours.generateId().split('-')[0])
  t.true(ts >= before && ts <= after + 1000)
  // The official has the same shape (its suffix may rarely be shorter).
  t.regex(official.generateId(), /^\d{13}-[0-9a-z]{1,7}$/)
})

test('isAbortError', (t) => {
  const named = (name, base = Error) => {
    const e = new base('x')
    e.name = name
    return e
  }
  class CustomAbort extends Error {
    constructor() {
      super('custom')
      this.name = 'AbortError'
    }
  }
  const controller = new AbortController()
  controller.abort()
  const cases = [
    named('AbortError'),
    named('ResponseAborted'),
    named('TimeoutError'),
    named('Error'),
    named('abortError'),
    named('AbortError', TypeError),
    new DOMException('aborted', 'AbortError'),
    new DOMException('timeout', 'TimeoutError'),
    new DOMException('other', 'NotFoundError'),
    controller.signal.reason,
    new CustomAbort(),
    { name: 'AbortError' },
    Object.create(Error.prototype, { name: { value: 'AbortError' } }),
    'AbortError',
    null,
    undefined,
    0,
  ]
  for (const c of cases) t.is(ours.isAbortError(c), official.isAbortError(c), inspect(c, { depth: 0 }))
})

test('thread helpers', (t) => {
  t.is(ours.MAIN_THREAD, official.MAIN_THREAD)
  const threads = [undefined, null, 'main', 'Main', 'worker', '', 0, false, 'undefined']
  for (const th of threads) {
    t.is(ours.resolveThread(th), official.resolveThread(th), `resolve ${inspect(th)}`)
    t.is(ours.isMainThread(th), official.isMainThread(th), `isMain ${inspect(th)}`)
    t.is(ours.threadForPart(th), official.threadForPart(th), `forPart ${inspect(th)}`)
    t.is(ours.isOtherThread({ thread: th }), official.isOtherThread({ thread: th }), `other ${inspect(th)}`)
  }
  t.is(ours.isOtherThread({}), official.isOtherThread({}))
  t.throws(() => ours.isOtherThread(undefined))
  t.throws(() => official.isOtherThread(undefined))
})

test('skill tools (2.0.0 behaviour on its names; 6.4 added two more)', (t) => {
  for (const [key, value] of Object.entries(official.OCTAVUS_SKILL_TOOLS)) t.is(ours.OCTAVUS_SKILL_TOOLS[key], value, key)
  t.true(ours.isOctavusSkillTool('octavus_skill_setup') && ours.isOctavusSkillTool('octavus_file_upload'))
  t.is(ours.getSkillSlugFromToolCall('octavus_skill_setup', { skill: 'pdf' }), 'pdf')
  const names = [...Object.values(official.OCTAVUS_SKILL_TOOLS), 'octavus_skill', 'OCTAVUS_SKILL_READ', '', undefined, null, 1]
  const argsCases = [
    undefined,
    null,
    {},
    { skill: 'pdf' },
    { skill: '' },
    { skill: 42 },
    { skill: null },
    { skill: ['a'] },
    Object.create({ skill: 'inherited' }),
    '',
    0,
  ]
  for (const name of names) {
    t.is(ours.isOctavusSkillTool(name), official.isOctavusSkillTool(name), inspect(name))
    for (const args of argsCases) {
      t.is(ours.getSkillSlugFromToolCall(name, args), official.getSkillSlugFromToolCall(name, args), `${inspect(name)} ${inspect(args)}`)
    }
  }
})

test('MCP tools and provider guards (6.4)', (t) => {
  t.deepEqual(ours.OCTAVUS_MCP_TOOLS, { MCP_LIST: 'octavus_mcp_list', MCP_ACTIVATE: 'octavus_mcp_activate' })
  t.true(ours.isOctavusMcpTool('octavus_mcp_list'))
  t.true(ours.isOctavusMcpTool('octavus_mcp_activate'))
  t.false(ours.isOctavusMcpTool('octavus_skill_read'))
  t.true(ours.isDeviceProvider({ getHealth() {}, ensureReady() {}, toolHandlers() {}, toolSchemas() {} }))
  t.false(ours.isDeviceProvider({ getHealth() {} }))
  t.true(ours.isDynamicMcpProvider({ addEntry() {}, removeEntry() {}, restartEntry() {}, hasEntry() {} }))
  t.false(ours.isDynamicMcpProvider({ addEntry() {}, removeEntry() {}, restartEntry() {} }))
})

// ---------------------------------------------------------------------------
// Weird values used across the schema tests

class Klass {
  constructor() {
    this.id = 'k'
  }
}
const WEIRD = [
  undefined,
  null,
  0,
  1,
  -1.5,
  NaN,
  Infinity,
  -Infinity,
  '',
  'x',
  'done',
  true,
  false,
  [],
  ['x'],
  {},
  { a: 1 },
  new Date(0),
  new Date(NaN),
  12n,
  Symbol('sym'),
  () => {},
  new Map(),
  new Klass(),
  Object.create(null),
  new String('boxed'),
  new Number(3),
]

// ---------------------------------------------------------------------------
// UI messages

function normalizeParse(r) {
  if (r.success) return { success: true, data: r.data }
  const e = r.error
  return {
    success: false,
    issues: e.issues,
    message: e.message,
    name: e.name,
    isError: e instanceof Error,
    string: String(e),
    keys: Object.keys(e),
    flatten: e.flatten(),
    format: e.format(),
    isEmpty: e.isEmpty,
  }
}

// Messages v4 (6.x) against the official 2.0.0: the part union keeps 2.0.0's seven options in
// the same order and appends worker, todo and step-start; tool-call and operation statuses gain
// 'cancelled'. For inputs that use none of this (all of the corpus below), a failure of ours,
// seen the way 2.0.0 reports it, must be exactly 2.0.0's failure: the extra options' issue lists
// dropped, 'cancelled' taken out of the status lists. The v4 additions themselves are asserted
// directly further down.
const V2_PART_OPTIONS = 7
const V4_PART_OPTIONS = 10

function withoutCancelled(issue) {
  if (issue.code !== 'invalid_value' || !issue.values.includes('cancelled')) return issue
  return { ...issue, values: issue.values.filter((v) => v !== 'cancelled'), message: issue.message.replace('|"cancelled"', '') }
}

function asReportedBy2_0(issue) {
  if (issue.code !== 'invalid_union' || !Array.isArray(issue.errors) || issue.errors.length !== V4_PART_OPTIONS) return issue
  return { ...issue, errors: issue.errors.slice(0, V2_PART_OPTIONS).map((branch) => branch.map(withoutCancelled)) }
}

function oursAsIn2_0(r) {
  if (r.success) return r
  const issues = r.error.issues.map(asReportedBy2_0)
  const SchemaError = r.error.constructor
  return { success: false, error: new SchemaError(issues) }
}

function compareParse(t, fn, input, label) {
  const a = normalizeParse(oursAsIn2_0(ours[fn](input)))
  const b = normalizeParse(official[fn](input))
  sameResult(t, a, b, label)
  return b.success
}

const PART_SAMPLES = [
  { type: 'text', text: 'hello', status: 'done' },
  { type: 'text', text: '', status: 'streaming', thread: 'side' },
  { type: 'reasoning', text: 'hmm', status: 'done', thread: 'main' },
  {
    type: 'tool-call',
    toolCallId: 'tc1',
    toolName: 'search',
    displayName: 'Search',
    args: { q: 'x', nested: { deep: [1, 2] } },
    result: { hits: 3 },
    error: 'nope',
    status: 'error',
    thread: 't',
  },
  { type: 'tool-call', toolCallId: 'tc2', toolName: 'n', args: {}, status: 'pending' },
  { type: 'tool-call', toolCallId: 'tc3', toolName: 'n', args: { a: undefined }, result: undefined, status: 'running' },
  { type: 'operation', operationId: 'op', name: 'Op', operationType: 'set-resource', status: 'running' },
  { type: 'source', sourceType: 'url', id: 's1', url: 'https://x', title: 'X' },
  { type: 'source', sourceType: 'document', id: 's2', mediaType: 'application/pdf', title: 'Doc', filename: 'a.pdf' },
  { type: 'file', id: 'f1', mediaType: 'image/png', url: 'https://f', filename: 'a.png', size: 12, toolCallId: 'tc' },
  { type: 'file', id: 'f2', mediaType: 'image/png', url: 'https://f', size: 0 },
  { type: 'object', id: 'o1', typeName: 'Thing', partial: { a: 1 }, object: { a: 1, b: 2 }, status: 'done' },
  { type: 'object', id: 'o2', typeName: 'Thing', status: 'error', error: 'bad' },
  { type: 'object', id: 'o3', typeName: 'Thing', status: 'streaming', partial: null, object: undefined },
]

const BASE_MESSAGE = {
  id: 'm1',
  role: 'assistant',
  parts: [{ type: 'text', text: 'hi', status: 'done' }],
  status: 'done',
  createdAt: '2024-05-01T12:00:00.000Z',
}

function messageWith(parts, extra = {}) {
  return { ...BASE_MESSAGE, parts, ...extra }
}

test('safeParseUIMessage: valid messages with every part type', (t) => {
  for (const part of PART_SAMPLES) {
    t.true(compareParse(t, 'safeParseUIMessage', messageWith([part]), inspect(part)))
    // unknown keys are stripped, on the part and the message
    t.true(compareParse(t, 'safeParseUIMessage', messageWith([{ ...part, junk: 1 }], { junk: 2 })))
  }
  t.true(compareParse(t, 'safeParseUIMessage', messageWith(PART_SAMPLES)))
  t.true(compareParse(t, 'safeParseUIMessage', messageWith([])))
  t.true(compareParse(t, 'safeParseUIMessage', { ...BASE_MESSAGE, role: 'user', status: 'streaming' }))
})

test('safeParseUIMessage: top-level non-messages', (t) => {
  for (const v of WEIRD) compareParse(t, 'safeParseUIMessage', v, inspect(v))
  compareParse(t, 'safeParseUIMessage')
})

test('safeParseUIMessage: each message key missing or replaced', (t) => {
  for (const key of Object.keys(BASE_MESSAGE)) {
    const { [key]: _omit, ...rest } = BASE_MESSAGE
    compareParse(t, 'safeParseUIMessage', rest, `without ${key}`)
    for (const v of WEIRD) {
      compareParse(t, 'safeParseUIMessage', { ...BASE_MESSAGE, [key]: v }, `${key}=${inspect(v)}`)
    }
  }
  compareParse(t, 'safeParseUIMessage', { ...BASE_MESSAGE, role: 'system' })
})

test('safeParseUIMessage: createdAt coercion', (t) => {
  const values = [
    '2024-05-01T12:00:00.000Z',
    '2024-05-01',
    'May 1, 2024',
    'garbage',
    '',
    ' ',
    '0',
    0,
    1714564800000,
    -1,
    8.64e15,
    8.64e15 + 1,
    1.5,
    NaN,
    Infinity,
    null,
    undefined,
    true,
    false,
    [],
    [2024],
    ['2024-01-01'],
    {},
    new Date('2024-01-01T00:00:00Z'),
    new Date(NaN),
    { valueOf: () => 86400000 },
    { toString: () => '2020-02-02T00:00:00Z' },
    { [Symbol.toPrimitive]: () => 5 },
    new String('2024-01-01'),
    12n,
    Symbol('d'),
    () => 0,
  ]
  for (const v of values) {
    compareParse(t, 'safeParseUIMessage', { ...BASE_MESSAGE, createdAt: v }, inspect(v))
  }
  const r = ours.safeParseUIMessage({ ...BASE_MESSAGE, createdAt: 0 })
  t.true(r.data.createdAt instanceof Date)
  // Dates are copied, not shared
  const d = new Date(5)
  t.not(ours.safeParseUIMessage({ ...BASE_MESSAGE, createdAt: d }).data.createdAt, d)
})

test('safeParseUIMessage: each part field missing or replaced', (t) => {
  for (const part of PART_SAMPLES) {
    const keys = new Set([...Object.keys(part), 'thread', 'type', 'status'])
    for (const key of keys) {
      const { [key]: _omit, ...rest } = part
      compareParse(t, 'safeParseUIMessage', messageWith([rest]), `${part.type} without ${key}`)
      for (const v of WEIRD) {
        compareParse(t, 'safeParseUIMessage', messageWith([{ ...part, [key]: v }]), `${part.type}.${key}=${inspect(v)}`)
      }
    }
    // every other part type's discriminator value on this part's body
    for (const type of ['text', 'reasoning', 'tool-call', 'operation', 'source', 'file', 'object', 'other']) {
      compareParse(t, 'safeParseUIMessage', messageWith([{ ...part, type }]), `${part.type} as ${type}`)
    }
  }
})

test('safeParseUIMessage: source parts and the sourceType discriminator', (t) => {
  const variants = [
    { type: 'source', sourceType: 'url', id: 's', url: 'u' },
    { type: 'source', sourceType: 'url', id: 's', url: 'u', mediaType: 'x', filename: 'f' },
    { type: 'source', sourceType: 'document', id: 's', mediaType: 'm' },
    { type: 'source', sourceType: 'document', id: 's', mediaType: 'm', title: 't', url: 'u' },
    { type: 'source', id: 's', url: 'u' },
    { type: 'source', sourceType: 'URL', id: 's', url: 'u' },
    { type: 'source', sourceType: undefined, id: 's', url: 'u' },
    { type: 'text', sourceType: 'url', id: 's', url: 'u' },
    { type: 'text', text: 'x', status: 'done', sourceType: 'url' },
    { sourceType: 'url', id: 's', url: 'u' },
    Object.assign(Object.create({ sourceType: 'url' }), { type: 'source', id: 's', url: 'u' }),
  ]
  for (const v of variants) compareParse(t, 'safeParseUIMessage', messageWith([v]), inspect(v))
})

test('safeParseUIMessage: tool-call args record edge cases', (t) => {
  const sym = Symbol('k')
  const nonEnumerable = { a: 1 }
  Object.defineProperty(nonEnumerable, 'hidden', { value: 2, enumerable: false })
  const nullProto = Object.create(null)
  nullProto.x = 1
  const argsCases = [
    {},
    { a: 1, b: 'two', c: null, d: undefined, e: [1], f: { g: {} } },
    { 1: 'one', 0: 'zero', b: 2 },
    JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}'),
    { [sym]: 1, a: 2 },
    nonEnumerable,
    nullProto,
    { constructor: 'not a function' },
    { constructor: { prototype: {} } },
    { constructor: function Foo() {} },
    { constructor: Object },
    Object.create({ inherited: 1 }),
    new Klass(),
    new Map([['a', 1]]),
    new Date(0),
    [],
    ['a'],
    null,
    undefined,
    'str',
    1,
  ]
  for (const args of argsCases) {
    const part = { type: 'tool-call', toolCallId: 't', toolName: 'n', args, status: 'done' }
    compareParse(t, 'safeParseUIMessage', messageWith([part]), inspect(args))
  }
})

test('safeParseUIMessage: inherited and present-but-undefined keys', (t) => {
  const proto = { id: 'p', role: 'user', status: 'done', createdAt: 0, parts: [] }
  compareParse(t, 'safeParseUIMessage', Object.create(proto))
  compareParse(t, 'safeParseUIMessage', Object.assign(Object.create(proto), { id: 'own' }))
  const inheritedPart = Object.create({ thread: 'inherited', text: 'from proto' })
  Object.assign(inheritedPart, { type: 'text', status: 'done' })
  compareParse(t, 'safeParseUIMessage', messageWith([inheritedPart]))
  compareParse(t, 'safeParseUIMessage', messageWith([{ type: 'text', text: 't', status: 'done', thread: undefined }]))
  compareParse(t, 'safeParseUIMessage', messageWith([{ type: 'file', id: 'f', mediaType: 'm', url: 'u', filename: undefined, size: undefined }]))
  // getters are read
  const getterMsg = { ...BASE_MESSAGE }
  Object.defineProperty(getterMsg, 'id', { get: () => 'from-getter', enumerable: true })
  compareParse(t, 'safeParseUIMessage', getterMsg)
  // class instances count as objects for the message itself
  class Msg {
    constructor() {
      Object.assign(this, BASE_MESSAGE)
    }
  }
  compareParse(t, 'safeParseUIMessage', new Msg())
})

test('safeParseUIMessage: parts arrays', (t) => {
  const sparse = [PART_SAMPLES[0], , PART_SAMPLES[1]] // eslint-disable-line no-sparse-arrays
  const cases = [
    sparse,
    [null],
    [undefined],
    [[]],
    ['text'],
    [PART_SAMPLES[0], 5, { type: 'bogus' }],
    { 0: PART_SAMPLES[0], length: 1 },
    new Set([PART_SAMPLES[0]]),
  ]
  for (const parts of cases) compareParse(t, 'safeParseUIMessage', messageWith(parts), inspect(parts))
  // shared references are fine
  const shared = PART_SAMPLES[3]
  compareParse(t, 'safeParseUIMessage', messageWith([shared, shared]))
  // cycles inside free-form values are not traversed
  const cyclic = { a: 1 }
  cyclic.self = cyclic
  compareParse(t, 'safeParseUIMessage', messageWith([{ ...PART_SAMPLES[4], args: cyclic, result: cyclic }]))
})

test('safeParseUIMessage: data is a fresh copy', (t) => {
  const input = messageWith([{ ...PART_SAMPLES[3] }])
  const r = ours.safeParseUIMessage(input)
  t.true(r.success)
  t.not(r.data, input)
  t.not(r.data.parts, input.parts)
  t.not(r.data.parts[0], input.parts[0])
  t.not(r.data.parts[0].args, input.parts[0].args)
  t.is(r.data.parts[0].args.nested, input.parts[0].args.nested) // free-form values are shared, like the reference
  t.is(r.data.parts[0].result, input.parts[0].result)
})

test('safeParseUIMessages', (t) => {
  const good = messageWith(PART_SAMPLES)
  const bad = { ...BASE_MESSAGE, id: 5, parts: [{ type: 'text' }] }
  const cases = [
    [],
    [good],
    [good, { ...good, id: 'm2', createdAt: 1 }],
    [good, bad, good, bad],
    [null],
    [undefined],
    [, good], // eslint-disable-line no-sparse-arrays
    ...WEIRD,
    { 0: good, length: 1 },
  ]
  for (const c of cases) compareParse(t, 'safeParseUIMessages', c, inspect(c, { depth: 1 }))
  compareParse(t, 'safeParseUIMessages')
})

test('safeParseUIMessage(s): JSON round trips of realistic messages', (t) => {
  const json = JSON.stringify([
    messageWith(PART_SAMPLES),
    { id: 'u', role: 'user', parts: [{ type: 'text', text: 'q', status: 'done' }], status: 'done', createdAt: '2024-01-01T00:00:00Z' },
  ])
  compareParse(t, 'safeParseUIMessages', JSON.parse(json))
  for (const m of JSON.parse(json)) compareParse(t, 'safeParseUIMessage', m)
})

test('ZodError-like failure object', (t) => {
  const a = ours.safeParseUIMessage({})
  const b = official.safeParseUIMessage({})
  t.false(a.success)
  t.is('data' in a, 'data' in b)
  t.is(a.error.name, b.error.name)
  t.true(a.error instanceof Error)
  t.deepEqual(Object.keys(a.error).sort(), Object.keys(b.error).sort())
  t.false(Object.keys(a.error).includes('issues'))
  t.deepEqual(
    a.error.flatten((i) => i.code),
    b.error.flatten((i) => i.code),
  )
  t.deepEqual(
    a.error.format((i) => i.path.length),
    b.error.format((i) => i.path.length),
  )
  const extra = { code: 'custom', path: ['x'], message: 'added' }
  a.error.addIssue({ ...extra })
  b.error.addIssue({ ...extra })
  t.is(a.error.message, b.error.message)
  t.deepEqual(a.error.issues, b.error.issues)
})

test('safeParseUIMessage(s): seeded random mutations', (t) => {
  t.timeout(120000)
  // small deterministic PRNG (mulberry32)
  let seed = 0x5eed
  const rand = () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const pick = (arr) => arr[Math.floor(rand() * arr.length)]
  const EXTRA_KEYS = ['thread', 'type', 'status', 'id', 'args', 'sourceType', 'text', 'size', 'junk', 'createdAt', 'parts']
  const clone = (v) => (Array.isArray(v) ? v.map(clone) : v && typeof v === 'object' && !(v instanceof Date) ? { ...v } : v)
  function mutate(obj, depth) {
    const out = clone(obj)
    const n = 1 + Math.floor(rand() * 3)
    for (let i = 0; i < n; i++) {
      const keys = Object.keys(out)
      const roll = rand()
      if (roll < 0.3 && keys.length) delete out[pick(keys)]
      else if (roll < 0.7) out[pick(rand() < 0.5 && keys.length ? keys : EXTRA_KEYS)] = pick(WEIRD)
      else if (roll < 0.85 && depth === 0 && Array.isArray(out.parts)) {
        const idx = Math.floor(rand() * (out.parts.length + 1))
        out.parts[idx] = rand() < 0.2 ? pick(WEIRD) : mutate(pick(PART_SAMPLES), 1)
      } else out[pick(EXTRA_KEYS)] = clone(pick(PART_SAMPLES))
    }
    return out
  }
  let accepted = 0
  for (let i = 0; i < 3000; i++) {
    const parts = Array.from({ length: Math.floor(rand() * 4) }, () => (rand() < 0.5 ? pick(PART_SAMPLES) : mutate(pick(PART_SAMPLES), 1)))
    const msg = rand() < 0.3 ? messageWith(parts) : mutate(messageWith(parts), 0)
    if (compareParse(t, 'safeParseUIMessage', msg, `random #${i}`)) accepted++
    if (i % 10 === 0) compareParse(t, 'safeParseUIMessages', [msg, messageWith(parts)], `list #${i}`)
  }
  t.true(accepted > 100, `accepted ${accepted}`)
})

// ---------------------------------------------------------------------------
// File references

test('isFileReference / isFileReferenceArray', (t) => {
  const good = { id: 'f', mediaType: 'image/png', url: 'https://x' }
  const refs = [
    good,
    { ...good, filename: 'a.png', size: 10 },
    { ...good, filename: undefined, size: undefined },
    { ...good, extra: true },
    Object.assign(Object.create({ url: 'inherited' }), { id: 'f', mediaType: 'm' }),
  ]
  for (const key of ['id', 'mediaType', 'url', 'filename', 'size']) {
    const { [key]: _omit, ...rest } = { ...good, filename: 'n', size: 1 }
    refs.push(rest)
    for (const v of WEIRD) refs.push({ ...good, [key]: v })
  }
  refs.push(...WEIRD)
  for (const r of refs) {
    t.is(ours.isFileReference(r), official.isFileReference(r), inspect(r))
    t.is(ours.isFileReferenceArray([r]), official.isFileReferenceArray([r]), `[${inspect(r)}]`)
    t.is(ours.isFileReferenceArray([good, r]), official.isFileReferenceArray([good, r]))
    t.is(ours.isFileReferenceArray(r), official.isFileReferenceArray(r))
  }
  t.is(ours.isFileReferenceArray([]), official.isFileReferenceArray([]))
  t.is(ours.isFileReference(), official.isFileReference())
  t.is(ours.isFileReferenceArray(), official.isFileReferenceArray())
})

// ---------------------------------------------------------------------------
// safeParseStreamEvent factory (native validator faked)

test('makeSafeParseStreamEvent with a fake validator', (t) => {
  const seen = []
  const fake = (text) => {
    seen.push(text)
    const v = JSON.parse(text)
    if (v && typeof v === 'object' && v.type === 'text-delta' && typeof v.delta === 'string') {
      return JSON.stringify({ type: v.type, id: v.id, delta: v.delta })
    }
    return null
  }
  const safeParseStreamEvent = ours.makeSafeParseStreamEvent(fake)

  const ok = safeParseStreamEvent({ type: 'text-delta', id: '1', delta: 'hi', extra: true })
  t.deepEqual(ok, { success: true, data: { type: 'text-delta', id: '1', delta: 'hi' } })
  t.is(seen[0], '{"type":"text-delta","id":"1","delta":"hi","extra":true}')

  const bad = safeParseStreamEvent({ type: 'text-delta', id: '1' })
  t.false(bad.success)
  t.true(bad.error instanceof Error)
  t.is(bad.error.message, 'Invalid stream event')
  t.true(Array.isArray(bad.error.issues))
  t.false('data' in bad)

  const before = seen.length
  const cyclic = { type: 'text-delta' }
  cyclic.self = cyclic
  for (const v of [cyclic, { type: 'text-delta', id: 1n }, undefined, () => {}, Symbol('s')]) {
    const r = safeParseStreamEvent(v)
    t.false(r.success)
    t.is(r.error.message, 'Invalid stream event')
  }
  t.is(seen.length, before, 'unserialisable values never reach the validator')

  // JSON.stringify semantics: Dates become strings, toJSON is honoured
  safeParseStreamEvent({ type: 'text-delta', id: '1', delta: 'x', at: new Date(0) })
  t.is(seen.at(-1), '{"type":"text-delta","id":"1","delta":"x","at":"1970-01-01T00:00:00.000Z"}')
  t.true(safeParseStreamEvent({ toJSON: () => ({ type: 'text-delta', id: 'j', delta: 'd' }) }).success)

  // the validator's verdict is final
  t.deepEqual(ours.makeSafeParseStreamEvent(() => '{"type":"finish","finishReason":"stop"}')(null), {
    success: true,
    data: { type: 'finish', finishReason: 'stop' },
  })
  t.false(ours.makeSafeParseStreamEvent(() => null)({ type: 'start' }).success)
  t.throws(() => ours.makeSafeParseStreamEvent(), { instanceOf: TypeError })
})

// ---------------------------------------------------------------------------
// Export surface

test('every helper value the official re-exports is exported with the same kind', (t) => {
  const names = [
    'AppError',
    'NotFoundError',
    'ValidationError',
    'ConflictError',
    'ForbiddenError',
    'OctavusError',
    'isRateLimitError',
    'isAuthenticationError',
    'isProviderError',
    'isToolError',
    'isRetryableError',
    'isValidationError',
    'createErrorEvent',
    'errorToStreamEvent',
    'createInternalErrorEvent',
    'createApiErrorEvent',
    'generateId',
    'isAbortError',
    'MAIN_THREAD',
    'resolveThread',
    'isMainThread',
    'threadForPart',
    'isOtherThread',
    'isFileReference',
    'isFileReferenceArray',
    'safeParseUIMessage',
    'safeParseUIMessages',
    'OCTAVUS_SKILL_TOOLS',
    'isOctavusSkillTool',
    'getSkillSlugFromToolCall',
  ]
  for (const n of names) {
    t.true(n in ours, n)
    t.is(typeof ours[n], typeof official[n], n)
    if (typeof official[n] === 'function') t.is(ours[n].name, official[n].name, `${n}.name`)
  }
  t.is(typeof ours.makeSafeParseStreamEvent, 'function')
})
