// POST /api/trigger — runs a trigger or a client-tool continuation and streams its events (SSE).
// The browser's transport posts { sessionId, type: 'trigger' | 'continue', ... }.

import { toSSEStream } from '@octavus/server-sdk'
import { getOctavusClient, readJson } from '../../../lib/octavus.js'
import { createSupportTools } from '../../../lib/support-tools.js'

// The SDK is a native addon: route handlers using it run on the Node.js runtime, not Edge.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

export async function POST(request) {
  const body = await readJson(request)
  const { sessionId, ...payload } = body || {}
  if (typeof sessionId !== 'string' || sessionId === '') {
    return Response.json({ error: 'sessionId is required' }, { status: 400 })
  }
  if (payload.type !== 'trigger' && payload.type !== 'continue') {
    return Response.json({ error: "type must be 'trigger' or 'continue'" }, { status: 400 })
  }

  const session = getOctavusClient().agentSessions.attach(sessionId, {
    tools: createSupportTools({ userId: request.headers.get('x-user-id') ?? undefined }),
  })

  // request.signal aborts when the browser disconnects or stops: the execution stops with it.
  const events = session.execute(payload, { signal: request.signal })

  return new Response(toSSEStream(events), {
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    },
  })
}
