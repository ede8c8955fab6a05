// POST /api/sessions — { agentId?, input? } → { sessionId }. Called when the chat opens.

import { errorResponse, getOctavusClient, readJson } from '../../../lib/octavus.js'

export const runtime = 'nodejs'

export async function POST(request) {
  const body = await readJson(request)
  if (!body) return Response.json({ error: 'Expected a JSON body' }, { status: 400 })

  const agentId = body.agentId || process.env.OCTAVUS_AGENT_ID
  if (typeof agentId !== 'string' || agentId === '') {
    return Response.json({ error: 'agentId is required' }, { status: 400 })
  }

  try {
    // `input` holds the variables your agent's protocol declares (COMPANY_NAME, USER_ID, ...).
    const sessionId = await getOctavusClient().agentSessions.create(agentId, body.input)
    return Response.json({ sessionId })
  } catch (err) {
    return errorResponse(err)
  }
}
