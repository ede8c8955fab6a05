// Deliberate misuses of the SDK types. tsc must reject every line marked
// `// expect-error`, and nothing else; this shows that the positive type test
// (../tsconfig.json) would actually notice a wrong declaration or a wrong call.
import { OctavusClient, type StreamEvent, type ToolHandlers } from '@octavus/server-sdk';

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

// A token is always bound to an agent.
const minted = client.tokens.mint({ sessionId: 's1' }); // expect-error

// A workforce message is a string.
const dispatched = client.workforce.dispatch('agent', { text: 'hi' }); // expect-error

export { events, delta, tools, created, minted, dispatched };
