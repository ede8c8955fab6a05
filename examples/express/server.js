'use strict'
// Express backend for an Octavus chat: creates sessions and relays agent executions to the
// browser as Server-Sent Events. `createApp({ client })` builds the app; `node server.js` serves it.

const { Readable, pipeline } = require('node:stream')
const express = require('express')
const { OctavusClient, ApiError, toSSEStream } = require('@octavus/server-sdk')
const { createSupportTools } = require('./support-tools.js')

// Platform statuses that describe the browser's request; anything else is our server's problem.
const PASS_THROUGH_STATUSES = new Set([400, 404, 409, 422])

function sendError(res, err) {
  if (err instanceof ApiError) {
    const status = PASS_THROUGH_STATUSES.has(err.status) ? err.status : 502
    res.status(status).json({ error: err.message, code: err.code })
    return
  }
  console.error(err)
  res.status(500).json({ error: 'Internal server error' })
}

/**
 * The chat API.
 * - `client`: an OctavusClient.
 * - `agentId`: used by POST /api/sessions when the body names none.
 */
function createApp({ client, agentId } = {}) {
  if (!client) throw new TypeError('createApp needs { client }, an OctavusClient')
  const app = express()
  app.use(express.json({ limit: '1mb' }))

  // Body: { agentId?, input? } → { sessionId }
  app.post('/api/sessions', async (req, res) => {
    const body = req.body || {}
    const id = body.agentId || agentId
    if (typeof id !== 'string' || id === '') {
      res.status(400).json({ error: 'agentId is required' })
      return
    }
    try {
      const sessionId = await client.agentSessions.create(id, body.input)
      res.json({ sessionId })
    } catch (err) {
      sendError(res, err)
    }
  })

  // Body: { sessionId, type: 'trigger', triggerName, input? }
  //    or { sessionId, type: 'continue', executionId, toolResults } → an SSE stream of events.
  app.post('/api/trigger', (req, res) => {
    const { sessionId, ...payload } = req.body || {}
    if (typeof sessionId !== 'string' || sessionId === '') {
      res.status(400).json({ error: 'sessionId is required' })
      return
    }
    if (payload.type !== 'trigger' && payload.type !== 'continue') {
      res.status(400).json({ error: "type must be 'trigger' or 'continue'" })
      return
    }

    const session = client.agentSessions.attach(sessionId, {
      tools: createSupportTools({ userId: req.get('x-user-id') }),
    })

    // The browser going away (tab closed, stop button) aborts the execution on the platform.
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })

    const events = session.execute(payload, { signal: controller.signal })
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    res.flushHeaders()
    pipeline(Readable.fromWeb(toSSEStream(events)), res, (err) => {
      if (err && !controller.signal.aborted) console.error(`SSE relay for session ${sessionId} failed: ${err.message}`)
    })
  })

  // Malformed JSON and other errors as JSON, not Express's HTML page.
  app.use((err, req, res, next) => {
    if (res.headersSent) {
      next(err)
      return
    }
    const status = err.status || err.statusCode || 500
    res.status(status).json({ error: status < 500 ? err.message : 'Internal server error' })
  })

  return app
}

function main() {
  const { OCTAVUS_API_URL, OCTAVUS_API_KEY, OCTAVUS_AGENT_ID } = process.env
  if (!OCTAVUS_API_URL || !OCTAVUS_API_KEY) {
    console.error('Set OCTAVUS_API_URL and OCTAVUS_API_KEY (and OCTAVUS_AGENT_ID, the agent new sessions use).')
    process.exitCode = 1
    return
  }
  const client = new OctavusClient({ baseUrl: OCTAVUS_API_URL, apiKey: OCTAVUS_API_KEY })
  const port = Number(process.env.PORT || 3000)
  const host = process.env.HOST || '127.0.0.1'
  const server = createApp({ client, agentId: OCTAVUS_AGENT_ID }).listen(port, host, () => {
    const { address, port: actual } = server.address()
    console.log(`Octavus Express example listening on http://${address}:${actual}`)
  })
  const stop = () => {
    server.close()
    server.closeIdleConnections()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (require.main === module) main()

module.exports = { createApp }
