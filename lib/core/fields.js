'use strict'

// Field sets shared by the message schemas (chat messages, UI messages, file references), in
// the reference's key order, which is the order of the parsed output.

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

module.exports = { fileFields, urlSourceFields, documentSourceFields }
