// docs: 02-server-sdk_02-sessions.md (6.4 parts): start() with its first trigger, the attach
// options (onToolResults with the media normaliser, rejectClientToolCalls, mcpServers,
// onToolResultTruncated), getLogs with a default branch, sender.
import {
  AgentSession,
  OctavusClient,
  createInlineMcpServer,
  normalizeToolResultMedia,
  normalizeToolResultOutputFiles,
  toSSEStream,
  type ExecutionLogEntry,
  type InlineMcpServer,
  type SessionAttachOptions,
  type SessionConfig,
  type StartSessionOptions,
  type ToolResult,
  type ToolResultTruncation,
  type UIMessageSender,
} from '@octavus/server-sdk';

declare function authenticate(request: Request): Promise<{ id: string; name: string; avatarUrl: string }>;
declare const github: InlineMcpServer;

const client = new OctavusClient({
  baseUrl: process.env.OCTAVUS_API_URL!,
  apiKey: process.env.OCTAVUS_API_KEY!,
});

// "Create and Trigger in One Call": the first execute() creates the session.
export async function startChat(request: Request): Promise<Response> {
  const { chatId, message, model } = (await request.json()) as { chatId: string; message: string; model: string };
  const session = client.agentSessions.start({
    agentId: 'support-chat',
    input: { COMPANY_NAME: 'Acme Corp', MODEL: model },
    idempotencyKey: chatId,
    onSessionCreated: (sessionId) => {
      const id: string = sessionId;
      void db.chats.update({ where: { id: chatId }, data: { sessionId: id } });
    },
  });
  // No id until the first trigger ran.
  const before: string | undefined = session.getSessionId();
  void before;
  const events = session.execute(
    { type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE: message } },
    { signal: request.signal },
  );
  return new Response(toSSEStream(events), { headers: { 'Content-Type': 'text/event-stream' } });
}

// start() takes every attach option too.
const startOptions: StartSessionOptions = {
  agentId: 'support-chat',
  tools: { 'get-user-account': async (args) => ({ id: args.userId }) },
  mcpServers: [github],
  rejectClientToolCalls: true,
  onToolResults: async (results) => {
    await normalizeToolResultMedia(results, client.files, 'session-id');
  },
};
const started: AgentSession = client.agentSessions.start(startOptions);
const asAttach: SessionAttachOptions = startOptions;

// "Attach Options": normalise media in tool results before they are sent back.
function attachWithMedia(sessionId: string): AgentSession {
  return client.agentSessions.attach(sessionId, {
    tools: {
      'take-screenshot': async () => [{ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }],
    },
    onToolResults: async (results: ToolResult[]) => {
      await normalizeToolResultMedia(results, client.files, sessionId);
      await normalizeToolResultOutputFiles(results, client.files, sessionId);
    },
    onToolResultTruncated: (info: ToolResultTruncation) => {
      console.warn(`${info.toolName ?? info.toolCallId}: ${info.originalBytes} -> ${info.keptBytes} bytes`, info.variableCapture);
    },
  });
}

// Server-only tools: a call without a handler becomes a tool error, never a client request.
const serverOnly = client.agentSessions.attach('session-id', {
  tools: { 'get-order': async (args) => ({ id: args.orderId }) },
  rejectClientToolCalls: true,
});

// Inline MCP servers on attach ("Attaching to a Session" of the inline MCP page).
const salesforce = createInlineMcpServer('salesforce', { tools: {} });
const withMcp = client.agentSessions.attach('session-id', { mcpServers: [github, salesforce] });

// "Attributing Messages in Multi-User Chats": sender from your own auth.
export async function multiUser(request: Request): Promise<Response> {
  const user = await authenticate(request);
  const { sessionId, ...payload } = (await request.json()) as { sessionId: string; triggerName: string; input?: Record<string, unknown> };
  const sender: UIMessageSender = { id: user.id, name: user.name, image: user.avatarUrl };
  const session = client.agentSessions.attach(sessionId);
  const events = session.execute({ type: 'trigger', ...payload, sender }, { signal: request.signal });
  return new Response(toSSEStream(events));
}

// "Getting Execution Logs": narrow on the entry type, with a default branch for new ones.
// The page tests `result.status === 'expired'`, which ExecutionLogsResult (no `status`) does not
// allow, in the official 6.4 declarations as in ours (doc-divergences.ts); `in` narrows instead.
async function summarizeLogs(sessionId: string): Promise<string[]> {
  const result = await client.agentSessions.getLogs(sessionId, { excludeModelRequests: true });
  if ('status' in result) return [`${result.status} ${result.sessionId}`];
  if (result.truncated) console.warn(`Showing latest ${result.entries.length} of ${result.total} entries`);
  const lines: string[] = [];
  for (const entry of result.entries) {
    switch (entry.type) {
      case 'tool-call':
        lines.push(`${entry.toolName} ${JSON.stringify(entry.toolArguments)}`);
        break;
      case 'step-stats':
        lines.push(`tokens out: ${entry.stepStats?.usage.outputTokens ?? 0}`);
        break;
      case 'error':
        lines.push(`error: ${entry.error?.message ?? ''}`);
        break;
      default:
        lines.push(`${entry.type} at ${entry.timestamp}`);
    }
  }
  const toolCalls = result.entries.filter((e): e is Extract<ExecutionLogEntry, { type: 'tool-call' }> => e.type === 'tool-call');
  return [...lines, ...toolCalls.map((c) => c.toolName ?? '?')];
}

// The constructor form of a deferred start, as agentSessions.start() builds it.
const deferredConfig: SessionConfig = {
  config: { baseUrl: 'https://octavus.ai', getHeaders: async () => ({ Authorization: 'Bearer k' }) },
  deferredStart: { agentId: 'support-chat', onSessionCreated: (id) => console.log(id) },
};
const deferred = new AgentSession(deferredConfig);

export { started, asAttach, attachWithMedia, serverOnly, withMcp, summarizeLogs, deferred };
