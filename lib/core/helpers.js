'use strict'

// Small utilities: ids, abort detection, thread helpers and skill-tool names.

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'
const ID_SUFFIX_LENGTH = 7

/**
 * `<epoch ms>-<7 base-36 characters>`. (The reference derives the suffix from
 * Math.random().toString(36), which is occasionally shorter than 7; ours is
 * always exactly 7.)
 */
function generateId() {
  let suffix = ''
  for (let i = 0; i < ID_SUFFIX_LENGTH; i++) {
    suffix += ID_ALPHABET[Math.floor(Math.random() * 36)]
  }
  return `${Date.now()}-${suffix}`
}

const ABORT_ERROR_NAMES = new Set(['AbortError', 'ResponseAborted', 'TimeoutError'])

function isAbortError(error) {
  const isErrorLike = error instanceof Error || (typeof DOMException === 'function' && error instanceof DOMException)
  return isErrorLike && ABORT_ERROR_NAMES.has(error.name)
}

// ---------------------------------------------------------------------------
// Threads: parts without a thread (or with 'main') belong to the main thread.

const MAIN_THREAD = 'main'

function resolveThread(thread) {
  return thread ?? MAIN_THREAD
}

function isMainThread(thread) {
  return thread === undefined || thread === MAIN_THREAD
}

function threadForPart(thread) {
  return isMainThread(thread) ? undefined : thread
}

function isOtherThread(part) {
  return !isMainThread(part.thread)
}

// ---------------------------------------------------------------------------
// Built-in skill tools

const OCTAVUS_SKILL_TOOLS = {
  SKILL_READ: 'octavus_skill_read',
  SKILL_LIST: 'octavus_skill_list',
  SKILL_RUN: 'octavus_skill_run',
  SKILL_SETUP: 'octavus_skill_setup',
  CODE_RUN: 'octavus_code_run',
  FILE_WRITE: 'octavus_file_write',
  FILE_READ: 'octavus_file_read',
  FILE_UPLOAD: 'octavus_file_upload',
}

/** The platform's own MCP tools (6.x). */
const OCTAVUS_MCP_TOOLS = {
  MCP_LIST: 'octavus_mcp_list',
  MCP_ACTIVATE: 'octavus_mcp_activate',
}

function isOctavusMcpTool(toolName) {
  return Object.values(OCTAVUS_MCP_TOOLS).includes(toolName)
}

/** A tool provider backed by a device (it reports health and can be made ready). */
function isDeviceProvider(provider) {
  return 'getHealth' in provider && 'ensureReady' in provider
}

/** A tool provider whose MCP entries can be added, removed and restarted at run time. */
function isDynamicMcpProvider(provider) {
  return 'addEntry' in provider && 'removeEntry' in provider && 'restartEntry' in provider && 'hasEntry' in provider
}

function isOctavusSkillTool(toolName) {
  // Read at call time, so a caller who extends the (mutable) object is honoured.
  return Object.values(OCTAVUS_SKILL_TOOLS).includes(toolName)
}

function getSkillSlugFromToolCall(toolName, args) {
  if (!isOctavusSkillTool(toolName) || !args) return undefined
  const skill = args.skill
  return typeof skill === 'string' ? skill : undefined
}

module.exports = {
  generateId,
  isAbortError,
  MAIN_THREAD,
  resolveThread,
  isMainThread,
  threadForPart,
  isOtherThread,
  OCTAVUS_SKILL_TOOLS,
  isOctavusSkillTool,
  getSkillSlugFromToolCall,
  OCTAVUS_MCP_TOOLS,
  isOctavusMcpTool,
  isDeviceProvider,
  isDynamicMcpProvider,
}
