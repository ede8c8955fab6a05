'use strict'

// ChatMessage validation for `agentSessions.get()`: the same accept/reject decisions and
// parsed output (unknown keys dropped) as the reference's chat message schema.

const s = require('./schema')
const { fileFields, urlSourceFields, documentSourceFields } = require('./fields')

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
})

const sourceInfo = s.discriminated('sourceType', [s.object(urlSourceFields()), s.object(documentSourceFields())])

const fileInfo = s.object({ ...fileFields(), toolCallId: optStr() })

const objectInfo = s.object({ id: str(), typeName: str(), value: s.unknown() })

const messagePart = s.object({
  type: s.oneOf('text', 'reasoning', 'tool-call', 'source', 'file', 'object'),
  visible: s.boolean(),
  content: optStr(),
  toolCall: s.optional(toolCallInfo),
  source: s.optional(sourceInfo),
  file: s.optional(fileInfo),
  object: s.optional(objectInfo),
  thread: optStr(),
})

const chatMessage = s.object({
  id: str(),
  role: s.oneOf('user', 'assistant', 'system'),
  parts: s.array(messagePart),
  createdAt: str(),
  visible: s.optional(s.boolean()),
  content: str(),
  toolCalls: s.optional(s.array(toolCallInfo)),
  reasoning: optStr(),
  reasoningSignature: optStr(),
})

const chatMessages = s.array(chatMessage)

/** `{ success, data | error }` for an array of chat messages. */
function safeParseChatMessages(data) {
  return s.safeParseWith(chatMessages, data)
}

module.exports = { safeParseChatMessages }
