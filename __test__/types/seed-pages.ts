// seed pages: 001_*.txt (npm README of the package), 000_*.txt (older overview
// built around trigger()) and 004_*.txt (REST overview; only its SSE sample
// matters here, checked as StreamEvent values).
import {
  OctavusClient,
  Resource,
  toSSEStream,
  type Agent,
  type AgentDefinition,
  type SessionAttachOptions,
  type StreamEvent,
  type UIMessage,
} from '@octavus/server-sdk';

declare const agentId: string;
declare const input: Record<string, unknown>;
declare const storedMessages: UIMessage[];
declare const options: SessionAttachOptions;
declare const socket: { emit(name: string, payload: unknown): void };

// README "Quick Start"
const client = new OctavusClient({
  baseUrl: process.env.OCTAVUS_BASE_URL!,
  apiKey: process.env.OCTAVUS_API_KEY,
});

const sessionId = await client.agentSessions.create(agentId, {
  COMPANY_NAME: 'Acme Corp',
});

const quickSession = client.agentSessions.attach(sessionId, {
  tools: {
    'get-user': async (args) => {
      return await db.users.findById(args.userId);
    },
    'create-ticket': async (args) => {
      return await ticketService.create(args);
    },
  },
});

async function quickStart(): Promise<Response> {
  const events = quickSession.trigger('user-message', { USER_MESSAGE: 'Hello!' });
  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

// README "Configuration"
const configured = new OctavusClient({
  baseUrl: 'https://api.octavus.ai', // Or your self-hosted URL
  apiKey: 'your-api-key', // Optional: for authenticated requests
});
const anonymous = new OctavusClient({ baseUrl: 'https://api.octavus.ai' });

// README "Agent Sessions API"
{
  const sessionId = await client.agentSessions.create(agentId, input);
  const state = await client.agentSessions.get(sessionId);
  void state;
  // (the README destructures `{ messages, status }` without narrowing; see doc-divergences.ts)
  const ui = await client.agentSessions.getMessages(sessionId);
  const { status } = ui;
  const messages = ui.status === 'expired' ? [] : ui.messages;
  void status;
  void messages;
  await client.agentSessions.restore(sessionId, storedMessages, input);
  const session = client.agentSessions.attach(sessionId, options);
  void session;
}

// README "Agents API"
const agents: Agent[] = await client.agents.list();
const agent: AgentDefinition = await client.agents.get(agentId);
console.log(agents[0]?.slug, agents[0]?.description, agent.settings.format, agent.prompts, agent.protocol);

// README "Files API"
{
  const session = client.agentSessions.attach(sessionId);
  const { files } = await client.files.getUploadUrls(sessionId, [
    { filename: 'photo.jpg', mediaType: 'image/jpeg', size: 102400 },
  ]);

  await fetch(files[0]!.uploadUrl, {
    method: 'PUT',
    body: imageFile,
    headers: { 'Content-Type': 'image/jpeg' },
  });

  await session.trigger('user-message', {
    FILES: [{ id: files[0]!.id, url: files[0]!.downloadUrl, mediaType: 'image/jpeg' }],
  });
}

// README "AgentSession / Triggering Events"
async function triggeringEvents(): Promise<Response> {
  const session = client.agentSessions.attach(sessionId, {
    tools: {
      'tool-name': async (args) => {
        // Execute tool and return result
        return { success: true };
      },
    },
  });

  // Stream events (for WebSocket/Socket.io)
  for await (const event of session.trigger('user-message', input)) {
    socket.emit('stream-event', event);
  }

  // Convert to SSE (for HTTP endpoints)
  const events = session.trigger('user-message', input);
  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

// README "Tool Handlers"
const toolSession = client.agentSessions.attach(sessionId, {
  tools: {
    'get-user-account': async (args) => {
      return await db.users.findById(args.userId);
    },
    'create-support-ticket': async (args) => {
      return await ticketService.create({
        summary: args.summary,
        priority: args.priority,
      });
    },
  },
});

// README "Resource Handlers"
class ConversationSummaryResource extends Resource {
  readonly name = 'CONVERSATION_SUMMARY';

  async onUpdate(value: unknown) {
    // Persist to database, trigger webhooks, etc.
    await db.sessions.update(sessionId, { summary: value });
  }
}

const resourceSession = client.agentSessions.attach(sessionId, {
  resources: [new ConversationSummaryResource()],
});

// A synchronous onUpdate is allowed as well.
class SyncResource extends Resource {
  readonly name = 'OTHER';
  onUpdate(value: unknown): void {
    void value;
  }
}
const resources: Resource[] = [new ConversationSummaryResource(), new SyncResource()];

// README "Abort Support"
function abortSupport(request: Request) {
  const events = quickSession.trigger('user-message', input, {
    signal: request.signal, // AbortSignal from request
  });
  return events;
}

// README "Expired Sessions"
{
  const result = await client.agentSessions.getMessages(sessionId);

  if (result.status === 'expired') {
    // Restore from your stored messages
    await client.agentSessions.restore(sessionId, storedMessages);
  }
}

// 000_*.txt "AgentSession" reference block (older API level)
const triggerSig: (triggerName: string, input?: Record<string, unknown>) => AsyncGenerator<StreamEvent> =
  quickSession.trigger;

// 004_*.txt — the SSE response sample, event by event
const sseSample: StreamEvent[] = [
  { type: 'start', messageId: '...' },
  { type: 'block-start', blockId: '...', blockName: 'Respond', blockType: 'next-message', display: 'stream' },
  { type: 'text-start', id: '...' },
  { type: 'text-delta', id: '...', delta: 'Hello' },
  { type: 'text-delta', id: '...', delta: '!' },
  { type: 'text-end', id: '...' },
  { type: 'block-end', blockId: '...' },
  { type: 'finish', finishReason: 'stop' },
];

export {
  quickStart,
  configured,
  anonymous,
  triggeringEvents,
  toolSession,
  resourceSession,
  resources,
  abortSupport,
  triggerSig,
  sseSample,
};
