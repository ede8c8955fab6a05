// docs: 02-server-sdk_04-streaming.md ("Heartbeat") and the size guard of 6.4:
// toSSEStream with our heartbeat option and sync iterables (both ours: the official takes one
// AsyncIterable), and enforceToolResultsSize with the continuation limits, as a server relaying
// tool results would use them.
import {
  CONTINUATION_BODY_RESERVE_BYTES,
  MAX_CONTINUATION_BODY_BYTES,
  OctavusClient,
  enforceToolResultsSize,
  toSSEStream,
  type EnforceToolResultsSizeResult,
  type StreamEvent,
  type ToSSEStreamOptions,
  type ToolResult,
  type ToolResultTruncation,
} from '@octavus/server-sdk';

const client = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: 'k' });
const session = client.agentSessions.attach('session-id');

// The default heartbeat (every 15 s), a faster one, and none.
export function sse(request: Request): Response {
  const events = session.execute({ type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE: 'Hello!' } }, { signal: request.signal });
  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
}
const fast: ToSSEStreamOptions = { heartbeatMs: 5_000 };
const quiet = toSSEStream(session.execute({ type: 'trigger', triggerName: 't' }), { heartbeatMs: 0 });
const faster = toSSEStream(session.execute({ type: 'trigger', triggerName: 't' }), fast);

// Any iterable works, sync ones included (e.g. canned events in a test or a fallback answer).
const canned: StreamEvent[] = [
  { type: 'start', messageId: 'm1' },
  { type: 'text-start', id: 't1' },
  { type: 'text-delta', id: 't1', delta: 'Service is busy, try again shortly.' },
  { type: 'text-end', id: 't1' },
  { type: 'finish', finishReason: 'stop' },
];
const fallback: ReadableStream<Uint8Array> = toSSEStream(canned);
const promised: ReadableStream<Uint8Array> = toSSEStream([Promise.resolve(canned[0]!), canned[4]!]);
async function* generated(): AsyncGenerator<StreamEvent> {
  yield* canned;
}
const fromGenerator = toSSEStream(generated(), { heartbeatMs: 15_000 });

// The size guard: what the SDK does before every continuation, applied by hand to results
// the browser sent before relaying them.
export function relayable(results: ToolResult[]): ToolResult[] {
  const budget = MAX_CONTINUATION_BODY_BYTES - CONTINUATION_BODY_RESERVE_BYTES;
  const guarded: EnforceToolResultsSizeResult = enforceToolResultsSize(results, budget);
  for (const t of guarded.truncations) {
    const info: ToolResultTruncation = t;
    console.warn(`${info.toolCallId} cut from ${info.originalBytes} to ${info.keptBytes} bytes${info.variableCapture ? ' (variable)' : ''}`);
  }
  if (guarded.overflow) throw new Error('tool results too large to send');
  return guarded.results ?? [];
}
const none: EnforceToolResultsSizeResult = enforceToolResultsSize(undefined, 1024);

export { quiet, faster, fallback, promised, fromGenerator, none };
