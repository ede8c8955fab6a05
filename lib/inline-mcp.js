'use strict'
// Inline MCP servers: namespaced tool groups whose arguments (and optionally results) are
// described and checked by the user's zod 4 schemas, and the merge of such servers into a
// session's or worker's tool set (docs/protocol.md §4.7).
//
// zod is an optional peer dependency: it is loaded from the user's project the first time a
// schema has to be converted, never when the package is imported.

const Module = require('node:module')
const path = require('node:path')
const { handlerNames } = require('./tool-set.js')

const NAMESPACE_RULE = /^[a-z][a-z0-9-]*$/
const TOOL_NAME_RULE = /^[a-z][a-z0-9_-]*$/
const SEPARATOR = '__'

// ---------------------------------------------------------------------------------------------
// zod, loaded lazily
// ---------------------------------------------------------------------------------------------

let zod

function isMissingModule(err) {
  return err && (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED')
}

/** zod 4 through `load`: `zod` itself when it is zod 4, else the `zod/v4` entry of zod 3.25. */
function zodThrough(load, failures) {
  for (const id of ['zod', 'zod/v4']) {
    let mod
    try {
      mod = load(id)
    } catch (err) {
      if (!isMissingModule(err)) throw err
      failures.push(err)
      continue
    }
    if (mod && typeof mod.toJSONSchema === 'function') return mod
  }
  return undefined
}

/**
 * The user's zod 4, resolved from this package's place in node_modules (where npm, yarn and
 * pnpm put a peer dependency), then from the current directory (a linked checkout).
 */
function loadZod() {
  if (zod) return zod
  const failures = []
  const loaders = [require, Module.createRequire(path.join(process.cwd(), 'package.json'))]
  for (const load of loaders) {
    const found = zodThrough(load, failures)
    if (found) {
      zod = found
      return zod
    }
  }
  const err = new Error(
    'Inline MCP servers need zod 4, which @octavus-rs/server-sdk loads from your project: install it (npm install zod@^4) and define the tool schemas with it.',
  )
  if (failures.length > 0) err.cause = failures[0]
  throw err
}

// ---------------------------------------------------------------------------------------------
// createInlineMcpServer
// ---------------------------------------------------------------------------------------------

function validateNamespace(namespace) {
  if (typeof namespace !== 'string' || !NAMESPACE_RULE.test(namespace)) {
    throw new Error(
      `Invalid MCP namespace ${JSON.stringify(String(namespace))}: it may hold lowercase letters, digits and hyphens only, and must begin with a letter (${NAMESPACE_RULE}).`,
    )
  }
}

function validateToolName(toolName, namespace) {
  if (!TOOL_NAME_RULE.test(toolName)) {
    throw new Error(
      `Invalid MCP tool name ${JSON.stringify(toolName)} in namespace "${namespace}": it may hold lowercase letters, digits, underscores and hyphens only, and must begin with a letter (${TOOL_NAME_RULE}).`,
    )
  }
}

/** True for a zod 4 schema (classic or mini): they carry their internals under `_zod`. */
function isZod4Schema(value) {
  return value !== null && typeof value === 'object' && value._zod !== null && typeof value._zod === 'object'
}

function checkSchema(schema, role, name, required) {
  if (schema === undefined && !required) return
  if (!isZod4Schema(schema)) {
    const got = schema === null ? 'null' : typeof schema === 'object' && schema._def ? 'a zod 3 schema' : typeof schema
    throw new TypeError(`Inline MCP tool "${name}": \`${role}\` must be a zod 4 schema, got ${got}`)
  }
}

function jsonSchemaOf(z, schema, role, name) {
  try {
    return z.toJSONSchema(schema)
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    throw new Error(`Inline MCP tool "${name}": its \`${role}\` schema cannot be turned into JSON Schema: ${detail}`, { cause: err })
  }
}

/** `path: message` per issue (`<root>` for an empty path), joined with `; `. */
function describeIssues(error) {
  const issues = (error && error.issues) || []
  return issues
    .map((issue) => {
      const at = Array.isArray(issue.path) && issue.path.length > 0 ? issue.path.map(String).join('.') : '<root>'
      return `${at}: ${issue.message}`
    })
    .join('; ')
}

/** The schema's own parse when it has one (classic), else zod's function (mini). */
function safeParse(z, schema, value) {
  return typeof schema.safeParseAsync === 'function' ? schema.safeParseAsync(value) : z.safeParseAsync(schema, value)
}

/** The handler behind `namespace__tool`: validates the arguments, runs, validates the result. */
function toolHandler(z, def, name) {
  const { parameters, output } = def
  return async (args) => {
    const parsedArgs = await safeParse(z, parameters, args)
    if (!parsedArgs.success) throw new Error(`Invalid arguments for "${name}": ${describeIssues(parsedArgs.error)}`)
    const result = await def.handler(parsedArgs.data)
    if (output === undefined) return result
    const parsedResult = await safeParse(z, output, result)
    if (!parsedResult.success) throw new Error(`Invalid output from "${name}": ${describeIssues(parsedResult.error)}`)
    return parsedResult.data
  }
}

/**
 * The identity: gives TypeScript a place to infer the handler's argument type from the
 * `parameters` schema. Nothing is checked or converted here.
 */
function defineInlineMcpTool(def) {
  return def
}

/**
 * An inline MCP server: each tool of `config.tools` is exposed as `namespace__tool`, with the
 * JSON Schemas of its zod `parameters` (and `output`) made once, here. The handlers validate
 * their arguments (and result) with the same schemas.
 */
function createInlineMcpServer(namespace, config) {
  validateNamespace(namespace)
  if (config === null || typeof config !== 'object' || config.tools === null || typeof config.tools !== 'object') {
    throw new TypeError(`createInlineMcpServer("${namespace}"): the second argument must be { tools: { [name]: tool } }`)
  }
  const schemas = []
  const handlers = {}
  for (const [toolName, def] of Object.entries(config.tools)) {
    validateToolName(toolName, namespace)
    const name = `${namespace}${SEPARATOR}${toolName}`
    if (def === null || typeof def !== 'object') {
      throw new TypeError(`Inline MCP tool "${name}" must be an object made by defineInlineMcpTool({ description, parameters, handler })`)
    }
    if (typeof def.handler !== 'function') throw new TypeError(`Inline MCP tool "${name}": \`handler\` must be a function`)
    checkSchema(def.parameters, 'parameters', name, true)
    checkSchema(def.output, 'output', name, false)
    const z = loadZod()
    schemas.push({
      name,
      description: def.description,
      inputSchema: jsonSchemaOf(z, def.parameters, 'parameters', name),
      outputSchema: def.output === undefined ? undefined : jsonSchemaOf(z, def.output, 'output', name),
    })
    handlers[name] = toolHandler(z, def, name)
  }
  return {
    namespace,
    toolSchemas: () => schemas,
    toolHandlers: () => handlers,
  }
}

// ---------------------------------------------------------------------------------------------
// Merging servers into a tool set
// ---------------------------------------------------------------------------------------------

function checkServer(server, i) {
  const ok =
    server !== null &&
    typeof server === 'object' &&
    typeof server.namespace === 'string' &&
    typeof server.toolHandlers === 'function' &&
    typeof server.toolSchemas === 'function'
  if (!ok) throw new TypeError(`mcpServers[${i}] is not an inline MCP server (made by createInlineMcpServer)`)
}

/**
 * Merges inline MCP servers into a tool set, for `attach`/`start` (without `existingSchemas`)
 * and workers (with their `dynamicToolSchemas` option):
 *
 * - `toolHandlers`: a new object with the static tools (class methods too, each called with
 *   `this` = `staticTools`, as the execution host does) and every server's handlers;
 * - `dynamicToolSchemas`: `existingSchemas` first, then every server's schemas, in order.
 *
 * Throws on a namespace used twice, a handler name already taken (by a static tool or an
 * earlier server), and a schema name already taken. With no servers (`undefined` or `[]`) it
 * returns `staticTools` (or `{}`) and `existingSchemas` as they are.
 */
function resolveMcpServers(mcpServers, staticTools, existingSchemas) {
  if (mcpServers === undefined || mcpServers === null || (Array.isArray(mcpServers) && mcpServers.length === 0)) {
    return { toolHandlers: staticTools || {}, dynamicToolSchemas: existingSchemas }
  }
  if (!Array.isArray(mcpServers)) throw new TypeError('mcpServers must be an array of inline MCP servers')
  mcpServers.forEach(checkServer)

  const handlers = {}
  if (staticTools) {
    for (const name of handlerNames(staticTools)) {
      const value = staticTools[name]
      handlers[name] = typeof value === 'function' ? value.bind(staticTools) : value
    }
  }
  const schemas = existingSchemas ? [...existingSchemas] : []
  const schemaNames = new Set(schemas.map((s) => s && s.name))
  const namespaces = new Set()

  for (const server of mcpServers) {
    if (namespaces.has(server.namespace)) {
      throw new Error(`Duplicate MCP namespace "${server.namespace}": every inline MCP server needs a namespace of its own.`)
    }
    namespaces.add(server.namespace)
    const serverHandlers = server.toolHandlers() || {}
    for (const name of Object.keys(serverHandlers)) {
      if (Object.prototype.hasOwnProperty.call(handlers, name) && handlers[name]) {
        throw new Error(
          `Tool name collision: "${name}" of MCP server "${server.namespace}" is already registered; inline MCP tools and static tool handlers must not share a name.`,
        )
      }
      handlers[name] = serverHandlers[name]
    }
    for (const schema of server.toolSchemas() || []) {
      const name = schema && schema.name
      if (schemaNames.has(name)) {
        throw new Error(`Tool schema name collision: "${name}" of MCP server "${server.namespace}" is already registered as a dynamic tool schema.`)
      }
      schemaNames.add(name)
      schemas.push(schema)
    }
  }
  return { toolHandlers: handlers, dynamicToolSchemas: schemas }
}

module.exports = { defineInlineMcpTool, createInlineMcpServer, resolveMcpServers }
