// docs: 02-server-sdk_07-debugging.md
import { OctavusClient } from '@octavus/server-sdk';

const client = new OctavusClient({
  baseUrl: process.env.OCTAVUS_API_URL!,
  apiKey: process.env.OCTAVUS_API_KEY!,
  traceModelRequests: true,
});

const envDriven = new OctavusClient({
  baseUrl: process.env.OCTAVUS_API_URL!,
  apiKey: process.env.OCTAVUS_API_KEY!,
  traceModelRequests: process.env.TRACE_MODEL_REQUESTS === 'true',
});

// The headers the client sends (X-Octavus-Trace among them when tracing is on); async since 6.x.
const headers: Record<string, string> = await client.getHeaders();
const _trace: string | undefined = headers['X-Octavus-Trace'];

export { client, envDriven };
