'use strict'

// Field sets and small schemas shared by the message schemas (chat messages, UI messages, file
// references), in the reference's key order, which is the order of the parsed output.

const s = require('./schema')

const optStr = () => s.optional(s.string())

/** A file: id, mediaType, url, optional filename and size. */
const fileFields = () => ({
  id: s.string(),
  mediaType: s.string(),
  url: s.string(),
  filename: optStr(),
  size: s.optional(s.number()),
})

/** A URL source (after its `sourceType`). */
const urlSourceFields = () => ({ sourceType: s.literal('url'), id: s.string(), url: s.string(), title: optStr() })

/** A document source (after its `sourceType`). */
const documentSourceFields = () => ({
  sourceType: s.literal('document'),
  id: s.string(),
  mediaType: s.string(),
  title: s.string(),
  filename: optStr(),
})

/** How a block or tool call is shown (6.x adds `title`). */
const displayMode = () => s.oneOf('hidden', 'name', 'description', 'stream', 'title')

/** One entry of a todo list: id, content, status. */
const todoItem = () => s.object({ id: s.string(), content: s.string(), status: s.oneOf('pending', 'in_progress', 'completed', 'cancelled') })

/** The person who sent a user message: every field optional. */
const sender = () => s.object({ id: optStr(), name: optStr(), image: optStr() })

module.exports = { fileFields, urlSourceFields, documentSourceFields, displayMode, todoItem, sender }
