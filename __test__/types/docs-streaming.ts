// docs: 02-server-sdk_04-streaming.md (every event literal on the page is typed
// as StreamEvent so a missing or misnamed field would fail the check).
import {
  toSSEStream,
  type AgentSession,
  type BlockEndEvent,
  type BlockStartEvent,
  type ClientToolRequestEvent,
  type DisplayMode,
  type ErrorEvent,
  type FinishEvent,
  type FinishReason,
  type ReasoningDeltaEvent,
  type ReasoningEndEvent,
  type ReasoningStartEvent,
  type ResourceUpdateEvent,
  type StartEvent,
  type StreamEvent,
  type TextDeltaEvent,
  type TextEndEvent,
  type TextStartEvent,
  type ToolInputAvailableEvent,
  type ToolInputDeltaEvent,
  type ToolInputEndEvent,
  type ToolInputStartEvent,
  type ToolOutputAvailableEvent,
  type ToolOutputErrorEvent,
  type ToolRequestEvent,
  type ToolResult,
} from '@octavus/server-sdk';

declare const session: AgentSession;
declare const conn: { write(data: string): boolean };

// "Stream Response"
async function streamResponse(): Promise<Response> {
  const events = session.execute({
    type: 'trigger',
    triggerName: 'user-message',
    input: { USER_MESSAGE: 'Hello!' },
  });

  // For sockets, iterate events directly
  for await (const event of events) {
    conn.write(JSON.stringify(event));
  }

  // For HTTP endpoints, convert to SSE stream
  return new Response(toSSEStream(events), {
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    },
  });
}

// "Lifecycle Events"
const lifecycle: StreamEvent[] = [
  { type: 'start', messageId: '...', executionId: '...' },
  { type: 'finish', finishReason: 'stop' },
  {
    type: 'error',
    errorType: 'internal_error',
    message: 'Something went wrong',
    source: 'platform',
    retryable: false,
  },
];
const reasons: FinishReason[] = [
  'stop',
  'tool-calls',
  'client-tool-calls',
  'length',
  'content-filter',
  'error',
  'other',
];

// "Block Events"
const blocks: StreamEvent[] = [
  {
    type: 'block-start',
    blockId: '...',
    blockName: 'Respond to user',
    blockType: 'next-message',
    display: 'stream',
    thread: 'main',
  },
  { type: 'block-end', blockId: '...', summary: 'Generated response' },
];

// "Text Events"
const text: StreamEvent[] = [
  { type: 'text-start', id: '...' },
  { type: 'text-delta', id: '...', delta: 'Hello' },
  { type: 'text-delta', id: '...', delta: '!' },
  { type: 'text-end', id: '...' },
];

// "Reasoning Events"
const reasoning: StreamEvent[] = [
  { type: 'reasoning-start', id: '...' },
  { type: 'reasoning-delta', id: '...', delta: 'Let me analyze this request...' },
  { type: 'reasoning-end', id: '...' },
];

// "Tool Events"
const toolEvents: StreamEvent[] = [
  { type: 'tool-input-start', toolCallId: '...', toolName: 'get-user-account', title: 'Looking up account' },
  { type: 'tool-input-delta', toolCallId: '...', inputTextDelta: '{"userId":"user-123"}' },
  { type: 'tool-input-end', toolCallId: '...' },
  { type: 'tool-input-available', toolCallId: '...', toolName: 'get-user-account', input: { userId: 'user-123' } },
  { type: 'tool-output-available', toolCallId: '...', output: { name: 'Demo User', email: '...' } },
  { type: 'tool-output-error', toolCallId: '...', error: 'User not found' },
];

// "Resource Events"
const resource: StreamEvent = {
  type: 'resource-update',
  name: 'CONVERSATION_SUMMARY',
  value: 'User asked about...',
};

// "Display Modes"
const modes: DisplayMode[] = ['hidden', 'name', 'description', 'stream'];

// "Stream Event Type" — every member named on the page is part of StreamEvent.
type DocStreamEvent =
  | StartEvent
  | FinishEvent
  | ErrorEvent
  | TextStartEvent
  | TextDeltaEvent
  | TextEndEvent
  | ReasoningStartEvent
  | ReasoningDeltaEvent
  | ReasoningEndEvent
  | ToolInputStartEvent
  | ToolInputDeltaEvent
  | ToolInputEndEvent
  | ToolInputAvailableEvent
  | ToolOutputAvailableEvent
  | ToolOutputErrorEvent
  | BlockStartEvent
  | BlockEndEvent
  | ResourceUpdateEvent
  | ToolRequestEvent
  | ClientToolRequestEvent;
const _docSubset: [DocStreamEvent] extends [StreamEvent] ? true : false = true;

// "Client Tool Request"
const clientToolRequest: StreamEvent = {
  type: 'client-tool-request',
  executionId: 'exec_abc123', // Use this to continue execution
  toolCalls: [
    // Tools for client to handle
    {
      toolCallId: 'call_xyz',
      toolName: 'get-browser-location',
      args: {},
    },
  ],
  serverToolResults: [
    // Results from server tools in same batch
    {
      toolCallId: 'call_def',
      toolName: 'get-user-account',
      result: { name: 'Demo User' },
    },
  ],
};

declare const serverToolResults: ToolResult[];
const continued = session.execute({
  type: 'continue',
  executionId: 'exec_abc123',
  toolResults: [
    ...serverToolResults, // Include server results from the event
    {
      toolCallId: 'call_xyz',
      toolName: 'get-browser-location',
      result: { lat: 40.7128, lng: -74.006 },
    },
  ],
});

// "Error Events"
const providerError: StreamEvent = {
  type: 'error',
  errorType: 'rate_limit_error', // Error classification
  message: 'Rate limit exceeded', // Human-readable message
  source: 'provider', // 'platform' | 'provider' | 'tool'
  retryable: true, // Whether retry is possible
  retryAfter: 60, // Seconds to wait (rate limits)
  code: 'ANTHROPIC_429', // Machine-readable code
  provider: {
    // Provider details (when applicable)
    name: 'anthropic',
    statusCode: 429,
    requestId: 'req_...',
  },
};
const errorTypes: ErrorEvent['errorType'][] = [
  'rate_limit_error',
  'authentication_error',
  'provider_error',
  'provider_overloaded',
  'tool_error',
  'internal_error',
];

// "Tool Errors"
const toolError: StreamEvent = { type: 'tool-output-error', toolCallId: '...', error: 'Handler threw exception' };

// Narrowing on `type` gives access to each event's own fields.
function describe(event: StreamEvent): string {
  switch (event.type) {
    case 'text-delta':
      return event.delta;
    case 'error':
      return `${event.errorType}: ${event.message} (${event.retryable})`;
    case 'client-tool-request':
      return `${event.executionId} ${event.toolCalls.length} ${event.serverToolResults?.length ?? 0}`;
    case 'source':
      return event.sourceType === 'url' ? event.url : event.mediaType;
    case 'file-available':
      return `${event.url} ${event.mediaType} ${event.toolCallId ?? ''}`;
    case 'worker-start':
      return `${event.workerId} ${event.workerSlug} ${event.description ?? ''}`;
    case 'worker-result':
      return `${event.workerId} ${String(event.output)} ${event.error ?? ''}`;
    default:
      return event.type;
  }
}

export {
  streamResponse,
  lifecycle,
  reasons,
  blocks,
  text,
  reasoning,
  toolEvents,
  resource,
  modes,
  clientToolRequest,
  continued,
  providerError,
  errorTypes,
  toolError,
  describe,
};
