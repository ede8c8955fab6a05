// docs: 06-examples_02-nextjs-chat.md (server side), plus the server snippets of
// 03-client-sdk_06-http-transport.md and 03-client-sdk_08-file-uploads.md
import { NextResponse } from 'next/server';
import express from 'express';
import { OctavusClient, toSSEStream, type UploadUrlsResponse } from '@octavus/server-sdk';
import { octavus } from '@/lib/octavus';

// "Step 4: Create Upload URLs Endpoint" — app/api/upload-urls/route.ts
export async function POST_uploadUrls(request: Request) {
  const { sessionId, files } = await request.json();

  // Get presigned URLs from Octavus
  const result = await octavus.files.getUploadUrls(sessionId, files);
  const _typed: UploadUrlsResponse = result;

  return NextResponse.json(result);
}

// "Step 5: Create Session Endpoint" — app/api/sessions/route.ts
export async function POST_sessions(request: Request) {
  const { agentId, input } = await request.json();

  // Create a new session with initial input variables
  const sessionId = await octavus.agentSessions.create(agentId, input);

  return NextResponse.json({ sessionId });
}

// "Protocol Note"
declare const agentId: string;
declare const user: { id: string };
export async function protocolNote() {
  const sessionId = await octavus.agentSessions.create(agentId, {
    COMPANY_NAME: 'Acme Corp',
    USER_ID: user.id,
  });
  return sessionId;
}

// "Step 6: Create Trigger Endpoint" — app/api/trigger/route.ts
export async function POST(request: Request) {
  const body = await request.json();
  const { sessionId, ...payload } = body;

  // Attach to the session with tool handlers
  const session = octavus.agentSessions.attach(sessionId, {
    tools: {
      // Server-side tool handlers run on YOUR server, not Octavus
      'get-user-account': async (args) => {
        const userId = args.userId as string;
        // Fetch from your database
        const user = await db.users.findUnique({ where: { id: userId } });
        return {
          name: user.name,
          email: user.email,
          plan: user.plan,
        };
      },

      'create-support-ticket': async (args) => {
        const ticket = await db.tickets.create({
          data: {
            summary: args.summary as string,
            priority: args.priority as string,
          },
        });
        return {
          ticketId: ticket.id,
          estimatedResponse: '24 hours',
        };
      },

      // Tools without handlers here are forwarded to the client
      // See Client Tools docs for handling on frontend
    },
  });

  // execute() handles both triggers and client tool continuations
  const events = session.execute(payload, { signal: request.signal });

  return new Response(toSSEStream(events), {
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    },
  });
}

// "Tools" — handler receiving protocol parameters as args
const handlerSample = octavus.agentSessions.attach('s', {
  tools: {
    'get-user-account': async (args) => {
      const userId = args.userId as string;
      // ...
      void userId;
    },
  },
});

// 03-client-sdk_06-http-transport.md "Server (Next.js API Route)"
const client = new OctavusClient({
  baseUrl: process.env.OCTAVUS_API_URL!,
  apiKey: process.env.OCTAVUS_API_KEY!,
});

export async function POST_httpTransport(request: Request) {
  const body = await request.json();
  const { sessionId, ...payload } = body;

  const session = client.agentSessions.attach(sessionId, {
    tools: {
      'get-user-account': async (args) => {
        return { name: 'Demo User', plan: 'pro' };
      },
    },
  });

  // execute() handles both triggers and client tool continuations
  const events = session.execute(payload, { signal: request.signal });

  return new Response(toSSEStream(events), {
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    },
  });
}

// 03-client-sdk_06-http-transport.md "Pattern 2: Server-Side Session Creation"
export async function ChatPageSession() {
  const sessionId = await octavus.agentSessions.create('your-agent-id', {
    COMPANY_NAME: 'Acme Corp',
  });
  return sessionId;
}

// 03-client-sdk_06-http-transport.md "Express Server"
const app = express();
app.use(express.json());

app.post('/api/trigger', async (req, res) => {
  const { sessionId, ...payload } = req.body;

  const session = client.agentSessions.attach(sessionId, {
    tools: {
      // Server-side tool handlers only
      // Tools without handlers are forwarded to the client
    },
  });

  // execute() handles both triggers and continuations
  const events = session.execute(payload);
  const stream = toSSEStream(events);

  // Set SSE headers
  res.setHeader('Content-Type', 'text/event-stream');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Connection', 'keep-alive');

  // Pipe the stream to the response
  const reader = stream.getReader();

  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } finally {
    reader.releaseLock();
    res.end();
  }
});

// 03-client-sdk_08-file-uploads.md "Server SDK: Files API"
declare const sessionId: string;
{
  const client = new OctavusClient({
    baseUrl: 'https://octavus.ai',
    apiKey: 'your-api-key',
  });

  // Get presigned upload URLs
  const { files } = await client.files.getUploadUrls(sessionId, [
    { filename: 'photo.jpg', mediaType: 'image/jpeg', size: 102400 },
    { filename: 'doc.pdf', mediaType: 'application/pdf', size: 204800 },
  ]);

  const first = files[0]!;
  const _ids: [string, string, string] = [first.id, first.uploadUrl, first.downloadUrl];
}

export { handlerSample };
