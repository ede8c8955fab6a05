#!/usr/bin/env node
'use strict'
// Logs a trace of what the SDK does, from its diagnostics channels (docs/observability.md):
// a REST call, then one execution whose first POST is answered 503 and retried, whose first
// round asks for a server tool, and whose second round ends it. Runs against the embedded mock
// platform: `node examples/trace.js`.

const dc = require('node:diagnostics_channel')
const { performance } = require('node:perf_hooks')
const { OctavusClient, diagnosticsChannels } = require('@octavus-rs/server-sdk')
const { createMockPlatform, sse } = require('@octavus-rs/server-sdk/testing')

// ---- the trace: one line per message ------------------------------------------------------
const t0 = performance.now()
const ms = (n) => `${n.toFixed(1)} ms`
const lines = {
  requestStart: (m) => `→ ${m.method} ${m.path}${m.round ? ` (round ${m.round}, attempt ${m.attempt})` : ''}`,
  requestFinish: (m) => `← ${m.status} ${m.method} ${m.path} in ${ms(m.durationMs)}`,
  requestError: (m) =>
    `✗ ${m.status ?? m.kind}${m.code ? ` ${m.code}` : ''} ${m.method} ${m.path} in ${ms(m.durationMs)}${m.retry ? ', will retry' : ''}`,
  executionStart: (m) => `execution #${m.executionSeq}: ${m.operation} on ${m.target} ${m.sessionId ?? m.agentId}`,
  executionRound: (m) => `execution #${m.executionSeq}: round ${m.round}`,
  toolStart: (m) => `  tool ${m.toolName} (${m.toolCallId})`,
  toolFinish: (m) => `  tool ${m.toolName}: ${m.outcome} in ${ms(m.durationMs)}`,
  toolError: (m) => `  tool ${m.toolName}: error "${m.message}" in ${ms(m.durationMs)}`,
  executionFinish: (m) => `execution #${m.executionSeq}: ${m.outcome}${m.code ? ` (${m.code})` : ''}, ${m.rounds} rounds in ${ms(m.durationMs)}`,
}
for (const [key, line] of Object.entries(lines)) {
  dc.subscribe(diagnosticsChannels[key], (m) => console.log(`${ms(performance.now() - t0).padStart(9)}  ${line(m)}`))
}

// ---- what is traced -------------------------------------------------------------------------
async function main() {
  const mock = await createMockPlatform({ apiKey: 'trace-key' })
  try {
    mock.rest.createSession('session-trace')
    mock.session('session-trace', [
      { status: 503, json: { error: 'Busy' }, headers: { 'Retry-After': '0' } },
      [
        sse.start('exec-1'),
        sse.toolRequest([{ toolCallId: 'call-1', toolName: 'lookup-order', args: { orderId: 'NW-1042' } }]),
        sse.finish('tool-calls'),
      ],
      [...sse.text('t1', 'Your order is in transit.', { chunks: 3 }), sse.finish('stop')],
    ])
    const client = new OctavusClient({ baseUrl: mock.url, apiKey: 'trace-key' })
    const sessionId = await client.agentSessions.create('support-agent', { COMPANY_NAME: 'Northwind' })
    const session = client.agentSessions.attach(sessionId, {
      tools: { 'lookup-order': async ({ orderId }) => ({ orderId, status: 'in transit' }) },
    })
    for await (const _event of session.trigger('user-message', { USER_MESSAGE: 'Where is my order?' })) {
      // the events go to the browser; the trace above shows what it took to produce them
    }
  } finally {
    await mock.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
