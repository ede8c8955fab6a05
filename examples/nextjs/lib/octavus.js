// The Octavus client for route handlers: a fresh OctavusClient per request, read from the
// environment. Construction is cheap; all clients share one connection pool.

import { ApiError, OctavusClient } from '@octavus/server-sdk'

export function getOctavusClient() {
  const baseUrl = process.env.OCTAVUS_API_URL
  const apiKey = process.env.OCTAVUS_API_KEY
  if (!baseUrl || !apiKey) {
    throw new Error('OCTAVUS_API_URL and OCTAVUS_API_KEY must be set (for example in .env.local)')
  }
  return new OctavusClient({ baseUrl, apiKey })
}

// Platform statuses that describe the browser's request; anything else is the server's problem.
const PASS_THROUGH_STATUSES = new Set([400, 404, 409, 422])

/** A JSON error Response for a failed platform call. */
export function errorResponse(err) {
  if (err instanceof ApiError) {
    const status = PASS_THROUGH_STATUSES.has(err.status) ? err.status : 502
    return Response.json({ error: err.message, code: err.code }, { status })
  }
  console.error(err)
  return Response.json({ error: 'Internal server error' }, { status: 500 })
}

/** The request's JSON body, or undefined when it is missing or malformed. */
export async function readJson(request) {
  try {
    return await request.json()
  } catch {
    return undefined
  }
}
