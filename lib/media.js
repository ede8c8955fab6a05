'use strict'
// Media normalisers, for use in `onToolResults`: base64 payloads inside tool results (MCP
// content parts, `outputFiles`) are uploaded through presigned URLs and replaced by small
// summaries with a download URL, so the bytes never travel in the continuation body
// (docs/protocol.md §4.7).
//
// The upload URLs come from the platform (`files.getUploadUrls`); the PUTs go straight to the
// storage URLs with the global `fetch`, as a browser upload would.

const { generateId } = require('./core/helpers.js')

const MEDIA_KINDS = new Set(['image', 'audio', 'blob'])

/** File name extensions of the uploaded media parts; anything else is `.bin`. */
const EXTENSIONS = new Map([
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['image/webp', 'webp'],
  ['image/gif', 'gif'],
  ['image/svg+xml', 'svg'],
  ['image/bmp', 'bmp'],
  ['audio/mpeg', 'mp3'],
  ['audio/wav', 'wav'],
  ['audio/ogg', 'ogg'],
  ['audio/flac', 'flac'],
  ['video/mp4', 'mp4'],
  ['video/webm', 'webm'],
  ['video/quicktime', 'mov'],
  ['application/pdf', 'pdf'],
  ['application/zip', 'zip'],
])

const UPLOAD_FAILED = 'Upload failed'

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * The bytes of a base64 text, decoded as `atob` does (the WHATWG "forgiving-base64" rules:
 * ASCII whitespace ignored, padding optional). Text those rules refuse is an Error.
 */
function decodeBase64(text, where) {
  let s = text.replace(/[\t\n\f\r ]/g, '')
  if (s.length % 4 === 0) s = s.replace(/={1,2}$/, '')
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) {
    throw new Error(`${where} is not valid base64, so it cannot be uploaded`)
  }
  return Buffer.from(s, 'base64')
}

/** The upload targets for `requests`, or null when they could not be had (any failure). */
async function uploadTargets(files, sessionId, requests) {
  try {
    const answer = await files.getUploadUrls(sessionId, requests)
    return answer && Array.isArray(answer.files) ? answer.files : null
  } catch {
    return null
  }
}

/** PUTs `bytes` to a presigned URL; true on a 2xx answer, false otherwise (never rejects). */
async function put(target, bytes, mediaType) {
  try {
    const res = await fetch(target.uploadUrl, { method: 'PUT', body: bytes, headers: { 'Content-Type': mediaType } })
    // The answer's body is of no use: release the connection.
    if (res.body) res.body.cancel().catch(() => {})
    return res.ok
  } catch {
    return false
  }
}

/** Uploads each item whose target exists, all at once; `ok[i]` says whether item i landed. */
function uploadAll(targets, items) {
  return Promise.all(items.map((item, i) => (targets && targets[i] ? put(targets[i], item.bytes, item.mediaType) : false)))
}

// ---------------------------------------------------------------------------------------------
// normalizeToolResultMedia
// ---------------------------------------------------------------------------------------------

/** `{type: 'image'|'audio'|'blob', data: string}`: a content part carrying base64 bytes. */
function isMediaPart(part) {
  return isPlainObject(part) && typeof part.type === 'string' && MEDIA_KINDS.has(part.type) && typeof part.data === 'string'
}

function mediaTypeOf(part) {
  if (typeof part.mimeType === 'string' && part.mimeType) return part.mimeType
  return part.type === 'image' ? 'image/png' : 'application/octet-stream'
}

/**
 * Where a result keeps its content parts, if any is a media part: a bare array, or the
 * `content` array of an object (`{content: [...]}`, as MCP servers answer). `rebuild` makes
 * the new result from the replaced parts.
 */
function mediaPartsOf(result) {
  if (Array.isArray(result)) {
    return result.some(isMediaPart) ? { parts: result, rebuild: (parts) => parts } : null
  }
  if (isPlainObject(result) && Array.isArray(result.content) && result.content.some(isMediaPart)) {
    return { parts: result.content, rebuild: (parts) => ({ ...result, content: parts }) }
  }
  return null
}

/**
 * Uploads the base64 media parts (`{type: 'image'|'audio'|'blob', data, mimeType?}`) of each
 * tool result (a bare array of parts, or `{content: [...]}`) and replaces each by
 * `{type, mediaType, size, url}`, or `{type, mediaType, size, error: 'Upload failed'}` when
 * its upload URL or its PUT failed; the base64 data is gone either way. Uploaded images are
 * also appended to the result's `files` as file references, so the model sees them. One
 * upload-URL request per result. Results with an `outputVariable` are left alone. Edits
 * `toolResults` in place; resolves undefined.
 */
async function normalizeToolResultMedia(toolResults, files, sessionId) {
  for (const toolResult of toolResults) {
    if (!isPlainObject(toolResult) || toolResult.outputVariable) continue
    const location = mediaPartsOf(toolResult.result)
    if (!location) continue

    const items = []
    location.parts.forEach((part, index) => {
      if (!isMediaPart(part)) return
      const mediaType = mediaTypeOf(part)
      const where = `The ${part.type} part #${index} of the result of tool call ${toolResult.toolCallId}`
      const bytes = decodeBase64(part.data, where)
      const filename = `${part.type}-${generateId()}.${EXTENSIONS.get(mediaType) || 'bin'}`
      items.push({ index, kind: part.type, mediaType, bytes, filename })
    })

    const requests = items.map((item) => ({ filename: item.filename, mediaType: item.mediaType, size: item.bytes.length }))
    const targets = await uploadTargets(files, sessionId, requests)
    const ok = await uploadAll(targets, items)

    const fileRefs = Array.isArray(toolResult.files) ? [...toolResult.files] : []
    const replacements = new Map()
    items.forEach((item, i) => {
      const summary = { type: item.kind, mediaType: item.mediaType, size: item.bytes.length }
      if (ok[i]) {
        const target = targets[i]
        if (item.kind === 'image') {
          fileRefs.push({ id: target.id, mediaType: item.mediaType, url: target.downloadUrl, filename: item.filename, size: item.bytes.length })
        }
        summary.url = target.downloadUrl
      } else {
        summary.error = UPLOAD_FAILED
      }
      replacements.set(item.index, summary)
    })
    toolResult.files = fileRefs
    toolResult.result = location.rebuild(location.parts.map((part, index) => (replacements.has(index) ? replacements.get(index) : part)))
  }
}

// ---------------------------------------------------------------------------------------------
// normalizeToolResultOutputFiles
// ---------------------------------------------------------------------------------------------

/** `{name, path?, mediaType, size, contentBase64}`: a file a tool returned inline. */
function isOutputFile(value) {
  return (
    isPlainObject(value) &&
    typeof value.name === 'string' &&
    (value.path === undefined || typeof value.path === 'string') &&
    typeof value.mediaType === 'string' &&
    typeof value.size === 'number' &&
    typeof value.contentBase64 === 'string'
  )
}

/** `{name, path?, mediaType, size}` plus `outcome` (`{url}` or `{error}`). */
function outputSummary(file, outcome) {
  const summary = { name: file.name }
  if (file.path !== undefined) summary.path = file.path
  summary.mediaType = file.mediaType
  summary.size = file.size
  return Object.assign(summary, outcome)
}

/**
 * Uploads the `outputFiles` of each tool result (`result.outputFiles: [{name, path?,
 * mediaType, size, contentBase64}]`) and replaces the list by `{name, path?, mediaType, size,
 * url}` summaries (`error: 'Upload failed'` instead of `url` for a file whose upload failed;
 * entries of another shape are dropped). Every uploaded file is appended to the result's
 * `files`. One upload-URL request per result. Results with an `outputVariable` are left
 * alone. Edits `toolResults` in place; resolves undefined.
 */
async function normalizeToolResultOutputFiles(toolResults, files, sessionId) {
  for (const toolResult of toolResults) {
    if (!isPlainObject(toolResult) || toolResult.outputVariable) continue
    const result = toolResult.result
    if (!isPlainObject(result) || !Array.isArray(result.outputFiles)) continue
    const outputs = result.outputFiles.filter(isOutputFile)
    if (outputs.length === 0) continue

    const items = outputs.map((file, i) => ({
      file,
      mediaType: file.mediaType,
      bytes: decodeBase64(file.contentBase64, `The output file #${i} (${JSON.stringify(file.name)}) of tool call ${toolResult.toolCallId}`),
    }))
    const requests = outputs.map((file) => ({ filename: file.name, mediaType: file.mediaType, size: file.size }))
    const targets = await uploadTargets(files, sessionId, requests)
    if (!targets) {
      result.outputFiles = outputs.map((file) => outputSummary(file, { error: UPLOAD_FAILED }))
      continue
    }
    const ok = await uploadAll(targets, items)

    const fileRefs = Array.isArray(toolResult.files) ? [...toolResult.files] : []
    result.outputFiles = outputs.map((file, i) => {
      if (!ok[i]) return outputSummary(file, { error: UPLOAD_FAILED })
      const target = targets[i]
      fileRefs.push({ id: target.id, mediaType: file.mediaType, url: target.downloadUrl, filename: file.name, size: file.size })
      return outputSummary(file, { url: target.downloadUrl })
    })
    toolResult.files = fileRefs
  }
}

module.exports = { normalizeToolResultMedia, normalizeToolResultOutputFiles }
