// docs: 02-server-sdk_01-overview.md (and the seed copy 000_*.txt of the older overview).
import {
  OctavusClient,
  toSSEStream,
  type AgentsApi,
  type AgentSessionsApi,
  type AgentSession,
  type ContinueRequest,
  type ExpiredSessionState,
  type FileUploadRequest,
  type FilesApi,
  type OctavusClientConfig,
  type SessionAttachOptions,
  type SessionRequest,
  type SessionState,
  type StreamEvent,
  type ToolResult,
  type TriggerOptions,
  type TriggerRequest,
  type UISessionState,
  type UploadUrlsResponse,
  type WorkersApi,
} from '@octavus/server-sdk';

// "Basic Usage"
const client = new OctavusClient({
  baseUrl: 'https://octavus.ai',
  apiKey: 'your-api-key',
});

// "Session Management"
const sessionId = await client.agentSessions.create('clxyz123abc456', {
  COMPANY_NAME: 'Acme Corp',
  PRODUCT_NAME: 'Widget Pro',
});
const sessionMessages = await client.agentSessions.getMessages(sessionId);
const _sm: UISessionState | ExpiredSessionState = sessionMessages;

// "Tool Handlers"
const session = client.agentSessions.attach(sessionId, {
  tools: {
    'get-user-account': async (args) => {
      // Access your database, APIs, etc.
      return await db.users.findById(args.userId);
    },
  },
});

// "Streaming" (current overview uses execute(), the seed page uses trigger())
async function streamingSample(): Promise<Response> {
  const events = session.execute({
    type: 'trigger',
    triggerName: 'user-message',
    input: { USER_MESSAGE: 'Hello!' },
  });
  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

async function seedStreamingSample(): Promise<Response> {
  const events = session.trigger('user-message', {
    USER_MESSAGE: 'Hello!',
  });
  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

// "Workers"
async function workersSample(agentId: string, input: Record<string, unknown>) {
  const { output } = await client.workers.generate(agentId, {
    TOPIC: 'AI safety',
  });
  const _o: unknown = output;
  for await (const event of client.workers.execute(agentId, input)) {
    const _e: StreamEvent = event;
  }
}

// "API Reference" — the declared shapes.
const config: OctavusClientConfig = {
  baseUrl: 'https://octavus.ai',
  apiKey: 'key',
  traceModelRequests: false,
};
const configured = new OctavusClient(config);
const _agents: AgentsApi = configured.agents;
const _sessions: AgentSessionsApi = configured.agentSessions;
const _workers: WorkersApi = configured.workers;
const _files: FilesApi = configured.files;

// AgentSessionsApi signatures
const _create: (agentId: string, input?: Record<string, unknown>) => Promise<string> =
  configured.agentSessions.create;
const _get: (sessionId: string) => Promise<SessionState | ExpiredSessionState> =
  configured.agentSessions.get;
const _getMessages: (sessionId: string) => Promise<UISessionState | ExpiredSessionState> =
  configured.agentSessions.getMessages;
const _attach: (sessionId: string, options?: SessionAttachOptions) => AgentSession =
  configured.agentSessions.attach;

// SessionState / UISessionState as written in the reference block
const state: SessionState = {
  id: 's',
  agentId: 'a',
  input: {},
  variables: {},
  resources: {},
  messages: [],
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
};
const uiState: UISessionState = { sessionId: 's', agentId: 'a', messages: [] };

// AgentSession signatures
const _execute: (request: SessionRequest, options?: TriggerOptions) => AsyncGenerator<StreamEvent> =
  session.execute;
const _trigger: (triggerName: string, input?: Record<string, unknown>) => AsyncGenerator<StreamEvent> =
  session.trigger;
// The page's reference block says `string`; 6.4 declares `string | undefined` (a start() handle
// has no id before its first trigger), and so do we.
const _sid: string | undefined = session.getSessionId();

const triggerReq: TriggerRequest = { type: 'trigger', triggerName: 'user-message', input: {} };
const toolResult: ToolResult = { toolCallId: 'c1', toolName: 't', result: 1 };
const continueReq: ContinueRequest = { type: 'continue', executionId: 'e', toolResults: [toolResult] };
const requests: SessionRequest[] = [triggerReq, continueReq];

const _toSSE: (events: AsyncIterable<StreamEvent>) => ReadableStream<Uint8Array> = toSSEStream;

// FilesApi
const uploadReq: FileUploadRequest = { filename: 'a.png', mediaType: 'image/png', size: 1 };
const uploads: UploadUrlsResponse = await configured.files.getUploadUrls(sessionId, [uploadReq]);
const first: { id: string; uploadUrl: string; downloadUrl: string } = uploads.files[0]!;

export { streamingSample, seedStreamingSample, workersSample, state, uiState, requests, first };
