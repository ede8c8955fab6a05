// docs: 02-server-sdk_02-sessions.md
import {
  ApiError,
  OctavusClient,
  toSSEStream,
  type ClearSessionResult,
  type ContinueRequest,
  type ExpiredSessionState,
  type RestoreSessionResult,
  type SessionRequest,
  type SocketMessage,
  type ToolResult,
  type TriggerRequest,
  type UIMessage,
  type UISessionState,
} from '@octavus/server-sdk';

// "Creating Sessions"
const client = new OctavusClient({
  baseUrl: process.env.OCTAVUS_API_URL!,
  apiKey: process.env.OCTAVUS_API_KEY!,
});

const sessionId = await client.agentSessions.create('support-chat', {
  COMPANY_NAME: 'Acme Corp',
  PRODUCT_NAME: 'Widget Pro',
  USER_ID: 'user-123', // Optional inputs
});
console.log('Session created:', sessionId);

// "Getting Session Messages" — the page reads fields without checking `status`
// first; with the real return type (a union with ExpiredSessionState) `messages`
// needs the active branch. See doc-divergences.ts for the unnarrowed form.
{
  const session = await client.agentSessions.getMessages(sessionId);
  if (session.status !== 'expired') {
    console.log({
      sessionId: session.sessionId,
      agentId: session.agentId,
      messages: session.messages.length, // UIMessage[] ready for frontend
    });
  }
}

// "UISessionState Interface"
const uiStateShape: UISessionState = { sessionId: 's', agentId: 'a', messages: [] as UIMessage[] };

// "Full Session State (Debug)" — likewise narrowed (see doc-divergences.ts).
{
  const state = await client.agentSessions.get(sessionId);
  if (state.status !== 'expired') {
    console.log({
      id: state.id,
      agentId: state.agentId,
      messages: state.messages.length, // ChatMessage[] (internal format)
      resources: state.resources,
      variables: state.variables,
      createdAt: state.createdAt,
      updatedAt: state.updatedAt,
    });
  }
}

// "Attaching to Sessions"
{
  const session = client.agentSessions.attach(sessionId, {
    tools: {
      // Tool handlers (see Tools documentation)
    },
    resources: [
      // Resource watchers (optional)
    ],
  });
  void session;
}

// "Executing Requests"
async function executingRequests(request: Request): Promise<Response> {
  const session = client.agentSessions.attach(sessionId, {});
  // execute() handles both triggers and client tool continuations
  const events = session.execute(
    { type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE: 'Hello!' } },
    { signal: request.signal },
  );

  // Convert to SSE stream for HTTP responses
  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

// "Request Types"
const trigger: TriggerRequest = {
  type: 'trigger',
  triggerName: 'user-message',
  input: {},
  rollbackAfterMessageId: 'msg-1', // For retry: truncate messages after this ID
};
const triggerRollbackAll: TriggerRequest = {
  type: 'trigger',
  triggerName: 'user-message',
  rollbackAfterMessageId: null,
};
const cont: ContinueRequest = { type: 'continue', executionId: 'e', toolResults: [] as ToolResult[] };
const unionCheck: SessionRequest[] = [trigger, triggerRollbackAll, cont];

// "Simple passthrough from HTTP request body"
export async function POST(request: Request) {
  const body = await request.json();
  const { sessionId, ...payload } = body;

  const session = client.agentSessions.attach(sessionId, {
    tools: {
      /* ... */
    },
  });
  const events = session.execute(payload, { signal: request.signal });

  return new Response(toSSEStream(events));
}

// "Stop Support"
async function stopSupport(request: Request & SessionRequest) {
  const session = client.agentSessions.attach(sessionId);
  const events = session.execute(request, {
    signal: request.signal, // Forward the client's abort signal
  });
  return events;
}

// "WebSocket Handling"
declare const conn: {
  on(event: 'data', listener: (rawData: string) => void | Promise<void>): void;
  write(data: string): boolean;
};
{
  const session = client.agentSessions.attach(sessionId);
  conn.on('data', async (rawData: string) => {
    const msg = JSON.parse(rawData);

    if (msg.type === 'trigger' || msg.type === 'continue' || msg.type === 'stop') {
      await session.handleSocketMessage(msg as SocketMessage, {
        onEvent: (event) => conn.write(JSON.stringify(event)),
        onFinish: async () => {
          // Fetch and persist messages to your database for restoration
        },
      });
    }
  });
}

// "Session Expiration"
{
  const result = await client.agentSessions.getMessages(sessionId);

  if (result.status === 'expired') {
    // Session has expired - restore or create new
    console.log('Session expired:', result.sessionId);
    const expired: ExpiredSessionState = result;
    console.log(expired.createdAt);
  } else {
    // Session is active
    console.log('Messages:', result.messages.length);
  }
}

// "Persisting Chat History"
async function persist(chatId: string) {
  // After each trigger completes, save messages
  const result = await client.agentSessions.getMessages(sessionId);

  if (result.status === 'active') {
    // Store in your database
    await db.chats.update({
      where: { id: chatId },
      data: {
        sessionId: result.sessionId,
        messages: result.messages, // Store UIMessage[] as JSON
      },
    });
  }
}

// "Restoring Sessions"
async function restoreFlow(chatId: string) {
  // 1. Load stored data from your database
  const chat = await db.chats.findUnique({ where: { id: chatId } });

  // 2. Check if session is still active
  const result = await client.agentSessions.getMessages(chat.sessionId);

  if (result.status === 'active') {
    // Session is active - use it directly
    return {
      sessionId: result.sessionId,
      messages: result.messages,
    };
  }

  // 3. Session expired - restore from stored messages
  if (chat.messages && chat.messages.length > 0) {
    const restored = await client.agentSessions.restore(
      chat.sessionId,
      chat.messages,
      { COMPANY_NAME: 'Acme Corp' }, // Optional: same input as create()
    );

    if (restored.restored) {
      // Session restored successfully
      return {
        sessionId: restored.sessionId,
        messages: chat.messages,
      };
    }
  }

  // 4. Cannot restore - create new session
  const newSessionId = await client.agentSessions.create('support-chat', {
    COMPANY_NAME: 'Acme Corp',
  });

  return {
    sessionId: newSessionId,
    messages: [],
  };
}

// "Restore Response"
const restoreShape: RestoreSessionResult = { sessionId: 's', restored: true };

// "Complete Example"
async function getOrCreateSession(chatId: string, agentId: string, input: Record<string, unknown>) {
  // Load existing chat data
  const chat = await db.chats.findUnique({ where: { id: chatId } });

  if (chat?.sessionId) {
    // Check session status
    const result = await client.agentSessions.getMessages(chat.sessionId);

    if (result.status === 'active') {
      return { sessionId: result.sessionId, messages: result.messages };
    }

    // Try to restore expired session
    if (chat.messages?.length > 0) {
      const restored = await client.agentSessions.restore(chat.sessionId, chat.messages, input);
      if (restored.restored) {
        return { sessionId: restored.sessionId, messages: chat.messages };
      }
    }
  }

  // Create new session
  const sessionId = await client.agentSessions.create(agentId, input);

  // Save to database
  await db.chats.upsert({
    where: { id: chatId },
    create: { id: chatId, sessionId, messages: [] },
    update: { sessionId, messages: [] },
  });

  return { sessionId, messages: [] };
}

// "Clearing Sessions"
{
  const result = await client.agentSessions.clear(sessionId);
  console.log(result.cleared); // true
  const shape: ClearSessionResult = result;
  const _id: string = shape.sessionId;
}

// "Error Handling"
try {
  const session = await client.agentSessions.getMessages(sessionId);
  void session;
} catch (error) {
  if (error instanceof ApiError) {
    if (error.status === 404) {
      // Session not found or expired
      console.log('Session expired, create a new one');
    } else {
      console.error('API Error:', error.message);
    }
  }
  throw error;
}

export {
  uiStateShape,
  executingRequests,
  unionCheck,
  stopSupport,
  persist,
  restoreFlow,
  restoreShape,
  getOrCreateSession,
};
