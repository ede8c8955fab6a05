// docs: 02-server-sdk_06-workers.md and the TypeScript snippets of 04-protocol_11-workers.md
import {
  OctavusClient,
  WorkerError,
  WorkersApi,
  toSSEStream,
  type StreamEvent,
  type ToolHandlers,
  type ToolResult,
  type WorkerContinueRequest,
  type WorkerExecuteOptions,
  type WorkerGenerateResult,
  type WorkerRequest,
  type WorkerResultEvent,
  type WorkerStartEvent,
  type WorkerStartRequest,
} from '@octavus/server-sdk';

declare const agentId: string;
declare const input: Record<string, unknown>;

// "Basic Usage"
const client = new OctavusClient({
  baseUrl: 'https://octavus.ai',
  apiKey: 'your-api-key',
});

{
  const { output, sessionId } = await client.workers.generate(agentId, {
    TOPIC: 'AI safety',
    DEPTH: 'detailed',
  });

  console.log('Result:', output);
  console.log(`Debug: ${client.baseUrl}/sessions/${sessionId}`);
}

// "WorkersApi Reference" — the documented signatures.
const generateSig: (
  agentId: string,
  input: Record<string, unknown>,
  options?: WorkerExecuteOptions,
) => Promise<WorkerGenerateResult> = client.workers.generate;
const executeSig: (
  agentId: string,
  input: Record<string, unknown>,
  options?: WorkerExecuteOptions,
) => AsyncGenerator<StreamEvent> = client.workers.execute;
const continueSig: (
  agentId: string,
  executionId: string,
  toolResults: ToolResult[],
  options?: WorkerExecuteOptions,
) => AsyncGenerator<StreamEvent> = client.workers.continue;

const resultShape: WorkerGenerateResult = { output: { any: 'thing' }, sessionId: 'sess' };
const optionsShape: WorkerExecuteOptions = { tools: {} as ToolHandlers, signal: new AbortController().signal };

// Request bodies (docs/protocol.md §5)
const startBody: WorkerStartRequest = { type: 'start', input: { TOPIC: 'x' } };
const continueBody: WorkerContinueRequest = { type: 'continue', executionId: 'e', toolResults: [] };
const bodies: WorkerRequest[] = [startBody, continueBody];

// WorkersApi is constructible on its own, like the other API classes.
const standaloneWorkers = new WorkersApi({
  baseUrl: 'https://octavus.ai',
  getHeaders: () => ({ Authorization: 'Bearer k' }),
});

// "Tool Handlers"
{
  const { output } = await client.workers.generate(
    agentId,
    { TOPIC: 'AI safety' },
    {
      tools: {
        'web-search': async (args) => {
          return await searchWeb(args.query);
        },
        'get-user-data': async (args) => {
          return await db.users.findById(args.userId);
        },
      },
    },
  );
  void output;
}

// "WorkerError (generate)"
try {
  const { output } = await client.workers.generate(agentId, input);
  console.log('Result:', output);
} catch (error) {
  if (error instanceof WorkerError) {
    console.error('Worker failed:', error.message);
    if (error.sessionId) {
      console.error(`Debug: ${client.baseUrl}/platform/sessions/${error.sessionId}`);
    }
  }
}

// "Stream Errors (execute)"
for await (const event of client.workers.execute(agentId, input)) {
  if (event.type === 'error') {
    console.error(`Error: ${event.message}`);
    console.error(`Type: ${event.errorType}`);
    console.error(`Retryable: ${event.retryable}`);
  }

  if (event.type === 'worker-result' && event.error) {
    console.error(`Worker failed: ${event.error}`);
  }
}

// "Cancellation"
{
  const { output } = await client.workers.generate(agentId, input, {
    signal: AbortSignal.timeout(30_000),
  });
  void output;
}
{
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30000);

  try {
    for await (const event of client.workers.execute(agentId, input, {
      signal: controller.signal,
    })) {
      // Process events
      void event;
    }
  } catch (error) {
    // (the page relies on an untyped catch variable; see tsconfig useUnknownInCatchVariables)
    if (error.name === 'AbortError') {
      console.log('Worker cancelled');
    }
  }
}

// "Basic Streaming"
{
  const events = client.workers.execute(agentId, {
    TOPIC: 'AI safety',
    DEPTH: 'detailed',
  });

  for await (const event of events) {
    if (event.type === 'worker-start') {
      console.log(`Worker ${event.workerSlug} started`);
    }
    if (event.type === 'text-delta') {
      process.stdout.write(event.delta);
    }
    if (event.type === 'worker-result') {
      console.log('Output:', event.output);
    }
  }
}

// "Streaming to HTTP Response"
export async function POST(request: Request) {
  const { agentId, input } = await request.json();

  const events = client.workers.execute(agentId, input, {
    tools: {
      search: async (args) => await search(args.query),
    },
  });

  return new Response(toSSEStream(events), {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

// "Client Tool Continuation"
for await (const event of client.workers.execute(agentId, input)) {
  if (event.type === 'client-tool-request') {
    const results = await executeClientTools(event.toolCalls);

    for await (const ev of client.workers.continue(agentId, event.executionId, results)) {
      // Handle remaining events
      void ev;
    }
    break;
  }
}

// The client-tool-request payload described on the page.
const clientToolRequest: StreamEvent = {
  type: 'client-tool-request',
  executionId: 'exec', // Pass to continue()
  toolCalls: [
    {
      toolCallId: 'c',
      toolName: 't',
      args: {},
    },
  ],
};

// "Worker Events"
const workerStart: WorkerStartEvent = {
  type: 'worker-start',
  workerId: 'w1', // Unique ID (also used as session ID for debug)
  workerSlug: 'research-assistant', // The worker's slug
  description: 'Researching topic', // Display description for UI
};
const workerResult: WorkerResultEvent = {
  type: 'worker-result',
  workerId: 'w1',
  output: { summary: '...' }, // The worker's output value
  error: undefined, // Error message if worker failed
};
const workerEvents: StreamEvent[] = [workerStart, workerResult, { type: 'worker-result', workerId: 'w2' }];

// "Common Events" — all are StreamEvent types.
const commonEventTypes: StreamEvent['type'][] = [
  'start',
  'finish',
  'text-start',
  'text-delta',
  'text-end',
  'block-start',
  'block-end',
  'tool-input-available',
  'tool-output-available',
  'client-tool-request',
  'error',
];

// "Full Examples" — generate()
try {
  const { output, sessionId } = await client.workers.generate(
    'research-assistant-id',
    {
      TOPIC: 'AI safety best practices',
      DEPTH: 'detailed',
    },
    {
      tools: {
        'web-search': async ({ query }) => await performWebSearch(query),
      },
      signal: AbortSignal.timeout(120_000),
    },
  );

  console.log('Result:', output, sessionId);
} catch (error) {
  if (error instanceof WorkerError) {
    console.error('Failed:', error.message);
    if (error.sessionId) {
      console.error(`Debug: ${client.baseUrl}/platform/sessions/${error.sessionId}`);
    }
  }
}

// "Full Examples" — execute()
async function runResearchWorker(topic: string) {
  console.log(`Researching: ${topic}\n`);

  const events = client.workers.execute(
    'research-assistant-id',
    {
      TOPIC: topic,
      DEPTH: 'detailed',
    },
    {
      tools: {
        'web-search': async ({ query }) => {
          console.log(`Searching: ${query}`);
          return await performWebSearch(query);
        },
      },
    },
  );

  let output: unknown;

  for await (const event of events) {
    switch (event.type) {
      case 'worker-start':
        console.log(`Started: ${event.workerSlug}`);
        break;

      case 'block-start':
        console.log(`Step: ${event.blockName}`);
        break;

      case 'text-delta':
        process.stdout.write(event.delta);
        break;

      case 'worker-result':
        if (event.error) {
          throw new Error(event.error);
        }
        output = event.output;
        break;

      case 'error':
        throw new Error(event.message);
    }
  }

  console.log('\n\nResearch complete!');
  return output;
}

const result = await runResearchWorker('AI safety best practices');
console.log('Result:', result);

// 04-protocol_11-workers.md "Tool Handling"
{
  const { output } = await client.workers.generate(
    agentId,
    { TOPIC: 'AI safety' },
    {
      tools: {
        'web-search': async (args) => await searchWeb(args.query),
      },
    },
  );
  void output;

  const events = client.workers.execute(
    agentId,
    { TOPIC: 'AI safety' },
    {
      tools: {
        'web-search': async (args) => await searchWeb(args.query),
      },
    },
  );
  void events;
}

// WorkerError itself (docs/protocol.md §5)
const werr = new WorkerError('Worker completed without producing a result', 'sess-1');
const werrNoSession = new WorkerError('boom');
const _errBase: Error = werr;
const _sid: string | undefined = werrNoSession.sessionId;

export {
  generateSig,
  executeSig,
  continueSig,
  resultShape,
  optionsShape,
  bodies,
  standaloneWorkers,
  clientToolRequest,
  workerEvents,
  commonEventTypes,
};
