// docs: 02-server-sdk_03-tools.md (plus the server tool snippets of
// 04-protocol_04-tools.md and 03-client-sdk_10-client-tools.md)
import {
  OctavusClient,
  toSSEStream,
  type ToolHandler,
  type ToolHandlers,
} from '@octavus/server-sdk';

const client = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: 'k' });
declare const sessionId: string;
declare const url: string;

// "Defining Tool Handlers"
const tools: ToolHandlers = {
  'get-user-account': async (args) => {
    const userId = args.userId as string;

    // Query your database
    const user = await db.users.findById(userId);

    return {
      name: user.name,
      email: user.email,
      plan: user.subscription.plan,
      createdAt: user.createdAt.toISOString(),
    };
  },

  'create-support-ticket': async (args) => {
    const summary = args.summary as string;
    const priority = args.priority as string;

    // Create ticket in your system
    const ticket = await ticketService.create({
      summary,
      priority,
      source: 'ai-chat',
    });

    return {
      ticketId: ticket.id,
      estimatedResponse: getEstimatedResponse(priority),
    };
  },
};

// "Using Tools in Sessions"
const session = client.agentSessions.attach(sessionId, {
  tools: {
    'get-user-account': async (args) => {
      // Implementation
    },
    'create-support-ticket': async (args) => {
      // Implementation
    },
  },
});

// "Tool Handler Signature"
type DocToolHandler = (args: Record<string, unknown>) => Promise<unknown>;
type DocToolHandlers = Record<string, DocToolHandler>;
const h1: ToolHandler = (async () => 1) as DocToolHandler;
const h2: DocToolHandler = h1;
const hs1: DocToolHandlers = tools;
const hs2: ToolHandlers = hs1;

// "Arguments", "Return Values", "Error Handling", "Best Practices"
const more: ToolHandlers = {
  'search-products': async (args) => {
    const query = args.query as string;
    const category = args.category as string | undefined;
    const maxPrice = args.maxPrice as number | undefined;

    return await productSearch({ query, category, maxPrice });
  },
  'return-object': async () => {
    return { id: '123', status: 'created' };
  },
  'return-array': async () => {
    return [{ id: '1' }, { id: '2' }];
  },
  'return-primitive': async () => {
    return 42;
  },
  'return-null': async () => {
    return null;
  },
  'get-user-account': async (args) => {
    const userId = args.userId as string;

    const user = await db.users.findById(userId);

    if (!user) {
      throw new Error(`User not found: ${userId}`);
    }

    return user;
  },
  'create-ticket': async (args) => {
    const summary = args.summary;
    if (typeof summary !== 'string' || summary.length === 0) {
      throw new Error('Summary is required');
    }
    // ...
  },
  'external-api-call': async (args) => {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), 10000);

    try {
      const response = await fetch(url, { signal: controller.signal });
      return await response.json();
    } finally {
      clearTimeout(timeout);
    }
  },
  'search-products-logged': async (args) => {
    console.log('Tool call: search-products', { args });

    const result = await productSearch(args);

    console.log('Tool result: search-products', {
      resultCount: result.length,
    });

    return result;
  },
};

// "Accessing Request Context"
export async function POST(request: Request) {
  const body = await request.json();
  const { sessionId, ...payload } = body;

  const authToken = request.headers.get('Authorization');
  const user = await validateToken(authToken);

  const session = client.agentSessions.attach(sessionId, {
    tools: {
      'get-user-account': async (args) => {
        // Use request context
        return await db.users.findById(user.id);
      },
      'create-order': async (args) => {
        // Create with user context
        return await orderService.create({
          ...args,
          userId: user.id,
          createdBy: user.email,
        });
      },
      // Tools without handlers here are forwarded to the client
    },
  });

  const events = session.execute(payload, { signal: request.signal });
  return new Response(toSSEStream(events));
}

// 04-protocol_04-tools.md "Implementing Tools"
const protocolSession = client.agentSessions.attach(sessionId, {
  tools: {
    'get-user-account': async (args) => {
      const userId = args.userId as string;
      const user = await db.users.findById(userId);

      return {
        name: user.name,
        email: user.email,
        plan: user.subscription.plan,
        createdAt: user.createdAt.toISOString(),
      };
    },

    'create-support-ticket': async (args) => {
      const ticket = await ticketService.create({
        summary: args.summary as string,
        priority: args.priority as string,
      });

      return {
        ticketId: ticket.id,
        estimatedResponse: getEstimatedTime(args.priority),
      };
    },
  },
});

// 03-client-sdk_10-client-tools.md "Server Side" and "Mixed Server and Client Tools"
const clientToolsSession = client.agentSessions.attach(sessionId, {
  tools: {
    // Server tools have handlers
    'get-user-account': async (args) => {
      return await db.users.findById(args.userId);
    },
    // Client tools have NO handler here
  },
});
const mixedSession = client.agentSessions.attach(sessionId, {
  tools: {
    'get-user-account': async (args) => db.users.findById(args.userId),
    'create-order': async (args) => orderService.create(args),
  },
});

// 03-client-sdk_10-client-tools.md "HTTP Transport" route
export async function POST_clientTools(request: Request) {
  const body = await request.json();
  const { sessionId, ...payload } = body;

  const session = client.agentSessions.attach(sessionId, {
    tools: {
      // Server tools only
    },
  });

  // execute() handles both triggers and continuations
  const events = session.execute(payload, { signal: request.signal });

  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

export { session, h2, hs2, more, protocolSession, clientToolsSession, mixedSession };
