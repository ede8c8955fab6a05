'use strict'
// ToolSet: the server-side tool handlers of a session or worker run, as the execution host asks
// for them every round: the static `tools` (an object, class methods included), plus the tools
// added at run time (inline MCP servers, `setDynamicTools`), and the schemas those send along.

/** Names with a truthy handler: own and inherited (class methods too), up to Object.prototype. */
function handlerNames(tools) {
  const names = new Set()
  for (let o = tools; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== 'constructor' && !names.has(name) && tools[name]) names.add(name)
    }
  }
  return [...names]
}

/** A `ToolProvider`'s tools that have a handler, as `{ schema, handler }`. */
function toolsOfProvider(provider) {
  const handlers = provider.toolHandlers()
  return provider
    .toolSchemas()
    .filter((schema) => handlers[schema.name])
    .map((schema) => ({ schema, handler: handlers[schema.name] }))
}

class ToolSet {
  #static
  /** Handlers that join the static ones for good (inline MCP), and their schemas. */
  #added = {}
  #addedSchemas = []
  /** The latest `setDynamicTools` set (it wins over the others on a name), and its schemas. */
  #dynamic = {}
  #dynamicSchemas

  constructor(tools, dynamicToolSchemas) {
    this.#static = tools || {}
    this.#dynamicSchemas = dynamicToolSchemas
  }

  /** Adds handlers and schemas for good (inline MCP servers, already checked for clashes). */
  add(handlers, schemas) {
    Object.assign(this.#added, handlers)
    this.#addedSchemas.push(...schemas)
  }

  /** `setDynamicTools`: replaces the dynamic set (`DynamicTool[]` or a `ToolProvider`). */
  setDynamic(source) {
    const tools = Array.isArray(source) ? source : toolsOfProvider(source)
    const next = {}
    for (const tool of tools) next[tool.schema.name] = tool.handler
    this.#dynamic = next
    this.#dynamicSchemas = tools.map((tool) => tool.schema)
  }

  /** The static handlers (what `tools` was), for checks against name clashes. */
  get staticTools() {
    return this.#static
  }

  /** Names that have a handler now. */
  names() {
    const names = new Set(handlerNames(this.#static))
    for (const set of [this.#added, this.#dynamic]) for (const name of Object.keys(set)) if (set[name]) names.add(name)
    return [...names]
  }

  /** Calls a tool's handler (a static one with `this` bound to the tools object). */
  call(name, args) {
    if (Object.hasOwn(this.#dynamic, name) && this.#dynamic[name]) return this.#dynamic[name](args)
    if (Object.hasOwn(this.#added, name) && this.#added[name]) return this.#added[name](args)
    return this.#static[name](args)
  }

  /** `dynamicToolSchemas` for the next request: the added ones first; undefined when none were ever set. */
  schemas() {
    if (this.#addedSchemas.length === 0) return this.#dynamicSchemas
    return [...this.#addedSchemas, ...(this.#dynamicSchemas || [])]
  }
}

module.exports = { ToolSet, handlerNames }
