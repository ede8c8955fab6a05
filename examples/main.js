#!/usr/bin/env node
'use strict'
// A backend conversation in the terminal: create a session, trigger a user message, run a server
// tool, forward a client tool and continue, follow the agent's summary, and stream the reply as it
// arrives.
// Uses an embedded mock platform unless OCTAVUS_API_URL and OCTAVUS_API_KEY name a real one.

const { OctavusClient, ApiError } = require('@octavus-rs/server-sdk')

const USER_MESSAGE = "Hi! My order NW-1042 hasn't arrived yet. Where is it, and is there a pickup point near me?"
const MAX_CONTINUATIONS = 5

// Your data, reached by the server tool (a database in a real app).
const ORDERS = {
  'NW-1042': {
    orderId: 'NW-1042',
    status: 'in transit',
    carrier: 'PostNL',
    lastScan: 'Rotterdam sorting centre',
    estimatedDelivery: '7 March',
  },
}

// Server tools run here, in this process; tools without a handler go to the client.
const serverTools = {
  'lookup-order': async (args) => {
    const order = ORDERS[String(args.orderId || '').toUpperCase()]
    if (!order) throw new Error(`No order with id ${args.orderId}`)
    return order
  },
}

// What the browser would answer for client tools (this demo has no browser).
const clientTools = {
  'get-browser-location': () => ({ city: 'Utrecht', latitude: 52.0907, longitude: 5.1214 }),
}

/** Writes streamed text inline and everything else on lines of its own. */
function createPrinter(out) {
  let midLine = false
  const endLine = () => {
    if (midLine) out.write('\n')
    midLine = false
  }
  return {
    text(chunk) {
      if (chunk.length === 0) return
      out.write(chunk)
      midLine = !chunk.endsWith('\n')
    },
    endLine,
    line(text) {
      endLine()
      out.write(`${text}\n`)
    },
  }
}

/** Where to run: the embedded mock, a real platform, or a configuration error to report. */
function resolveTarget(env) {
  const baseUrl = env.OCTAVUS_API_URL
  const apiKey = env.OCTAVUS_API_KEY
  if (!baseUrl && !apiKey) return { mode: 'mock' }
  if (!baseUrl || !apiKey) {
    const missing = baseUrl ? 'OCTAVUS_API_KEY' : 'OCTAVUS_API_URL'
    return {
      error: `${missing} is not set. Set both OCTAVUS_API_URL and OCTAVUS_API_KEY to use a real platform, or neither to use the embedded mock.`,
    }
  }
  if (!env.OCTAVUS_AGENT_ID) {
    return {
      error:
        'OCTAVUS_AGENT_ID is not set. To run against a real platform set OCTAVUS_AGENT_ID to the id of an ' +
        'interactive agent (from the platform URL or `octavus sync`), or unset OCTAVUS_API_URL and ' +
        'OCTAVUS_API_KEY to use the embedded mock.',
    }
  }
  let input = { COMPANY_NAME: 'Northwind Outfitters' }
  if (env.OCTAVUS_SESSION_INPUT) {
    try {
      input = JSON.parse(env.OCTAVUS_SESSION_INPUT)
    } catch (err) {
      return { error: `OCTAVUS_SESSION_INPUT is not valid JSON: ${err.message}` }
    }
  }
  return { mode: 'platform', baseUrl, apiKey, agentId: env.OCTAVUS_AGENT_ID, input }
}

/** Runs one request to its end, printing as events arrive. */
async function runExecution(session, request, ctx) {
  const { print, stats } = ctx
  const toolNames = new Map()
  let reasoning = ''
  let clientToolRequest = null
  let finishReason = null
  stats.requests[request.type]++
  for await (const event of session.execute(request)) {
    stats.events++
    switch (event.type) {
      case 'reasoning-delta':
        reasoning += event.delta
        break
      case 'reasoning-end':
        print.line(`  (thinking) ${reasoning}`)
        reasoning = ''
        break
      case 'text-start':
        print.line('')
        print.text('assistant: ')
        break
      case 'text-delta':
        print.text(event.delta)
        stats.textDeltas++
        stats.textChars += event.delta.length
        break
      case 'text-end':
        print.endLine()
        break
      case 'tool-input-available':
        toolNames.set(event.toolCallId, event.toolName)
        print.line(`  [tool call] ${event.toolName} ${JSON.stringify(event.input)}`)
        break
      case 'tool-output-available': {
        const name = toolNames.get(event.toolCallId) || event.toolCallId
        stats.serverTools.push(name)
        print.line(`  [server tool] ${name} -> ${JSON.stringify(event.output)}`)
        break
      }
      case 'tool-output-error':
        stats.serverTools.push(toolNames.get(event.toolCallId) || event.toolCallId)
        print.line(`  [server tool failed] ${toolNames.get(event.toolCallId) || event.toolCallId}: ${event.error}`)
        break
      case 'resource-update':
        // The agent's CONVERSATION_SUMMARY, read from the stream (the Resource class still works
        // but is deprecated since 6.x, and the official example app no longer uses it).
        stats.resourceEvents++
        print.line(`  [resource] ${event.name} = ${JSON.stringify(event.value)}`)
        break
      case 'client-tool-request':
        clientToolRequest = event
        for (const call of event.toolCalls) {
          print.line(`  [client tool request] ${call.toolName} ${JSON.stringify(call.args)} (execution ${event.executionId})`)
        }
        break
      case 'error':
        stats.errors++
        print.line(`  [error] ${event.errorType}: ${event.message}`)
        break
      case 'finish':
        finishReason = event.finishReason
        break
      default:
        break
    }
  }
  print.endLine()
  return { clientToolRequest, finishReason }
}

/** The browser's side of a client-tool-request: one result per call, server results included. */
function answerClientTools(event, ctx) {
  const results = [...(event.serverToolResults || [])]
  for (const call of event.toolCalls) {
    ctx.stats.clientTools.push(call.toolName)
    const handler = clientTools[call.toolName]
    if (handler) {
      const result = handler(call.args)
      ctx.print.line(`  [client tool result] ${call.toolName} -> ${JSON.stringify(result)}`)
      results.push({ toolCallId: call.toolCallId, toolName: call.toolName, result })
    } else {
      const error = `${call.toolName} is not available in this terminal demo`
      ctx.print.line(`  [client tool result] ${call.toolName} -> error: ${error}`)
      results.push({ toolCallId: call.toolCallId, toolName: call.toolName, error })
    }
  }
  return results
}

async function converse(target, print) {
  const started = Date.now()
  const stats = {
    requests: { trigger: 0, continue: 0 },
    events: 0,
    textDeltas: 0,
    textChars: 0,
    serverTools: [],
    clientTools: [],
    resourceEvents: 0,
    errors: 0,
  }
  const ctx = { print, stats }
  const client = new OctavusClient({ baseUrl: target.baseUrl, apiKey: target.apiKey })

  const sessionId = await client.agentSessions.create(target.agentId, target.input)
  print.line(`Session created: ${sessionId} (agent ${target.agentId})`)

  const session = client.agentSessions.attach(sessionId, { tools: serverTools })

  print.line('')
  print.line(`user: ${USER_MESSAGE}`)
  let outcome = await runExecution(session, { type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE } }, ctx)

  for (let i = 0; outcome.clientToolRequest && i < MAX_CONTINUATIONS; i++) {
    const { executionId } = outcome.clientToolRequest
    const toolResults = answerClientTools(outcome.clientToolRequest, ctx)
    print.line(`  [continue] execution ${executionId} with ${toolResults.length} tool result(s)`)
    outcome = await runExecution(session, { type: 'continue', executionId, toolResults }, ctx)
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`
  print.line('')
  print.line('Summary')
  print.line(`  session:         ${sessionId}`)
  print.line(`  requests:        ${stats.requests.trigger} trigger, ${stats.requests.continue} continue`)
  print.line(`  server tools:    ${stats.serverTools.join(', ') || 'none'}`)
  print.line(`  client tools:    ${stats.clientTools.join(', ') || 'none'}`)
  print.line(`  resource events: ${stats.resourceEvents}`)
  print.line(`  streamed text:   ${plural(stats.textChars, 'character')} in ${plural(stats.textDeltas, 'delta')}`)
  print.line(`  stream events:   ${stats.events}${stats.errors ? ` (${plural(stats.errors, 'error')})` : ''}`)
  print.line(`  finish reason:   ${outcome.finishReason || 'none'}`)
  print.line(`  time:            ${Date.now() - started} ms`)
  return stats
}

async function main() {
  const print = createPrinter(process.stdout)
  const target = resolveTarget(process.env)
  if (target.error) {
    console.error(target.error)
    process.exitCode = 1
    return
  }

  let platform = null
  if (target.mode === 'mock') {
    const { startDemoPlatform } = require('./demo-platform.js')
    platform = await startDemoPlatform()
    Object.assign(target, {
      baseUrl: platform.url,
      apiKey: platform.apiKey,
      agentId: platform.agentId,
      input: { COMPANY_NAME: 'Northwind Outfitters' },
    })
    print.line(`Octavus server SDK demo, against the embedded mock platform at ${platform.url}`)
    print.line('(set OCTAVUS_API_URL, OCTAVUS_API_KEY and OCTAVUS_AGENT_ID to talk to a real platform)')
  } else {
    print.line(`Octavus server SDK demo, against the platform at ${target.baseUrl}`)
  }

  try {
    const stats = await converse(target, print)
    if (stats.errors > 0) process.exitCode = 1
  } finally {
    if (platform) await platform.close()
  }
}

main().catch((err) => {
  const detail = err instanceof ApiError ? `${err.message} (HTTP ${err.status})` : (err && err.stack) || String(err)
  console.error(`Demo failed: ${detail}`)
  process.exitCode = 1
})
