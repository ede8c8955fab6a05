// The 6.x wire additions (docs/protocol.md §2.3, §3.3, §7.4): the new events and message parts
// are in the unions, narrow on `type`, and have the official 6.4 shapes; the new guards exist.
import {
  isQuotaExceededError,
  isRateLimitError,
  isTransientTransportError,
  safeParseStreamEvent,
  safeParseUIMessage,
  type ChatMessage,
  type DisplayMode,
  type MessagePart,
  type MessagePartType,
  type OperationInfo,
  type OctavusError,
  type PendingToolCall,
  type ProviderMetadata,
  type StartEvent,
  type StreamEvent,
  type TodoInfo,
  type TodoItem,
  type TodoItemStatus,
  type TodoUpdateEvent,
  type ToolInputStartEvent,
  type ToolRequestEvent,
  type ToolResult,
  type UIMessage,
  type UIMessagePart,
  type UIMessageSender,
  type UIStepStartPart,
  type UITodoItem,
  type UITodoPart,
  type UIToolCallPart,
  type UIWorkerPart,
  type UIWorkerStatus,
  type UsageEvent,
  type WorkerExecutionCost,
  type WorkerExecutionTokens,
  type WorkerInputDeltaEvent,
  type WorkerInputReadyEvent,
  type WorkerInputStartEvent,
  type WorkerPartInfo,
  type WorkerResultEvent,
  type WorkerStartEvent,
} from '@octavus/server-sdk';

// ---------------------------------------------------------------------------
// Events

const statuses: TodoItemStatus[] = ['pending', 'in_progress', 'completed', 'cancelled'];
const todo: TodoItem = { id: '1', content: 'Search', status: statuses[0] };
const todoUpdate: TodoUpdateEvent = { type: 'todo-update', todos: [todo], workerId: 'w' };
const inputStart: WorkerInputStartEvent = { type: 'worker-input-start', workerId: 'w', workerSlug: 's', description: 'd' };
const inputDelta: WorkerInputDeltaEvent = { type: 'worker-input-delta', workerId: 'w', delta: '{"q"' };
const inputReady: WorkerInputReadyEvent = { type: 'worker-input-ready', workerId: 'w', input: { q: 1 } };
const cost: WorkerExecutionCost = { currency: 'USD', bandwidthFee: 0.01, providerFee: 0, totalFee: 0.01, byok: true, estimatedProviderFee: 0.2 };
const tokens: WorkerExecutionTokens = { inputTokens: 1, outputTokens: 2, totalTokens: 3 };
const usage: UsageEvent = { type: 'usage', cost, tokens };
const start: StartEvent = { type: 'start', executionId: 'e', sessionId: 's' };
const display: DisplayMode = 'title';
const toolStart: ToolInputStartEvent = { type: 'tool-input-start', toolCallId: 'c', toolName: 'n', display };
const workerStart: WorkerStartEvent = { type: 'worker-start', workerId: 'w', workerSlug: 's', input: { q: 1 } };
const workerResult: WorkerResultEvent = { type: 'worker-result', workerId: 'w', cancelled: true };
const providerMetadata: ProviderMetadata = { google: { thoughtSignature: 'x' } };
const call: PendingToolCall = { toolCallId: 'c', toolName: 'n', args: {}, providerMetadata };
const toolRequest: ToolRequestEvent = { type: 'tool-request', toolCalls: [call], workerId: 'w' };
const result: ToolResult = { toolCallId: 'c', files: [{ id: 'f', mediaType: 'image/png', url: 'u' }] };

const events: StreamEvent[] = [todoUpdate, inputStart, inputDelta, inputReady, usage, start, toolStart, workerStart, workerResult, toolRequest];

function describe(event: StreamEvent): string {
  switch (event.type) {
    case 'todo-update':
      return event.todos.map((t) => `${t.status}: ${t.content}`).join(', ');
    case 'worker-input-start':
      return event.workerSlug;
    case 'worker-input-delta':
      return event.delta;
    case 'worker-input-ready':
      return Object.keys(event.input).join(',');
    case 'usage':
      return `${event.cost.totalFee} ${event.cost.currency} for ${event.tokens.totalTokens} tokens`;
    case 'start':
      return event.sessionId ?? '';
    default:
      return event.type;
  }
}

const parsedEvent = safeParseStreamEvent(usage);
if (parsedEvent.success && parsedEvent.data.type === 'usage') {
  const fee: number = parsedEvent.data.cost.bandwidthFee;
  void fee;
}

// ---------------------------------------------------------------------------
// UI messages

const sender: UIMessageSender = { id: 'u', name: 'Ann', image: 'https://a' };
const stepStart: UIStepStartPart = { type: 'step-start' };
const uiTodoItem: UITodoItem = { id: '1', content: 'Search', status: 'cancelled' };
const uiTodo: UITodoPart = { type: 'todo', todos: [uiTodoItem], status: 'streaming', thread: 't' };
const workerStatus: UIWorkerStatus = 'cancelled';
const uiWorker: UIWorkerPart = {
  type: 'worker',
  workerId: 'w',
  workerSlug: 's',
  input: { topic: 'x' },
  parts: [stepStart, uiTodo],
  status: workerStatus,
};
const uiTool: UIToolCallPart = {
  type: 'tool-call',
  toolCallId: 'c',
  toolName: 'n',
  args: {},
  status: 'cancelled',
  display: 'title',
  providerMetadata: { google: { thoughtSignature: 'x' } },
};
const parts: UIMessagePart[] = [stepStart, uiTodo, uiWorker, uiTool, { type: 'reasoning', text: 'r', status: 'done', providerMetadata: {} }];
const uiMessage: UIMessage = { id: 'm', role: 'user', parts, status: 'done', createdAt: new Date(), sender };

const parsedMessage = safeParseUIMessage(uiMessage);
if (parsedMessage.success) {
  const name: string | undefined = parsedMessage.data.sender?.name;
  void name;
}

// ---------------------------------------------------------------------------
// Stored (chat) messages

const partTypes: MessagePartType[] = ['text', 'reasoning', 'tool-call', 'step-start', 'operation', 'source', 'file', 'object', 'worker', 'todo'];
const operation: OperationInfo = { id: 'o', name: 'Save', operationType: 'set-resource' };
const todoInfo: TodoInfo = { todos: [todo] };
const workerInfo: WorkerPartInfo = {
  workerId: 'w',
  workerSlug: 's',
  input: { q: 1 },
  nestedParts: [{ type: 'text', visible: true, content: 'x' }],
  output: 1,
  cancelled: true,
};
const chatParts: MessagePart[] = [
  { type: 'step-start', visible: false },
  { type: 'operation', visible: true, operation },
  { type: 'todo', visible: true, todo: todoInfo },
  { type: 'worker', visible: true, worker: workerInfo },
  { type: 'reasoning', visible: false, content: 'r', providerMetadata },
  { type: 'tool-call', visible: true, toolCall: { id: 'c', name: 'n', arguments: {}, status: 'available', display: 'title', providerMetadata } },
];
const chat: ChatMessage = { id: 'm', role: 'user', parts: chatParts, createdAt: '2024-01-01T00:00:00Z', content: 'x', sender };
// the fields v4 dropped still type-check (an older server sends them)
const olderChat: ChatMessage = { ...chat, visible: true, reasoning: 'r', reasoningSignature: 's' };

// ---------------------------------------------------------------------------
// Guards

function classify(err: unknown): string {
  if (isQuotaExceededError(err)) {
    const e: OctavusError = err;
    return `quota: ${e.message}`;
  }
  if (isRateLimitError(err)) return `rate limit, retry after ${err.retryAfter ?? '?'} s`;
  const transient: boolean = isTransientTransportError(err);
  return transient ? 'retry' : 'fail';
}

export { events, describe, parsedEvent, parts, uiMessage, partTypes, chat, olderChat, classify, result };
