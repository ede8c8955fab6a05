// POST /api/upload-urls — { sessionId, files: [{ filename, mediaType, size }] } → presigned URLs.
// The browser PUTs each file to its uploadUrl, then sends the file references with its message.

import { errorResponse, getOctavusClient, readJson } from '../../../lib/octavus.js'

export const runtime = 'nodejs'

export async function POST(request) {
  const body = await readJson(request)
  if (!body || typeof body.sessionId !== 'string' || !Array.isArray(body.files)) {
    return Response.json({ error: 'Expected { sessionId, files: [{ filename, mediaType, size }] }' }, { status: 400 })
  }

  try {
    const result = await getOctavusClient().files.getUploadUrls(body.sessionId, body.files)
    return Response.json(result)
  } catch (err) {
    return errorResponse(err)
  }
}
