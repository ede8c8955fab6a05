'use strict'
// Public entry (CommonJS): the export list of the package. The JS classes over the native core
// live in lib/, one file per concept (lib/core/ holds the pure helpers); HTTP, SSE, validation and
// the tool continuation loop all run in Rust (src/).

const helpers = require('./lib/core/index.js')
const { OctavusClient } = require('./lib/client.js')
const { AgentsApi } = require('./lib/agents.js')
const { AgentSessionsApi } = require('./lib/agent-sessions.js')
const { AgentSession } = require('./lib/session.js')
const { FilesApi } = require('./lib/files.js')
const { WorkersApi } = require('./lib/workers.js')
const { WorkforceApi, isTerminalThreadStatus } = require('./lib/workforce.js')
const { TokensApi } = require('./lib/tokens.js')
const { Resource } = require('./lib/resource.js')
const { ApiError } = require('./lib/api-error.js')
const { WorkerError } = require('./lib/worker-error.js')
const {
  toSSEStream,
  safeParseStreamEvent,
  enforceToolResultsSize,
  MAX_CONTINUATION_BODY_BYTES,
  CONTINUATION_BODY_RESERVE_BYTES,
} = require('./lib/streaming.js')
const { createInlineMcpServer, defineInlineMcpTool } = require('./lib/inline-mcp.js')
const { normalizeToolResultMedia, normalizeToolResultOutputFiles } = require('./lib/media.js')
const { diagnosticsChannels } = require('./lib/diagnostics.js')

const { makeSafeParseStreamEvent: _factory, ...publicHelpers } = helpers

module.exports = {
  ...publicHelpers,
  safeParseStreamEvent,
  OctavusClient,
  AgentsApi,
  AgentSessionsApi,
  AgentSession,
  FilesApi,
  WorkersApi,
  WorkforceApi,
  TokensApi,
  isTerminalThreadStatus,
  Resource,
  ApiError,
  WorkerError,
  toSSEStream,
  enforceToolResultsSize,
  MAX_CONTINUATION_BODY_BYTES,
  CONTINUATION_BODY_RESERVE_BYTES,
  createInlineMcpServer,
  defineInlineMcpTool,
  normalizeToolResultMedia,
  normalizeToolResultOutputFiles,
  diagnosticsChannels,
}
