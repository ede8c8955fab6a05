// docs: 06-examples_03-socket-chat.md (server-side snippets other than the
// server/ files) and 03-client-sdk_05-socket-transport.md (server handlers).
import sockjs from 'sockjs';
import {
  OctavusClient,
  type AgentSession,
  type SocketMessage,
  type SocketMessageHandlers,
  type StopMessage,
  type StreamEvent,
} from '@octavus/server-sdk';
import { octavus, AGENT_ID } from './server/octavus/client';

declare const conn: sockjs.Connection;
declare const session: AgentSession;

// 06 "Custom Events" — server side
conn.write(
  JSON.stringify({
    type: 'typing-indicator',
    isTyping: true,
  }),
);

// 06 "Protocol Integration / Messages" — the three client messages and the handler call
const messages: SocketMessage[] = [
  { type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE: 'Hello' } },
  { type: 'continue', executionId: '...', toolResults: [] },
  { type: 'stop' },
];
const stop: StopMessage = { type: 'stop' };
for (const msg of [...messages, stop]) {
  await session.handleSocketMessage(msg, {
    onEvent: (event) => conn.write(JSON.stringify(event)),
  });
}

// 06 "Tools" — server tool handlers
const toolsSession = octavus.agentSessions.attach('s', {
  tools: {
    'get-user-account': async (args) => {
      const userId = args.userId as string;
      return await db.users.find(userId);
    },
    // get-browser-location has no handler - forwarded to client
  },
});
void AGENT_ID;

// SocketMessageHandlers shape: onEvent required, onFinish optional and may be async.
const handlers: SocketMessageHandlers = {
  onEvent: (event: StreamEvent) => {
    void event;
  },
  onFinish: async () => {},
};
const syncFinish: SocketMessageHandlers = { onEvent: () => {}, onFinish: () => {} };
const handled: Promise<void> = session.handleSocketMessage({ type: 'stop' }, handlers);

// 03-client-sdk_05-socket-transport.md "Server Setup (Express + SockJS)"
const client = new OctavusClient({
  baseUrl: process.env.OCTAVUS_API_URL!,
  apiKey: process.env.OCTAVUS_API_KEY!,
});

function createSocketHandler() {
  return (conn: sockjs.Connection) => {
    let session: AgentSession | null = null;

    const send = (data: unknown) => conn.write(JSON.stringify(data));

    conn.on('data', (rawData: string) => {
      void handleMessage(rawData);
    });

    async function handleMessage(rawData: string) {
      const msg = JSON.parse(rawData);

      if (msg.type === 'trigger' || msg.type === 'continue' || msg.type === 'stop') {
        // Create session lazily on first trigger
        if (!session && msg.type === 'trigger') {
          const sessionId = await client.agentSessions.create('your-agent-id', {
            COMPANY_NAME: 'Acme Corp',
          });
          session = client.agentSessions.attach(sessionId, {
            tools: {
              // Server-side tool handlers only
              // Tools without handlers are forwarded to the client
            },
          });
        }

        if (!session) return;

        // handleSocketMessage manages abort controller internally
        await session.handleSocketMessage(msg as SocketMessage, {
          onEvent: send,
        });
      }
    }

    conn.on('close', () => {});
  };
}

const sockServer = sockjs.createServer({ prefix: '/octavus' });
sockServer.on('connection', createSocketHandler());
sockServer.installHandlers(httpServer);

// 03-client-sdk_05-socket-transport.md "Server Handler with Init Message"
sockServer.on('connection', (conn) => {
  let session: AgentSession | null = null;

  const send = (data: unknown) => conn.write(JSON.stringify(data));

  conn.on('data', (rawData: string) => {
    void handleMessage(rawData);
  });

  async function handleMessage(rawData: string) {
    const msg = JSON.parse(rawData);

    // Handle session initialization
    if (msg.type === 'init') {
      session = client.agentSessions.attach(msg.sessionId, {
        tools: {
          // Server-side tool handlers
        },
      });
      return;
    }

    // All other messages require initialized session
    if (!session) {
      const notInitialized: StreamEvent = {
        type: 'error',
        errorType: 'validation_error',
        message: 'Session not initialized. Send init message first.',
        source: 'platform',
        retryable: false,
      };
      send(notInitialized);
      return;
    }

    // handleSocketMessage handles trigger, continue, and stop
    if (msg.type === 'trigger' || msg.type === 'continue' || msg.type === 'stop') {
      await session.handleSocketMessage(msg as SocketMessage, {
        onEvent: send,
      });
    }
  }
});

export { toolsSession, syncFinish, handled };
