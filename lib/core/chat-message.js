'use strict'

// ChatMessage validation for `agentSessions.get()`: the same accept/reject decisions and
// parsed output (unknown keys dropped) as the reference's chat message schema, in the v4 format
// (docs/protocol.md §2.3). The message fields v4 dropped are still read from an older server.

const s = require('./schema')
const { fileFields, urlSourceFields, documentSourceFields, displayMode, todoItem, sender } = require('./fields')

const str = s.string
const optStr = () => s.optional(s.string())

const toolCallInfo = s.object({
  id: str(),
  name: str(),
  description: optStr(),
  arguments: s.stringRecord(),
  status: s.oneOf('pending', 'streaming', 'available', 'error'),
  result: s.optional(s.unknown()),
  error: optStr(),
  display: s.optional(displayMode()),
})

const operationInfo = s.object({ id: str(), name: str(), operationType: str() })

const sourceInfo = s.discriminated('sourceType', [s.object(urlSourceFields()), s.object(documentSourceFields())])

const fileInfo = s.object({ ...fileFields(), toolCallId: optStr() })

const objectInfo = s.object({ id: str(), typeName: str(), value: s.unknown() })

const todoInfo = s.object({ todos: s.array(todoItem()) })

/** Per-provider metadata: `{ <provider>: { ... } }`. */
const providerMetadata = () => s.optional(s.stringRecord(s.stringRecord()))

// The fields every part has, around its `type` (and, for top-level parts, `worker`).
const partFields = (type, worker) => ({
  type,
  visible: s.boolean(),
  content: optStr(),
  toolCall: s.optional(toolCallInfo),
  operation: s.optional(operationInfo),
  source: s.optional(sourceInfo),
  file: s.optional(fileInfo),
  object: s.optional(objectInfo),
  ...(worker ? { worker } : {}),
  todo: s.optional(todoInfo),
  thread: optStr(),
  providerMetadata: providerMetadata(),
})

/** A part produced inside a worker: no step-start, no nested worker. */
const nestedPart = s.object(partFields(s.oneOf('text', 'reasoning', 'tool-call', 'operation', 'source', 'file', 'object', 'todo')))

const workerInfo = s.object({
  workerId: str(),
  workerSlug: str(),
  description: optStr(),
  input: s.optional(s.stringRecord()),
  nestedParts: s.array(nestedPart),
  output: s.optional(s.unknown()),
  error: optStr(),
  cancelled: s.optional(s.boolean()),
})

const messagePart = s.object(
  partFields(
    s.oneOf('text', 'reasoning', 'tool-call', 'step-start', 'operation', 'source', 'file', 'object', 'worker', 'todo'),
    s.optional(workerInfo),
  ),
)

const chatMessage = s.object({
  id: str(),
  role: s.oneOf('user', 'assistant', 'system'),
  parts: s.array(messagePart),
  createdAt: str(),
  visible: s.keptIfValid(s.boolean()),
  content: str(),
  toolCalls: s.optional(s.array(toolCallInfo)),
  reasoning: s.keptIfValid(s.string()),
  reasoningSignature: s.keptIfValid(s.string()),
  sender: s.optional(sender()),
})

const chatMessages = s.array(chatMessage)

/** `{ success, data | error }` for an array of chat messages. */
function safeParseChatMessages(data) {
  return s.safeParseWith(chatMessages, data)
}

module.exports = { safeParseChatMessages }
