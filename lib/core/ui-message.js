'use strict'

// UI message and file-reference validation (safeParseUIMessage(s), isFileReference(Array)),
// matching the reference's accept/reject decisions and parsed output: the v4 message format
// (docs/protocol.md §2.3), unknown keys dropped at every level.

const s = require('./schema')
const { fileFields, urlSourceFields, documentSourceFields, displayMode, todoItem, sender } = require('./fields')

const str = s.string
const optStr = () => s.optional(s.string())
const partStatus = () => s.oneOf('streaming', 'done')

// Parts: every part but step-start and worker may carry a `thread`.
const withThread = (fields) => s.object({ ...fields, thread: optStr() })

const textPart = withThread({ type: s.literal('text'), text: str(), status: partStatus() })

const reasoningPart = s.object({
  type: s.literal('reasoning'),
  text: str(),
  status: partStatus(),
  thread: optStr(),
  providerMetadata: s.optional(s.stringRecord()),
})

const toolCallPart = s.object({
  type: s.literal('tool-call'),
  toolCallId: str(),
  toolName: str(),
  displayName: optStr(),
  args: s.stringRecord(),
  result: s.optional(s.unknown()),
  error: optStr(),
  status: s.oneOf('pending', 'running', 'done', 'error', 'cancelled'),
  display: s.optional(displayMode()),
  thread: optStr(),
  providerMetadata: s.optional(s.stringRecord()),
})

const operationPart = withThread({
  type: s.literal('operation'),
  operationId: str(),
  name: str(),
  operationType: str(),
  status: s.oneOf('running', 'done', 'cancelled'),
})

const sourcePart = s.discriminated('sourceType', [
  withThread({ type: s.literal('source'), ...urlSourceFields() }),
  withThread({ type: s.literal('source'), ...documentSourceFields() }),
])

const filePart = withThread({ type: s.literal('file'), ...fileFields(), toolCallId: optStr() })

const objectPart = withThread({
  type: s.literal('object'),
  id: str(),
  typeName: str(),
  partial: s.optional(s.unknown()),
  object: s.optional(s.unknown()),
  status: s.oneOf('streaming', 'done', 'error'),
  error: optStr(),
})

const todoPart = withThread({ type: s.literal('todo'), todos: s.array(todoItem()), status: partStatus() })

const stepStartPart = s.object({ type: s.literal('step-start') })

// A worker's own parts: anything but another worker. Option order matters: it decides the
// order of the per-option issue lists.
const nestedPart = s.union([textPart, reasoningPart, toolCallPart, operationPart, sourcePart, filePart, objectPart, todoPart, stepStartPart])

const workerPart = s.object({
  type: s.literal('worker'),
  workerId: str(),
  workerSlug: str(),
  description: optStr(),
  input: s.optional(s.stringRecord()),
  parts: s.array(nestedPart),
  output: s.optional(s.unknown()),
  error: optStr(),
  status: s.oneOf('running', 'done', 'error', 'cancelled'),
})

const uiPart = s.union([textPart, reasoningPart, toolCallPart, operationPart, sourcePart, filePart, objectPart, workerPart, todoPart, stepStartPart])

const uiMessage = s.object({
  id: str(),
  role: s.oneOf('user', 'assistant'),
  parts: s.array(uiPart),
  status: s.oneOf('streaming', 'done'),
  createdAt: s.coercedDate(),
  sender: s.optional(sender()),
})

const uiMessages = s.array(uiMessage)

function safeParseUIMessage(data) {
  return s.safeParseWith(uiMessage, data)
}

function safeParseUIMessages(data) {
  return s.safeParseWith(uiMessages, data)
}

// ---------------------------------------------------------------------------
// File references

const fileReference = s.object(fileFields())
const fileReferences = s.array(fileReference)

function isFileReference(value) {
  return fileReference.run(value).issues.length === 0
}

function isFileReferenceArray(value) {
  return fileReferences.run(value).issues.length === 0
}

module.exports = {
  safeParseUIMessage,
  safeParseUIMessages,
  isFileReference,
  isFileReferenceArray,
}
