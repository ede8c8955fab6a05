// Deliberate misuses of the SDK types. tsc must reject every line marked
// `// expect-error`, and nothing else; this shows that the positive type test
// (../tsconfig.json) would actually notice a wrong declaration or a wrong call.
import { z } from 'zod';
import {
  OctavusClient,
  WorkerError,
  createInlineMcpServer,
  defineInlineMcpTool,
  diagnosticsChannels,
  enforceToolResultsSize,
  toSSEStream,
  type ExecutionLogEntryType,
  type StreamEvent,
  type ToolHandlers,
} from '@octavus/server-sdk';

const client = new OctavusClient({ baseUrl: 'https://octavus.ai' });
const session = client.agentSessions.attach('session-id');

// A trigger request without its trigger name.
const events = session.execute({ type: 'trigger' }); // expect-error

// A text-delta event without the delta.
const delta: StreamEvent = { type: 'text-delta', id: 't1' }; // expect-error

// A tool handler must return a promise.
const tools: ToolHandlers = { sync: (args) => args }; // expect-error

// create() resolves to the session id string, not an object.
const created: Promise<{ sessionId: string }> = client.agentSessions.create('agent'); // expect-error

// An inline MCP handler reading an argument its schema does not have.
const unknownArg = defineInlineMcpTool({ description: 'd', parameters: z.object({ n: z.number() }), handler: async (args) => args.missing }); // expect-error

// An inline MCP handler whose result does not match its `output` schema.
const wrongOutput = defineInlineMcpTool({ description: 'd', parameters: z.object({ n: z.number() }), output: z.object({ t: z.string() }), handler: async (args) => ({ t: args.n }) }); // expect-error

// Inline MCP parameters must be a zod schema, not a JSON Schema.
const notZod = createInlineMcpServer('ns', { tools: { t: { description: 'd', parameters: { type: 'object' }, handler: async () => 1 } } }); // expect-error

// A todo item status that does not exist.
const todo: StreamEvent = { type: 'todo-update', todos: [{ id: '1', content: 'c', status: 'done' }] }; // expect-error

// A usage event without its token counts.
const usage: StreamEvent = { type: 'usage', cost: { currency: 'USD', bandwidthFee: 0, providerFee: 0, totalFee: 0, byok: false } }; // expect-error

// A token is always bound to an agent.
const minted = client.tokens.mint({ sessionId: 's1' }); // expect-error

// A workforce message is a string.
const dispatched = client.workforce.dispatch('agent', { text: 'hi' }); // expect-error

// start() needs the agent to create the session for.
const noAgent = client.agentSessions.start({ input: { COMPANY_NAME: 'Acme' } }); // expect-error

// A start() handle may not have its id yet.
const sessionIdNow: string = client.agentSessions.start({ agentId: 'a' }).getSessionId(); // expect-error

// A credential callback must give a string.
const numericKey = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: async () => 42 }); // expect-error

// The headers are async since 6.x.
const syncHeaders: Record<string, string> = client.getHeaders(); // expect-error

// A dynamic tool pairs a schema with its handler.
session.setDynamicTools([{ name: 'weather__now', handler: async () => 1 }]); // expect-error

// onToolResults is awaited: it returns a promise.
const syncHook = client.agentSessions.attach('s', { onToolResults: (results) => results.length }); // expect-error

// rejectClientToolCalls is a boolean, not a list of names.
const rejectSome = client.agentSessions.attach('s', { rejectClientToolCalls: ['browser__open'] }); // expect-error

// generate()'s cost is absent when the platform sent no usage event.
const totalFee = async () => (await client.workers.generate('w', {})).cost.totalFee; // expect-error

// WorkerError.details.errorType is one of the ErrorType names.
const isBadType = (e: WorkerError) => e.details?.errorType === 'bad_error'; // expect-error

// The heartbeat interval is a number of milliseconds.
const sse = toSSEStream(session.execute({ type: 'trigger', triggerName: 't' }), { heartbeatMs: '15s' }); // expect-error

// The size guard needs its budget.
const unguarded = enforceToolResultsSize([{ toolCallId: 'c', result: 'x' }]); // expect-error

// A log entry's type is one of the known ones (a default branch handles new ones at runtime).
const logKind: ExecutionLogEntryType = 'model-response'; // expect-error


// The channel names are read-only.
diagnosticsChannels.requestStart = 'octavus:request:start'; // expect-error
export { events, delta, tools, created, unknownArg, wrongOutput, notZod, todo, usage, minted, dispatched };
export { noAgent, sessionIdNow, numericKey, syncHeaders, syncHook, rejectSome, totalFee, isBadType, sse, unguarded, logKind };
