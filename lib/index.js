'use strict'
// The export list of the package: the entry of the bundle (scripts/bundle.js writes it to
// dist/index.js, which the public index.js loads). The JS classes over the native core live in
// lib/, one file per concept (lib/core/ holds the pure helpers); HTTP, SSE, validation and the
// tool continuation loop all run in Rust (src/).

// Each export is read off its module object rather than bound to a local name of this file: the
// bundler would rename a function whose name a local binding here repeats (`toSSEStream2`), and
// the name is visible (`fn.name`, stack traces). scripts/bundle.js refuses a bundle that renamed
// one.
const helpers = require('./core/index.js')
const streaming = require('./streaming.js')
const inlineMcp = require('./inline-mcp.js')
const media = require('./media.js')
const workforce = require('./workforce.js')

const { makeSafeParseStreamEvent: _factory, ...publicHelpers } = helpers

module.exports = {
  ...publicHelpers,
  safeParseStreamEvent: streaming.safeParseStreamEvent,
  OctavusClient: require('./client.js').OctavusClient,
  AgentsApi: require('./agents.js').AgentsApi,
  AgentSessionsApi: require('./agent-sessions.js').AgentSessionsApi,
  AgentSession: require('./session.js').AgentSession,
  FilesApi: require('./files.js').FilesApi,
  WorkersApi: require('./workers.js').WorkersApi,
  WorkforceApi: workforce.WorkforceApi,
  TokensApi: require('./tokens.js').TokensApi,
  isTerminalThreadStatus: workforce.isTerminalThreadStatus,
  Resource: require('./resource.js').Resource,
  ApiError: require('./api-error.js').ApiError,
  WorkerError: require('./worker-error.js').WorkerError,
  toSSEStream: streaming.toSSEStream,
  enforceToolResultsSize: streaming.enforceToolResultsSize,
  MAX_CONTINUATION_BODY_BYTES: streaming.MAX_CONTINUATION_BODY_BYTES,
  CONTINUATION_BODY_RESERVE_BYTES: streaming.CONTINUATION_BODY_RESERVE_BYTES,
  createInlineMcpServer: inlineMcp.createInlineMcpServer,
  defineInlineMcpTool: inlineMcp.defineInlineMcpTool,
  normalizeToolResultMedia: media.normalizeToolResultMedia,
  normalizeToolResultOutputFiles: media.normalizeToolResultOutputFiles,
  diagnosticsChannels: require('./diagnostics.js').diagnosticsChannels,
}
