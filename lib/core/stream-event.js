'use strict'

// safeParseStreamEvent, backed by the native event validator. The validator decides; the
// accepted event is then reduced to the keys its type declares (docs/protocol.md §3.3), in
// that order, at every level — the parsed output of a schema that drops unknown keys. Only this
// helper drops them: events yielded by an execution keep every key.

const INVALID_MESSAGE = 'Invalid stream event'

function invalidEvent(cause) {
  const error = new Error(INVALID_MESSAGE, cause === undefined ? undefined : { cause })
  // Same field the reference's failures carry, so `result.error.issues` is always an array.
  Object.defineProperty(error, 'issues', {
    value: [{ code: 'custom', path: [], message: INVALID_MESSAGE }],
    writable: true,
    configurable: true,
    enumerable: false,
  })
  return { success: false, error }
}

// ---------------------------------------------------------------------------
// Declared keys per event type. A shape maps each key to ASIS (the value is kept as it is) or to
// a function that reduces the value. The validator has already checked every type.

const ASIS = 0
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k)

/** Keeps the declared keys of an object, in declaration order. */
function pick(shape) {
  const keys = Object.keys(shape)
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
    const out = {}
    for (const key of keys) {
      if (!hasOwn(value, key)) continue
      const reduce = shape[key]
      out[key] = reduce === ASIS ? value[key] : reduce(value[key])
    }
    return out
  }
}

const each = (reduce) => (value) => (Array.isArray(value) ? value.map(reduce) : value)

/** A record with string keys: a fresh copy without an own `__proto__` key. */
function record(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const out = {}
  for (const key of Object.keys(value)) if (key !== '__proto__') out[key] = value[key]
  return out
}

const fileReference = pick({ id: ASIS, mediaType: ASIS, url: ASIS, filename: ASIS, size: ASIS })

const pendingToolCall = pick({
  toolCallId: ASIS,
  toolName: ASIS,
  args: record,
  source: ASIS,
  outputVariable: ASIS,
  blockIndex: ASIS,
  thread: ASIS,
  workerId: ASIS,
})

const toolResult = pick({
  toolCallId: ASIS,
  toolName: ASIS,
  result: ASIS,
  error: ASIS,
  files: each(fileReference),
  outputVariable: ASIS,
  blockIndex: ASIS,
  thread: ASIS,
  workerId: ASIS,
})

const withType = (fields) => pick({ type: ASIS, ...fields })
const w = { workerId: ASIS }

const EVENT_SHAPES = new Map(
  Object.entries({
    start: withType({ messageId: ASIS, executionId: ASIS, lastMessageId: ASIS, sessionId: ASIS }),
    finish: withType({ finishReason: ASIS, executionId: ASIS }),
    error: withType({
      errorType: ASIS,
      message: ASIS,
      retryable: ASIS,
      source: ASIS,
      retryAfter: ASIS,
      code: ASIS,
      provider: pick({ name: ASIS, model: ASIS, statusCode: ASIS, errorType: ASIS, requestId: ASIS }),
      tool: pick({ name: ASIS, callId: ASIS }),
    }),
    'text-start': withType({ id: ASIS, responseType: ASIS, ...w }),
    'text-delta': withType({ id: ASIS, delta: ASIS, ...w }),
    'text-end': withType({ id: ASIS, ...w }),
    'reasoning-start': withType({ id: ASIS, ...w }),
    'reasoning-delta': withType({ id: ASIS, delta: ASIS, ...w }),
    'reasoning-end': withType({ id: ASIS, ...w }),
    'tool-input-start': withType({ toolCallId: ASIS, toolName: ASIS, title: ASIS, display: ASIS, ...w }),
    'tool-input-delta': withType({ toolCallId: ASIS, inputTextDelta: ASIS, ...w }),
    'tool-input-end': withType({ toolCallId: ASIS, ...w }),
    'tool-input-available': withType({ toolCallId: ASIS, toolName: ASIS, input: ASIS, ...w }),
    'tool-output-available': withType({ toolCallId: ASIS, output: ASIS, ...w }),
    'tool-output-error': withType({ toolCallId: ASIS, error: ASIS, ...w }),
    'todo-update': withType({ todos: each(pick({ id: ASIS, content: ASIS, status: ASIS })), ...w }),
    'block-start': withType({
      blockId: ASIS,
      blockName: ASIS,
      blockType: ASIS,
      display: ASIS,
      description: ASIS,
      outputToChat: ASIS,
      thread: ASIS,
      ...w,
    }),
    'block-end': withType({ blockId: ASIS, summary: ASIS, ...w }),
    'resource-update': withType({ name: ASIS, value: ASIS }),
    'tool-request': withType({ toolCalls: each(pendingToolCall), ...w }),
    'client-tool-request': withType({ executionId: ASIS, toolCalls: each(pendingToolCall), serverToolResults: each(toolResult) }),
    'file-available': withType({ id: ASIS, mediaType: ASIS, url: ASIS, filename: ASIS, size: ASIS, toolCallId: ASIS, ...w }),
    'worker-start': withType({ workerId: ASIS, workerSlug: ASIS, description: ASIS, input: record }),
    'worker-result': withType({ workerId: ASIS, output: ASIS, error: ASIS }),
    'worker-input-start': withType({ workerId: ASIS, workerSlug: ASIS, description: ASIS }),
    'worker-input-delta': withType({ workerId: ASIS, delta: ASIS }),
    'worker-input-ready': withType({ workerId: ASIS, input: record }),
    usage: withType({
      cost: pick({
        currency: ASIS,
        bandwidthFee: ASIS,
        providerFee: ASIS,
        totalFee: ASIS,
        byok: ASIS,
        estimatedProviderFee: ASIS,
      }),
      tokens: pick({ inputTokens: ASIS, outputTokens: ASIS, totalTokens: ASIS }),
    }),
  }),
)

const SOURCE_SHAPES = {
  url: withType({ sourceType: ASIS, id: ASIS, url: ASIS, title: ASIS, ...w }),
  document: withType({ sourceType: ASIS, id: ASIS, mediaType: ASIS, title: ASIS, filename: ASIS, ...w }),
}

/** The event reduced to its declared keys; an event of a type not listed here is left whole. */
function declaredKeysOnly(event) {
  if (event === null || typeof event !== 'object') return event
  const shape =
    event.type === 'source' ? (hasOwn(SOURCE_SHAPES, event.sourceType) ? SOURCE_SHAPES[event.sourceType] : undefined) : EVENT_SHAPES.get(event.type)
  return shape ? shape(event) : event
}

/**
 * Builds `safeParseStreamEvent(data)` on top of `validateEventJson(jsonText)`,
 * which returns the accepted event's JSON text, or null when the event is
 * invalid. The value is serialised with JSON.stringify first, so values that
 * cannot be serialised (BigInt, cycles, a bare `undefined` or function) are
 * reported as invalid rather than thrown.
 */
function makeSafeParseStreamEvent(validateEventJson) {
  if (typeof validateEventJson !== 'function') {
    throw new TypeError('makeSafeParseStreamEvent: validateEventJson must be a function')
  }
  return function safeParseStreamEvent(data) {
    let text
    try {
      text = JSON.stringify(data)
    } catch (err) {
      return invalidEvent(err)
    }
    if (typeof text !== 'string') return invalidEvent()
    const accepted = validateEventJson(text)
    if (typeof accepted !== 'string') return invalidEvent()
    return { success: true, data: declaredKeysOnly(JSON.parse(accepted)) }
  }
}

module.exports = { makeSafeParseStreamEvent }
