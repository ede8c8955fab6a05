// docs: 07-migration_01-v1-to-v2.md (server-side parts; the client-sdk/react
// snippets belong to other packages). The page's `new AgentSession({ sessionId,
// agentId, apiKey })` call does not match the constructor of the real package
// either — see doc-divergences.ts; here the session is built the supported way.
import {
  AgentSession,
  OctavusClient,
  toSSEStream,
  type ClientToolRequestEvent,
  type FileReference,
  type FinishEvent,
  type FinishReason,
  type PendingToolCall,
  type SessionRequest,
  type StartEvent,
  type StreamEvent,
  type ToolResult,
  type UIMessage,
} from '@octavus/server-sdk';

const client = new OctavusClient({
  baseUrl: 'https://octavus.ai',
  apiKey: process.env.OCTAVUS_API_KEY!,
});

function sessionFor(sessionId: string): AgentSession {
  return new AgentSession({
    sessionId,
    config: { baseUrl: client.baseUrl, getHeaders: () => client.getHeaders() },
  });
}

// "Server SDK Route Handler" — Before (v1): trigger()
export async function POST_v1(request: Request) {
  const { sessionId, triggerName, input } = await request.json();

  const session = sessionFor(sessionId);

  const events = session.trigger(triggerName, input, { signal: request.signal });
  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

// "Server SDK Route Handler" — After (v2): execute() with a typed SessionRequest
export async function POST(request: Request) {
  const body = (await request.json()) as { sessionId: string } & SessionRequest;
  const { sessionId, ...sessionRequest } = body;

  const session = sessionFor(sessionId);

  const events = session.execute(sessionRequest, { signal: request.signal });
  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

// The payload union as described on the page.
const triggerPayload: SessionRequest = { type: 'trigger', triggerName: 'user-message', input: {} };
const continuePayload: SessionRequest = { type: 'continue', executionId: 'e', toolResults: [] as ToolResult[] };

// "Type imports remain the same"
type _ReExported = [StreamEvent, UIMessage, FileReference];

// "Stream Event Changes"
const start: StartEvent = { type: 'start', messageId: 'm', executionId: 'e' };
const finish: FinishEvent = { type: 'finish', finishReason: 'client-tool-calls', executionId: 'e' };
const allReasons: FinishReason[] = [
  'stop',
  'tool-calls',
  'client-tool-calls', // New in v2
  'length',
  'content-filter',
  'error',
  'other',
];
const pending: PendingToolCall = { toolCallId: 'c', toolName: 't', args: {} };
const clientToolRequest: ClientToolRequestEvent = {
  type: 'client-tool-request',
  executionId: 'e',
  toolCalls: [pending],
  serverToolResults: [{ toolCallId: 'c0', toolName: 'server-tool', result: 1 }],
};

export { triggerPayload, continuePayload, start, finish, allReasons, clientToolRequest };
