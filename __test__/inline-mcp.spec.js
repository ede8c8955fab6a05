'use strict'
// Inline MCP servers (docs/protocol.md §4.7): name rules, the exposed names and JSON Schemas,
// argument and output validation, merging servers into a tool set (resolveMcpServers), and
// zod loaded lazily from the user's project.

const test = require('ava')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { z } = require('zod')
const { createInlineMcpServer, defineInlineMcpTool } = require('../index.js')
const { resolveMcpServers } = require('../lib/inline-mcp.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, trigger } = require('./fixtures/harness.js')

const root = path.resolve(__dirname, '..')
const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

/** The docs' example server, plus a tool with an output schema. */
function githubServer(calls = []) {
  return createInlineMcpServer('github', {
    tools: {
      'list-issues': defineInlineMcpTool({
        description: 'List open issues for a repository',
        parameters: z.object({
          owner: z.string().describe('Repository owner'),
          repo: z.string(),
          state: z.enum(['open', 'closed', 'all']).default('open'),
        }),
        handler: async (args) => {
          calls.push(args)
          return { issues: [], query: args }
        },
      }),
      get_pr: defineInlineMcpTool({
        description: 'Get pull request metadata',
        parameters: z.object({ pullNumber: z.number().int() }),
        output: z.object({ title: z.string(), additions: z.number() }),
        handler: async (args) => (args.pullNumber === 1 ? { title: 'Fix', additions: 3, internal: 'dropped' } : { title: 42 }),
      }),
    },
  })
}

const errorOf = (promise) =>
  promise.then(
    () => undefined,
    (err) => err,
  )

// ---------------------------------------------------------------------------------------------
// Names

test('namespaces: lowercase letters, digits and hyphens, starting with a letter', (t) => {
  for (const ok of ['github', 'a', 'my-api2', 'x-']) {
    t.is(createInlineMcpServer(ok, { tools: {} }).namespace, ok)
  }
  for (const bad of ['', 'GitHub', '1x', '-a', 'a_b', 'a b', 'a.b', 'ß', 'a\n']) {
    const err = t.throws(() => createInlineMcpServer(bad, { tools: {} }), { instanceOf: Error }, JSON.stringify(bad))
    t.true(err.message.startsWith(`Invalid MCP namespace ${JSON.stringify(bad)}`), err.message)
    t.regex(err.message, /lowercase letters, digits and hyphens/)
  }
  t.throws(() => createInlineMcpServer(undefined, { tools: {} }), { message: /^Invalid MCP namespace "undefined"/ })
})

test('tool names: lowercase letters, digits, underscores and hyphens, starting with a letter', (t) => {
  const tool = defineInlineMcpTool({ description: 'd', parameters: z.object({}), handler: async () => null })
  const names = ['get-pr', 'list_issues', 'a1', 'a__b']
  const server = createInlineMcpServer('ns', { tools: Object.fromEntries(names.map((n) => [n, tool])) })
  t.deepEqual(
    Object.keys(server.toolHandlers()),
    names.map((n) => `ns__${n}`),
  )
  for (const bad of ['Get', '_x', '1x', '-x', 'a.b', 'a b', '']) {
    const err = t.throws(() => createInlineMcpServer('ns', { tools: { [bad]: tool } }), { instanceOf: Error }, JSON.stringify(bad))
    t.true(err.message.startsWith(`Invalid MCP tool name ${JSON.stringify(bad)} in namespace "ns"`), err.message)
    t.regex(err.message, /lowercase letters, digits, underscores and hyphens/)
  }
})

// ---------------------------------------------------------------------------------------------
// The server object and its schemas

test('the server: namespace, toolSchemas() and toolHandlers() under namespace__tool', (t) => {
  const server = githubServer()
  t.deepEqual(Object.keys(server), ['namespace', 'toolSchemas', 'toolHandlers'])
  t.is(server.namespace, 'github')
  t.deepEqual(
    server.toolSchemas().map((s) => s.name),
    ['github__list-issues', 'github__get_pr'],
  )
  t.deepEqual(Object.keys(server.toolHandlers()), ['github__list-issues', 'github__get_pr'])
  for (const handler of Object.values(server.toolHandlers())) t.is(typeof handler, 'function')
  t.is(server.toolSchemas(), server.toolSchemas(), 'converted once, at creation')
})

test('JSON Schemas come from zod’s toJSONSchema with its defaults (draft 2020-12, output side)', (t) => {
  const [list, pr] = githubServer().toolSchemas()
  t.deepEqual(Object.keys(list), ['name', 'description', 'inputSchema', 'outputSchema'])
  t.deepEqual(list, {
    name: 'github__list-issues',
    description: 'List open issues for a repository',
    inputSchema: {
      $schema: SCHEMA_DIALECT,
      type: 'object',
      properties: {
        owner: { type: 'string', description: 'Repository owner' },
        repo: { type: 'string' },
        state: { default: 'open', type: 'string', enum: ['open', 'closed', 'all'] },
      },
      required: ['owner', 'repo', 'state'],
      additionalProperties: false,
    },
    outputSchema: undefined,
  })
  t.false('outputSchema' in JSON.parse(JSON.stringify(list)), 'no outputSchema on the wire without `output`')
  t.deepEqual(pr, {
    name: 'github__get_pr',
    description: 'Get pull request metadata',
    inputSchema: {
      $schema: SCHEMA_DIALECT,
      type: 'object',
      properties: { pullNumber: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } },
      required: ['pullNumber'],
      additionalProperties: false,
    },
    outputSchema: {
      $schema: SCHEMA_DIALECT,
      type: 'object',
      properties: { title: { type: 'string' }, additions: { type: 'number' } },
      required: ['title', 'additions'],
      additionalProperties: false,
    },
  })
})

test('defineInlineMcpTool returns its argument as it is', (t) => {
  const def = { description: 'd', parameters: z.object({}), handler: async () => 1 }
  t.is(defineInlineMcpTool(def), def)
})

// ---------------------------------------------------------------------------------------------
// Validation

test('the handler gets the parsed arguments (defaults applied, unknown keys dropped)', async (t) => {
  const calls = []
  const handlers = githubServer(calls).toolHandlers()
  const result = await handlers['github__list-issues']({ owner: 'octavus', repo: 'sdk', extra: true })
  t.deepEqual(calls, [{ owner: 'octavus', repo: 'sdk', state: 'open' }])
  t.deepEqual(result, { issues: [], query: { owner: 'octavus', repo: 'sdk', state: 'open' } })
})

test('invalid arguments throw "Invalid arguments for" the tool, with each issue’s path and message; the handler is not run', async (t) => {
  const calls = []
  const handlers = githubServer(calls).toolHandlers()
  const err = await errorOf(handlers['github__list-issues']({ owner: 7, state: 'merged' }))
  t.true(err instanceof Error)
  t.is(
    err.message,
    'Invalid arguments for "github__list-issues": owner: Invalid input: expected string, received number; ' +
      'repo: Invalid input: expected string, received undefined; state: Invalid option: expected one of "open"|"closed"|"all"',
  )
  t.deepEqual(calls, [])

  const nested = createInlineMcpServer('ns', {
    tools: {
      t: defineInlineMcpTool({ description: 'd', parameters: z.object({ rows: z.array(z.object({ id: z.string() })) }), handler: async () => 1 }),
    },
  }).toolHandlers()['ns__t']
  t.is(
    (await errorOf(nested({ rows: [{ id: 'a' }, { id: 2 }] }))).message,
    'Invalid arguments for "ns__t": rows.1.id: Invalid input: expected string, received number',
  )
  t.is((await errorOf(nested('text'))).message, 'Invalid arguments for "ns__t": <root>: Invalid input: expected object, received string')
})

test('with `output`, the result is validated ("Invalid output from") and returned parsed; without it, returned as it is', async (t) => {
  const handlers = githubServer().toolHandlers()
  t.deepEqual(await handlers['github__get_pr']({ pullNumber: 1 }), { title: 'Fix', additions: 3 })
  const err = await errorOf(handlers['github__get_pr']({ pullNumber: 2 }))
  t.is(
    err.message,
    'Invalid output from "github__get_pr": title: Invalid input: expected string, received number; additions: Invalid input: expected number, received undefined',
  )

  const value = { any: ['thing'] }
  const plain = createInlineMcpServer('ns', {
    tools: { t: defineInlineMcpTool({ description: 'd', parameters: z.object({}), handler: async () => value }) },
  }).toolHandlers()['ns__t']
  t.is(await plain({}), value)
})

test('a handler’s own error reaches the caller unchanged; async refinements are supported', async (t) => {
  const failure = new Error('GitHub is down')
  const handlers = createInlineMcpServer('ns', {
    tools: {
      fails: defineInlineMcpTool({
        description: 'd',
        parameters: z.object({}),
        handler: async () => {
          throw failure
        },
      }),
      checked: defineInlineMcpTool({
        description: 'd',
        parameters: z.object({ id: z.string().refine(async (id) => id.startsWith('ok'), 'unknown id') }),
        handler: async (args) => args.id,
      }),
    },
  }).toolHandlers()
  t.is(await errorOf(handlers['ns__fails']({})), failure)
  t.is(await handlers['ns__checked']({ id: 'ok-1' }), 'ok-1')
  t.is((await errorOf(handlers['ns__checked']({ id: 'x' }))).message, 'Invalid arguments for "ns__checked": id: unknown id')
})

test('bad definitions are refused when the server is built, naming the tool', (t) => {
  const handler = async () => 1
  const build = (tools) => () => createInlineMcpServer('ns', { tools })
  t.throws(() => createInlineMcpServer('ns'), { instanceOf: TypeError, message: /tools/ })
  t.throws(() => createInlineMcpServer('ns', {}), { instanceOf: TypeError, message: /tools/ })
  t.throws(build({ t: null }), { instanceOf: TypeError, message: /"ns__t"/ })
  t.throws(build({ t: { description: 'd', parameters: z.object({}) } }), {
    instanceOf: TypeError,
    message: 'Inline MCP tool "ns__t": `handler` must be a function',
  })
  t.throws(build({ t: { description: 'd', handler } }), {
    instanceOf: TypeError,
    message: 'Inline MCP tool "ns__t": `parameters` must be a zod 4 schema, got undefined',
  })
  const zod3Like = { _def: { typeName: 'ZodObject' }, parse() {}, safeParse() {} }
  t.throws(build({ t: { description: 'd', parameters: zod3Like, handler } }), {
    message: 'Inline MCP tool "ns__t": `parameters` must be a zod 4 schema, got a zod 3 schema',
  })
  t.throws(build({ t: { description: 'd', parameters: z.object({}), output: { type: 'object' }, handler } }), {
    message: /`output` must be a zod 4 schema/,
  })

  const err = t.throws(build({ t: { description: 'd', parameters: z.object({ when: z.date() }), handler } }))
  t.regex(err.message, /^Inline MCP tool "ns__t": its `parameters` schema cannot be turned into JSON Schema: /)
  t.true(err.cause instanceof Error)
})

// ---------------------------------------------------------------------------------------------
// resolveMcpServers

const toolDef = (result) => defineInlineMcpTool({ description: 'd', parameters: z.object({}), handler: async () => result })

test('resolveMcpServers merges handlers and lists schemas: existing first, then each server’s in order', (t) => {
  const a = createInlineMcpServer('a', { tools: { x: toolDef(1), y: toolDef(2) } })
  const b = createInlineMcpServer('b', { tools: { x: toolDef(3) } })
  const staticTools = { lookup: async () => 'static' }
  const existing = [{ name: 'device__click', description: 'd', inputSchema: { type: 'object' } }]
  const { toolHandlers, dynamicToolSchemas } = resolveMcpServers([a, b], staticTools, existing)
  t.deepEqual(Object.keys(toolHandlers), ['lookup', 'a__x', 'a__y', 'b__x'])
  t.is(toolHandlers['a__x'], a.toolHandlers()['a__x'])
  t.deepEqual(
    dynamicToolSchemas.map((s) => s.name),
    ['device__click', 'a__x', 'a__y', 'b__x'],
  )
  t.is(dynamicToolSchemas[1], a.toolSchemas()[0])
  t.deepEqual(
    existing.map((s) => s.name),
    ['device__click'],
    'the given list is not modified',
  )
  t.deepEqual(Object.keys(staticTools), ['lookup'], 'the static tools are not modified')

  const noExisting = resolveMcpServers([a], undefined)
  t.deepEqual(Object.keys(noExisting.toolHandlers), ['a__x', 'a__y'])
  t.deepEqual(noExisting.dynamicToolSchemas, a.toolSchemas())
})

test('resolveMcpServers without servers hands back the tools and schemas as they are', (t) => {
  const tools = { lookup: async () => 1 }
  const schemas = []
  for (const servers of [undefined, null, []]) {
    const resolved = resolveMcpServers(servers, tools, schemas)
    t.is(resolved.toolHandlers, tools)
    t.is(resolved.dynamicToolSchemas, schemas)
  }
  t.deepEqual(resolveMcpServers(undefined, undefined), { toolHandlers: {}, dynamicToolSchemas: undefined })
})

test('resolveMcpServers keeps class-method tools, called with `this` the tools object', async (t) => {
  class Tools {
    #prefix = 'from'
    async lookup(args) {
      return `${this.#prefix} ${args.id}`
    }
  }
  const tools = new Tools()
  const { toolHandlers } = resolveMcpServers([createInlineMcpServer('a', { tools: { x: toolDef(1) } })], tools)
  t.deepEqual(Object.keys(toolHandlers), ['lookup', 'a__x'])
  t.is(await toolHandlers.lookup({ id: 'class' }), 'from class')
})

test('resolveMcpServers refuses a namespace used twice', (t) => {
  const first = createInlineMcpServer('github', { tools: { x: toolDef(1) } })
  const second = createInlineMcpServer('github', { tools: { y: toolDef(2) } })
  const err = t.throws(() => resolveMcpServers([first, second], {}), { instanceOf: Error })
  t.true(err.message.startsWith('Duplicate MCP namespace "github"'), err.message)
})

test('resolveMcpServers refuses a handler name already taken by a static tool (own or inherited) or another server', (t) => {
  const server = createInlineMcpServer('github', { tools: { x: toolDef(1) } })
  const own = t.throws(() => resolveMcpServers([server], { github__x: async () => 0 }))
  t.true(own.message.startsWith('Tool name collision: "github__x"'), own.message)
  t.regex(own.message, /already registered/)

  class Tools {
    github__x() {}
  }
  t.throws(() => resolveMcpServers([server], new Tools()), { message: /^Tool name collision: "github__x"/ })
  t.notThrows(() => resolveMcpServers([server], { github__x: undefined }), 'an empty slot is no handler')

  // A hand-made server (any object of the InlineMcpServer shape) can claim another's names.
  const impostor = { namespace: 'other', toolSchemas: () => [], toolHandlers: () => ({ github__x: async () => 0 }) }
  t.throws(() => resolveMcpServers([server, impostor], {}), { message: /^Tool name collision: "github__x"/ })
})

test('resolveMcpServers refuses a schema name already registered (e.g. a worker’s dynamicToolSchemas)', (t) => {
  const server = createInlineMcpServer('github', { tools: { x: toolDef(1) } })
  const existing = [{ name: 'github__x', description: 'd', inputSchema: {} }]
  const err = t.throws(() => resolveMcpServers([server], {}, existing))
  t.true(err.message.startsWith('Tool schema name collision: "github__x"'), err.message)
  t.regex(err.message, /dynamic tool schema/)
})

test('resolveMcpServers refuses what is not a list of servers', (t) => {
  const server = createInlineMcpServer('a', { tools: {} })
  t.throws(() => resolveMcpServers(server, {}), { instanceOf: TypeError, message: 'mcpServers must be an array of inline MCP servers' })
  t.throws(() => resolveMcpServers([server, { namespace: 'b' }], {}), {
    instanceOf: TypeError,
    message: /^mcpServers\[1\] is not an inline MCP server/,
  })
})

test('through a session: the merged handlers run inline MCP tools, and a validation failure is a tool error', async (t) => {
  const mock = await startMock(t)
  const toolRound = (calls) => [sse.start('e1'), sse.toolRequest(calls), sse.finish('tool-calls')]
  const done = [sse.start('e1'), ...sse.text('t', 'ok'), sse.finish('stop')]
  mock.session('s-mcp', [
    toolRound([
      { toolCallId: 'c1', toolName: 'github__list-issues', args: { owner: 'o', repo: 'r' } },
      { toolCallId: 'c2', toolName: 'github__get_pr', args: { pullNumber: 'one' } },
      { toolCallId: 'c3', toolName: 'lookup', args: {} },
    ]),
    done,
  ])
  const { toolHandlers } = resolveMcpServers([githubServer()], { lookup: async () => 'static' })
  const events = await collect(clientFor(mock).agentSessions.attach('s-mcp', { tools: toolHandlers }).execute(trigger('go')))
  const argsError = 'Invalid arguments for "github__get_pr": pullNumber: Invalid input: expected number, received string'
  t.deepEqual(events.slice(1, 4), [
    { type: 'tool-output-available', toolCallId: 'c1', output: { issues: [], query: { owner: 'o', repo: 'r', state: 'open' } } },
    { type: 'tool-output-error', toolCallId: 'c2', error: argsError },
    { type: 'tool-output-available', toolCallId: 'c3', output: 'static' },
  ])
  t.deepEqual(mock.requests[1].body.toolResults, [
    { toolCallId: 'c1', toolName: 'github__list-issues', result: { issues: [], query: { owner: 'o', repo: 'r', state: 'open' } } },
    { toolCallId: 'c2', toolName: 'github__get_pr', error: argsError },
    { toolCallId: 'c3', toolName: 'lookup', result: 'static' },
  ])
})

// ---------------------------------------------------------------------------------------------
// zod, loaded lazily from the user's project

/** Runs `script` in a fresh node (cwd outside the repository); its stdout is JSON. */
function runChild(t, script) {
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: require('node:os').tmpdir(),
    encoding: 'utf8',
    timeout: 30000,
    env: { ...process.env, ROOT: root },
  })
  t.is(result.status, 0, result.stderr)
  return JSON.parse(result.stdout)
}

const ZOD_LOADED = "Object.keys(require.cache).filter((k) => k.split(require('node:path').sep).includes('zod')).length > 0"

test('importing the package (require or import) loads no zod; building a server does', (t) => {
  const out = runChild(
    t,
    `
    const sdk = require(process.env.ROOT)
    const afterRequire = ${ZOD_LOADED}
    import(require('node:url').pathToFileURL(require('node:path').join(process.env.ROOT, 'index.mjs')).href).then((esm) => {
      const afterImport = ${ZOD_LOADED}
      const empty = sdk.createInlineMcpServer('empty', { tools: {} })
      const afterEmpty = ${ZOD_LOADED}
      const { z } = require(require.resolve('zod', { paths: [process.env.ROOT] }))
      const viaEsm = esm.createInlineMcpServer('ns', { tools: { t: esm.defineInlineMcpTool({ description: 'd', parameters: z.object({}), handler: async () => 1 }) } })
      const afterBuild = ${ZOD_LOADED}
      console.log(JSON.stringify({ afterRequire, afterImport, afterEmpty, afterBuild, names: viaEsm.toolSchemas().map((s) => s.name), same: esm.createInlineMcpServer === sdk.createInlineMcpServer }))
    })
    `,
  )
  t.deepEqual(out, { afterRequire: false, afterImport: false, afterEmpty: false, afterBuild: true, names: ['ns__t'], same: true })
})

/** A child in which `zod` (and `zod/v4`) cannot be found, as in a project without zod. */
const WITHOUT_ZOD = `
  const Module = require('node:module')
  const resolve = Module._resolveFilename
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'zod' || request.startsWith('zod/')) {
      const err = new Error("Cannot find module '" + request + "'")
      err.code = 'MODULE_NOT_FOUND'
      throw err
    }
    return resolve.call(this, request, ...rest)
  }
`

test('without zod in the project, the package loads and building a server throws a clear Error', (t) => {
  const out = runChild(
    t,
    `${WITHOUT_ZOD}
    const sdk = require(process.env.ROOT)
    const fakeSchema = { _zod: { def: { type: 'object' } } }
    let message, cause
    try {
      sdk.createInlineMcpServer('ns', { tools: { t: { description: 'd', parameters: fakeSchema, handler: async () => 1 } } })
    } catch (err) {
      message = err.message
      cause = err.cause && err.cause.code
    }
    console.log(JSON.stringify({ exports: typeof sdk.OctavusClient, message, cause }))
    `,
  )
  t.is(out.exports, 'function')
  t.is(out.cause, 'MODULE_NOT_FOUND')
  t.regex(out.message, /need zod 4/)
  t.regex(out.message, /npm install zod@\^4/)
})

test('a zod whose main entry is not zod 4 (zod 3.25) is used through its zod/v4 entry', (t) => {
  const out = runChild(
    t,
    `
    const Module = require('node:module')
    const load = Module._load
    const real = require.resolve('zod', { paths: [process.env.ROOT] })
    Module._load = function (request, ...rest) {
      if (request === 'zod') return { z: {}, ZodType: function () {} } // zod 3: no toJSONSchema
      if (request === 'zod/v4') return load.call(this, real, ...rest)
      return load.call(this, request, ...rest)
    }
    const sdk = require(process.env.ROOT)
    const { z } = load(real)
    const server = sdk.createInlineMcpServer('ns', { tools: { t: { description: 'd', parameters: z.object({ a: z.string() }), handler: async () => 1 } } })
    console.log(JSON.stringify(server.toolSchemas()[0].inputSchema.required))
    `,
  )
  t.deepEqual(out, ['a'])
})
