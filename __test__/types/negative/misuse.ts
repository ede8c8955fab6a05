// Deliberate misuses of the SDK types. tsc must reject every line marked
// `// expect-error`, and nothing else; this shows that the positive type test
// (../tsconfig.json) would actually notice a wrong declaration or a wrong call.
import { z } from 'zod';
import { OctavusClient, createInlineMcpServer, defineInlineMcpTool, diagnosticsChannels, type StreamEvent, type ToolHandlers } from '@octavus/server-sdk';

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

export { events, delta, tools, created, unknownArg, wrongOutput, notZod, todo, usage };

// The channel names are read-only.
diagnosticsChannels.requestStart = 'octavus:request:start'; // expect-error
