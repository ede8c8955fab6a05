// Public type declarations for @octavus-rs/server-sdk.
//
// The package is meant to be swapped in for @octavus/server-sdk (API level 2.14)
// without touching user code, so every exported name below mirrors the shape of
// its counterpart in that package. The file is self-contained on purpose: it does
// not pull in zod or @octavus/core.

// ===========================================================================
// Plain error classes (thrown by REST-style helpers)
// ===========================================================================

/** Generic application error carrying a machine code and an HTTP-like status. */
export declare class AppError extends Error {
  code: string;
  statusCode: number;
  /** `statusCode` falls back to 500 when omitted. */
  constructor(message: string, code: string, statusCode?: number);
}

/** 404 / `NOT_FOUND`; the message reads "<resource> not found: <id>". */
export declare class NotFoundError extends AppError {
  constructor(resource: string, id: string);
}

/** 400 / `VALIDATION_ERROR`, optionally with the list of validation issues. */
export declare class ValidationError extends AppError {
  issues?: unknown[] | undefined;
  constructor(message: string, issues?: unknown[] | undefined);
}

/** 409 / `CONFLICT`; the message reads "<resource> already exists: <identifier>". */
export declare class ConflictError extends AppError {
  constructor(resource: string, identifier: string);
}

/** 403 / `FORBIDDEN`; the message defaults to "Access denied". */
export declare class ForbiddenError extends AppError {
  constructor(message?: string);
}

// ===========================================================================
// Structured streaming errors
// ===========================================================================

/** Classification of an error, used by UIs to decide how to present it. */
export type ErrorType =
  | 'authentication_error'
  | 'permission_error'
  | 'validation_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'quota_exceeded_error'
  | 'provider_error'
  | 'provider_overloaded'
  | 'provider_timeout'
  | 'unsupported_error'
  | 'execution_error'
  | 'tool_error'
  | 'protocol_error'
  | 'internal_error'
  | 'unknown_error';

/** The component an error came from. */
export type ErrorSource = 'platform' | 'provider' | 'tool' | 'client';

/** Details about the model provider involved in a provider error. */
export interface ProviderErrorInfo {
  /** Provider identifier such as `anthropic` or `openai`. */
  name: string;
  /** Model that was being called. */
  model?: string;
  /** HTTP status the provider answered with. */
  statusCode?: number;
  /** The provider's own error type string. */
  errorType?: string;
  /** Request id reported by the provider (useful for support tickets). */
  requestId?: string;
}

/** Details about the tool involved in a tool error. */
export interface ToolErrorInfo {
  /** Tool name. */
  name: string;
  /** Id of the failing tool call, when known. */
  callId?: string;
}

/** Constructor argument of {@link OctavusError}. */
export interface OctavusErrorOptions {
  errorType: ErrorType;
  message: string;
  source: ErrorSource;
  /** Defaults to `false`. */
  retryable?: boolean;
  retryAfter?: number;
  code?: string;
  provider?: ProviderErrorInfo;
  tool?: ToolErrorInfo;
  cause?: unknown;
}

/** Error with structured metadata, mirroring the `error` stream event. */
export declare class OctavusError extends Error {
  /**
   * Brand used by {@link OctavusError.isInstance} so the check also works when
   * several copies of the package are loaded. Not meant for direct use.
   */
  readonly __octavusErrorMarker: 'octavus.error';
  readonly errorType: ErrorType;
  readonly source: ErrorSource;
  readonly retryable: boolean;
  /** Seconds to wait before retrying, when the provider said so. */
  readonly retryAfter?: number;
  readonly code?: string;
  /** Present when `source` is `'provider'`. */
  readonly provider?: ProviderErrorInfo;
  /** Present when `source` is `'tool'`. */
  readonly tool?: ToolErrorInfo;
  constructor(options: OctavusErrorOptions);
  /** Brand-based instance check that survives duplicated package copies. */
  static isInstance(error: unknown): error is OctavusError;
  /** Plain-object form, suitable for JSON serialisation. */
  toJSON(): Record<string, unknown>;
}

/** True for rate-limit errors (HTTP 429: wait and retry). Since 6.x a quota error is not one. */
export declare function isRateLimitError(error: unknown): error is OctavusError;
/** True for quota errors (HTTP 402: the plan's allowance is used up; retrying does not help). */
export declare function isQuotaExceededError(error: unknown): error is OctavusError;
/** True for authentication and permission errors. */
export declare function isAuthenticationError(error: unknown): error is OctavusError;
/** True when the error originated at the model provider. */
export declare function isProviderError(error: unknown): error is OctavusError;
/** True when the error originated in a tool (or is classified `tool_error`). */
export declare function isToolError(error: unknown): error is OctavusError;
/** True when retrying the same request may succeed. */
export declare function isRetryableError(error: unknown): boolean;
/** True for validation errors (the request itself is at fault). */
export declare function isValidationError(error: unknown): error is OctavusError;
/**
 * True when the error, or one of the `cause`s beneath it (five levels in all), is a connection
 * that failed or dropped: its `message` or `code` mentions e.g. `ECONNRESET`, `fetch failed`,
 * `terminated` or `UND_ERR_SOCKET` (case-insensitive). Such failures are worth retrying.
 */
export declare function isTransientTransportError(error: unknown): boolean;

/** Input of {@link createErrorEvent}. */
export interface CreateErrorEventOptions {
  errorType: ErrorType;
  message: string;
  source: ErrorSource;
  retryable?: boolean;
  retryAfter?: number;
  code?: string;
  provider?: ProviderErrorInfo;
  tool?: ToolErrorInfo;
}

/** Builds an `error` stream event. */
export declare function createErrorEvent(options: CreateErrorEventOptions): ErrorEvent;
/** Turns an {@link OctavusError} into an `error` stream event. */
export declare function errorToStreamEvent(error: OctavusError): ErrorEvent;
/** Builds a non-retryable `internal_error` event with source `platform`. */
export declare function createInternalErrorEvent(message: string): ErrorEvent;
/** Builds an `error` event whose type is derived from an HTTP status code. */
export declare function createApiErrorEvent(statusCode: number, message: string): ErrorEvent;

// ===========================================================================
// Small utilities
// ===========================================================================

/** Returns a fresh id of the form `<ms timestamp>-<random base-36>`. */
export declare function generateId(): string;

/** Recognises the various shapes an abort/cancellation error takes across runtimes. */
export declare function isAbortError(error: unknown): error is Error;

/** Name of the default thread. */
export declare const MAIN_THREAD: 'main';
/** Returns the given thread name, or the main thread when it is undefined. */
export declare function resolveThread(thread: string | undefined): string;
/** True when the thread is undefined or the main thread. */
export declare function isMainThread(thread: string | undefined): boolean;
/** Storage form of a thread name: the main thread becomes `undefined`. */
export declare function threadForPart(thread: string | undefined): string | undefined;
/** True when the part belongs to a thread other than the main one. */
export declare function isOtherThread(part: { thread?: string }): boolean;

// ===========================================================================
// Shared stream / tool types
// ===========================================================================

/**
 * How prominently a running block or tool is shown to the end user. `title` (6.x): the title
 * and tool name only, without arguments or result.
 */
export type DisplayMode = 'hidden' | 'name' | 'description' | 'stream' | 'title';

/** A server-side tool implementation: receives the call arguments, resolves to the result. */
export type ToolHandler = (args: Record<string, unknown>) => Promise<unknown>;
/** Tool implementations keyed by tool name. */
export type ToolHandlers = Record<string, ToolHandler>;

/** Pointer to an uploaded file, as passed in trigger input and user messages. */
export interface FileReference {
  /** Platform-assigned file id. */
  id: string;
  /** IANA media type, e.g. `image/png`. */
  mediaType: string;
  /** Presigned download URL. */
  url: string;
  filename?: string;
  /** Size in bytes. */
  size?: number;
}

/** Callback shape used to observe resource writes. */
export type ResourceUpdateHandler = (name: string, value: unknown) => Promise<void> | void;

export type MessageRole = 'user' | 'assistant' | 'system';
export type ToolCallStatus = 'pending' | 'streaming' | 'available' | 'error';

/** Opaque data a model provider attaches to a part, keyed by provider (`{ anthropic: {...} }`). */
export type ProviderMetadata = Record<string, Record<string, unknown>>;

/** Tool call as recorded inside an internal chat message. */
export interface ToolCallInfo {
  id: string;
  name: string;
  description?: string;
  arguments: Record<string, unknown>;
  status: ToolCallStatus;
  result?: unknown;
  error?: string;
  /** Provider data that must travel with the call (e.g. a thought signature). */
  providerMetadata?: ProviderMetadata;
  /** The tool's display mode. */
  display?: DisplayMode;
}

/** Why a response ended. */
export type FinishReason =
  | 'stop'
  | 'tool-calls'
  | 'client-tool-calls'
  | 'length'
  | 'content-filter'
  | 'error'
  | 'other';

// ---------------------------------------------------------------------------
// Lifecycle events
// ---------------------------------------------------------------------------

/** First event of a response. */
export interface StartEvent {
  type: 'start';
  messageId?: string;
  /** Id to quote when continuing after client-side tools ran. */
  executionId?: string;
  /** Id of the last message already stored before this response. */
  lastMessageId?: string;
  /** The session id (6.x); how a deferred start learns the id of the session it created. */
  sessionId?: string;
}

/** Final event of a response. */
export interface FinishEvent {
  type: 'finish';
  finishReason: FinishReason;
  /** Set when an execution completes or pauses for client tools. */
  executionId?: string;
}

/** A failure reported in-band on the stream. */
export interface ErrorEvent {
  type: 'error';
  errorType: ErrorType;
  /** Human-readable text. */
  message: string;
  retryable: boolean;
  source: ErrorSource;
  /** Suggested wait in seconds before retrying. */
  retryAfter?: number;
  code?: string;
  provider?: ProviderErrorInfo;
  tool?: ToolErrorInfo;
}

// ---------------------------------------------------------------------------
// Text and reasoning events
// ---------------------------------------------------------------------------

/**
 * A text part begins. With `responseType` set, the accumulated text is JSON of
 * that protocol type and should be parsed rather than shown verbatim.
 */
export interface TextStartEvent {
  type: 'text-start';
  id: string;
  responseType?: string;
  /** Set when the event comes from a nested worker. */
  workerId?: string;
}

/** A chunk of text for the part `id`. */
export interface TextDeltaEvent {
  type: 'text-delta';
  id: string;
  delta: string;
  workerId?: string;
}

/** The text part `id` is complete. */
export interface TextEndEvent {
  type: 'text-end';
  id: string;
  workerId?: string;
}

/** A reasoning (thinking) part begins. */
export interface ReasoningStartEvent {
  type: 'reasoning-start';
  id: string;
  workerId?: string;
}

/** A chunk of reasoning text. */
export interface ReasoningDeltaEvent {
  type: 'reasoning-delta';
  id: string;
  delta: string;
  workerId?: string;
}

/** The reasoning part `id` is complete. */
export interface ReasoningEndEvent {
  type: 'reasoning-end';
  id: string;
  workerId?: string;
}

// ---------------------------------------------------------------------------
// Tool events
// ---------------------------------------------------------------------------

/** The model started a tool call; its arguments will stream next. */
export interface ToolInputStartEvent {
  type: 'tool-input-start';
  toolCallId: string;
  toolName: string;
  /** Display title for the call. */
  title?: string;
  /** The tool's display mode (6.x). */
  display?: DisplayMode;
  workerId?: string;
}

/** A chunk of the JSON text of the tool arguments. */
export interface ToolInputDeltaEvent {
  type: 'tool-input-delta';
  toolCallId: string;
  inputTextDelta: string;
  workerId?: string;
}

/** Argument streaming finished. */
export interface ToolInputEndEvent {
  type: 'tool-input-end';
  toolCallId: string;
  workerId?: string;
}

/** The parsed tool arguments are available. */
export interface ToolInputAvailableEvent {
  type: 'tool-input-available';
  toolCallId: string;
  toolName: string;
  input: unknown;
  workerId?: string;
}

/** The tool produced a result. */
export interface ToolOutputAvailableEvent {
  type: 'tool-output-available';
  toolCallId: string;
  output: unknown;
  workerId?: string;
}

/** The tool failed. */
export interface ToolOutputErrorEvent {
  type: 'tool-output-error';
  toolCallId: string;
  error: string;
  workerId?: string;
}

// ---------------------------------------------------------------------------
// Source events
// ---------------------------------------------------------------------------

/** A web (URL) citation. */
export interface SourceUrlEvent {
  type: 'source';
  sourceType: 'url';
  id: string;
  url: string;
  title?: string;
  workerId?: string;
}

/** A document citation. */
export interface SourceDocumentEvent {
  type: 'source';
  sourceType: 'document';
  id: string;
  mediaType: string;
  title: string;
  filename?: string;
  workerId?: string;
}

/** Any citation event (narrow on `sourceType`). */
export type SourceEvent = SourceUrlEvent | SourceDocumentEvent;

// ---------------------------------------------------------------------------
// Todo events (6.x)
// ---------------------------------------------------------------------------

export type TodoItemStatus = 'pending' | 'in_progress' | 'completed' | 'cancelled';

/** One entry of the agent's task list. */
export interface TodoItem {
  id: string;
  content: string;
  status: TodoItemStatus;
}

/** The agent's task list changed; `todos` is the whole list as it is now. */
export interface TodoUpdateEvent {
  type: 'todo-update';
  todos: TodoItem[];
  workerId?: string;
}

// ---------------------------------------------------------------------------
// Octavus protocol events
// ---------------------------------------------------------------------------

/** A protocol block began executing. */
export interface BlockStartEvent {
  type: 'block-start';
  blockId: string;
  blockName: string;
  blockType: string;
  display: DisplayMode;
  description?: string;
  /** `false` for blocks whose output does not land in the main chat. */
  outputToChat?: boolean;
  /** Thread name; absent or `'main'` for the main thread. */
  thread?: string;
  workerId?: string;
}

/** A protocol block finished. */
export interface BlockEndEvent {
  type: 'block-end';
  blockId: string;
  summary?: string;
  workerId?: string;
}

/** The agent wrote a resource. */
export interface ResourceUpdateEvent {
  type: 'resource-update';
  name: string;
  value: unknown;
}

/** A tool call the platform wants executed outside of itself. */
export interface PendingToolCall {
  toolCallId: string;
  toolName: string;
  args: Record<string, unknown>;
  /** Who asked for the call: the model (`llm`) or a protocol block (`block`). */
  source?: 'llm' | 'block';
  /** Block-driven calls: variable receiving the result. */
  outputVariable?: string;
  /** Block-driven calls: index of the block to resume at. */
  blockIndex?: number;
  /** Thread the call was made from. */
  thread?: string;
  /** Worker the call was made from. */
  workerId?: string;
  /** Provider data that must travel with the call (6.x; replaces `thoughtSignature`). */
  providerMetadata?: ProviderMetadata;
  /** Opaque provider signature that must travel with the call (sent before 6.x). */
  thoughtSignature?: string;
}

/**
 * Sent by the platform when tools must run; the response stream ends right
 * after. The SDK consumes it internally and does not hand it to callers.
 */
export interface ToolRequestEvent {
  type: 'tool-request';
  toolCalls: PendingToolCall[];
  /** Set when the calls come from a worker. */
  workerId?: string;
}

/**
 * Emitted by the SDK when some requested tools have no server handler. The
 * client runs them and continues with `executionId` and the combined results.
 */
export interface ClientToolRequestEvent {
  type: 'client-tool-request';
  executionId: string;
  /** The calls the client has to run. */
  toolCalls: PendingToolCall[];
  /**
   * Results of the server-handled calls of the same round; they must be sent
   * back together with the client results.
   */
  serverToolResults?: ToolResult[];
}

/** Outcome of one tool call, sent back to continue an execution. */
export interface ToolResult {
  toolCallId: string;
  toolName?: string;
  result?: unknown;
  error?: string;
  /** Files the tool produced (set by the media normalisers for uploaded images and output files). */
  files?: FileReference[];
  outputVariable?: string;
  blockIndex?: number;
  thread?: string;
  workerId?: string;
}

/** A file produced while running (skill output, generated image, ...). */
export interface GeneratedFile {
  id: string;
  mediaType: string;
  url: string;
  filename?: string;
  size?: number;
}

/** A produced file is ready to download or display. */
export interface FileAvailableEvent {
  type: 'file-available';
  id: string;
  mediaType: string;
  url: string;
  filename?: string;
  size?: number;
  /** The tool call that produced the file, if any. */
  toolCallId?: string;
  workerId?: string;
}

// ---------------------------------------------------------------------------
// Worker events
// ---------------------------------------------------------------------------

/** A worker run began. */
export interface WorkerStartEvent {
  type: 'worker-start';
  /** Id of this run; `worker-result` repeats it. */
  workerId: string;
  /** Slug of the worker agent. */
  workerSlug: string;
  description?: string;
  /** The worker's input (6.x; sent for workers shown in `stream` mode). */
  input?: Record<string, unknown>;
}

/** A worker run ended, with its output or an error message. */
export interface WorkerResultEvent {
  type: 'worker-result';
  workerId: string;
  output?: unknown;
  error?: string;
  /** True when the run was cancelled rather than failed. */
  cancelled?: boolean;
}

/**
 * 6.x: the model started calling a worker whose input it is still writing; `worker-input-delta`
 * events carry the input's JSON text, `worker-input-ready` the finished input, and the usual
 * `worker-start` follows when the worker runs.
 */
export interface WorkerInputStartEvent {
  type: 'worker-input-start';
  workerId: string;
  workerSlug: string;
  description?: string;
}

/** 6.x: a chunk of a worker input's JSON text. */
export interface WorkerInputDeltaEvent {
  type: 'worker-input-delta';
  workerId: string;
  delta: string;
}

/** 6.x: a worker's input is complete. */
export interface WorkerInputReadyEvent {
  type: 'worker-input-ready';
  workerId: string;
  input: Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Usage (6.x)
// ---------------------------------------------------------------------------

/** What one worker execution cost, in `currency`. */
export interface WorkerExecutionCost {
  /** ISO 4217 code (`USD`). */
  currency: string;
  /** The platform's fee. */
  bandwidthFee: number;
  /** What the model providers were paid through the platform (0 with your own keys). */
  providerFee: number;
  /** `bandwidthFee + providerFee`. */
  totalFee: number;
  /** True when your own provider key was used for a model call. */
  byok: boolean;
  /** With your own keys: what the model calls would have cost through the platform. */
  estimatedProviderFee?: number;
}

/** Tokens one worker execution used, over all its steps. */
export interface WorkerExecutionTokens {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/** Cost and tokens of a worker execution; sent once, after its `finish`, as the stream ends. */
export interface UsageEvent {
  type: 'usage';
  cost: WorkerExecutionCost;
  tokens: WorkerExecutionTokens;
}

/** Every event an execution can yield; narrow on `type`. */
export type StreamEvent =
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
  | SourceEvent
  | TodoUpdateEvent
  | BlockStartEvent
  | BlockEndEvent
  | ResourceUpdateEvent
  | ToolRequestEvent
  | ClientToolRequestEvent
  | FileAvailableEvent
  | WorkerStartEvent
  | WorkerResultEvent
  | WorkerInputStartEvent
  | WorkerInputDeltaEvent
  | WorkerInputReadyEvent
  | UsageEvent;

// ===========================================================================
// Internal (stored) message format — returned by `agentSessions.get()`
// ===========================================================================

/**
 * Kind of a stored message part. `step-start` (6.x) marks where one model step of a multi-step
 * answer begins; it carries nothing else.
 */
export type MessagePartType =
  | 'text'
  | 'reasoning'
  | 'tool-call'
  | 'step-start'
  | 'operation'
  | 'source'
  | 'file'
  | 'object'
  | 'worker'
  | 'todo';

export interface SourceUrlInfo {
  sourceType: 'url';
  id: string;
  url: string;
  title?: string;
}

export interface SourceDocumentInfo {
  sourceType: 'document';
  id: string;
  mediaType: string;
  title: string;
  filename?: string;
}

export type SourceInfo = SourceUrlInfo | SourceDocumentInfo;

export interface FileInfo {
  id: string;
  mediaType: string;
  url: string;
  filename?: string;
  size?: number;
  toolCallId?: string;
}

/** Structured-output value stored in a message part. */
export interface ObjectInfo {
  id: string;
  /** Protocol type name of the value. */
  typeName: string;
  value: unknown;
}

/** A platform step recorded in a message (e.g. writing a resource). */
export interface OperationInfo {
  id: string;
  name: string;
  /** Kind of operation, e.g. `set-resource`. */
  operationType: string;
}

/** The task list of a `todo` part. */
export interface TodoInfo {
  todos: TodoItem[];
}

/** A worker run recorded in a message, with the parts it produced. */
export interface WorkerPartInfo {
  workerId: string;
  workerSlug: string;
  description?: string;
  /** The input the worker was called with. */
  input?: Record<string, unknown>;
  /** What the worker produced (never another worker). */
  nestedParts: MessagePart[];
  output?: unknown;
  error?: string;
  /** True when the run was cancelled rather than failed. */
  cancelled?: boolean;
}

/** One ordered piece of an internal message. */
export interface MessagePart {
  type: MessagePartType;
  /** `false` when only the model sees the part. */
  visible: boolean;
  /** Text / reasoning content. */
  content?: string;
  toolCall?: ToolCallInfo;
  operation?: OperationInfo;
  source?: SourceInfo;
  file?: FileInfo;
  object?: ObjectInfo;
  worker?: WorkerPartInfo;
  todo?: TodoInfo;
  /** Set for parts that belong to a non-main thread. */
  thread?: string;
  /** Provider data kept with the part (e.g. a reasoning signature). */
  providerMetadata?: ProviderMetadata;
}

/** Message as stored in session state (includes content hidden from users). */
export interface ChatMessage {
  id: string;
  role: MessageRole;
  /** In order; `step-start` parts separate the model steps of one answer. */
  parts: MessagePart[];
  /** ISO timestamp string. */
  createdAt: string;
  /**
   * `false` for directives the user should not see; treated as `true` when absent.
   * @deprecated Not in the v4 message format; only an older server sends it.
   */
  visible?: boolean;
  content: string;
  toolCalls?: ToolCallInfo[];
  /** @deprecated Not in the v4 message format (reasoning is a part); only an older server sends it. */
  reasoning?: string;
  /**
   * Provider signature attached to reasoning blocks.
   * @deprecated Not in the v4 message format (see the part's `providerMetadata`); only an older server sends it.
   */
  reasoningSignature?: string;
  /** Who wrote a user message, when known (6.x). */
  sender?: UIMessageSender;
}

// ===========================================================================
// UI message format — returned by `agentSessions.getMessages()`
// ===========================================================================

export type UIMessageStatus = 'streaming' | 'done';
export type UIPartStatus = 'streaming' | 'done';

export interface UITextPart {
  type: 'text';
  text: string;
  status: UIPartStatus;
  /** Absent or `'main'` for the main thread. */
  thread?: string;
}

export interface UIReasoningPart {
  type: 'reasoning';
  text: string;
  status: UIPartStatus;
  thread?: string;
  /** Provider data kept with the reasoning (e.g. its signature), needed to restore a session. */
  providerMetadata?: Record<string, unknown>;
}

export type UIToolCallStatus = 'pending' | 'running' | 'done' | 'error' | 'cancelled';

export interface UIToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  /** Friendly name taken from the protocol description. */
  displayName?: string;
  args: Record<string, unknown>;
  result?: unknown;
  error?: string;
  status: UIToolCallStatus;
  /** The tool's display mode; with `title`, `args` is empty and there is no `result`. */
  display?: DisplayMode;
  thread?: string;
  /** Provider data kept with the call (e.g. a thought signature), needed to restore a session. */
  providerMetadata?: Record<string, unknown>;
}

export type UIOperationStatus = 'running' | 'done' | 'cancelled';

/** A platform-internal step (e.g. writing a resource), as opposed to a model tool call. */
export interface UIOperationPart {
  type: 'operation';
  operationId: string;
  name: string;
  /** Kind of operation, e.g. `set-resource`. */
  operationType: string;
  status: UIOperationStatus;
  thread?: string;
}

export interface UISourceUrlPart {
  type: 'source';
  sourceType: 'url';
  id: string;
  url: string;
  title?: string;
  thread?: string;
}

export interface UISourceDocumentPart {
  type: 'source';
  sourceType: 'document';
  id: string;
  mediaType: string;
  title: string;
  filename?: string;
  thread?: string;
}

export type UISourcePart = UISourceUrlPart | UISourceDocumentPart;

/** A file shown in the conversation (attachment or generated output). */
export interface UIFilePart {
  type: 'file';
  id: string;
  mediaType: string;
  url: string;
  filename?: string;
  size?: number;
  toolCallId?: string;
  thread?: string;
}

export type UIObjectStatus = 'streaming' | 'done' | 'error';

/** A structured-output value; `partial` while streaming, `object` once complete. */
export interface UIObjectPart {
  type: 'object';
  id: string;
  typeName: string;
  partial?: unknown;
  object?: unknown;
  status: UIObjectStatus;
  /** Set when `status` is `'error'`. */
  error?: string;
  thread?: string;
}

export type UIWorkerStatus = 'running' | 'done' | 'error' | 'cancelled';

/** A nested worker run with the parts it produced. */
export interface UIWorkerPart {
  type: 'worker';
  workerId: string;
  workerSlug: string;
  description?: string;
  /** The worker's input (for workers shown in `stream` mode). */
  input?: Record<string, unknown>;
  /** What the worker produced (never another worker). */
  parts: UIMessagePart[];
  output?: unknown;
  error?: string;
  status: UIWorkerStatus;
}

/** One entry of a task list shown in a message. */
export interface UITodoItem {
  id: string;
  content: string;
  status: TodoItemStatus;
}

/** The agent's task list, as it stands; updated while the message streams. */
export interface UITodoPart {
  type: 'todo';
  todos: UITodoItem[];
  status: UIPartStatus;
  thread?: string;
}

/** Where one model step of a multi-step answer begins. Nothing to render. */
export interface UIStepStartPart {
  type: 'step-start';
}

export type UIMessagePart =
  | UITextPart
  | UIReasoningPart
  | UIToolCallPart
  | UIOperationPart
  | UISourcePart
  | UIFilePart
  | UIObjectPart
  | UIWorkerPart
  | UITodoPart
  | UIStepStartPart;

/** The person who wrote a user message (every field optional). */
export interface UIMessageSender {
  id?: string;
  name?: string;
  /** Avatar URL. */
  image?: string;
}

/** Message in the shape UIs render and the client SDKs consume. */
export interface UIMessage {
  id: string;
  role: 'user' | 'assistant';
  parts: UIMessagePart[];
  status: UIMessageStatus;
  createdAt: Date;
  /** Who wrote a user message, when known (6.x). */
  sender?: UIMessageSender;
}

// ===========================================================================
// Runtime validation helpers
// ===========================================================================

/**
 * Outcome of a `safeParse*` helper. Shaped like zod's safe-parse result so code
 * written against the original package keeps working, but declared here so no
 * zod types are needed.
 */
export type SafeParseResult<T> =
  | { success: true; data: T; error?: undefined }
  | { success: false; data?: undefined; error: Error & { issues?: unknown[] } };

/** Validates an unknown value as a {@link StreamEvent}. */
export declare function safeParseStreamEvent(data: unknown): SafeParseResult<StreamEvent>;
/** Validates an unknown value as a {@link UIMessage} (epoch / string dates become `Date`). */
export declare function safeParseUIMessage(data: unknown): SafeParseResult<UIMessage>;
/** Validates an unknown value as an array of {@link UIMessage}. */
export declare function safeParseUIMessages(data: unknown): SafeParseResult<UIMessage[]>;

/** True when the value has the shape of a {@link FileReference}. */
export declare function isFileReference(value: unknown): value is FileReference;
/** True when the value is an array whose every item is a {@link FileReference}. */
export declare function isFileReferenceArray(value: unknown): value is FileReference[];

// ===========================================================================
// Skill tools
// ===========================================================================

/** Names of the built-in tools that run Octavus skills in a sandbox. */
export declare const OCTAVUS_SKILL_TOOLS: {
  readonly SKILL_READ: 'octavus_skill_read';
  readonly SKILL_LIST: 'octavus_skill_list';
  readonly SKILL_RUN: 'octavus_skill_run';
  readonly CODE_RUN: 'octavus_code_run';
  readonly FILE_WRITE: 'octavus_file_write';
  readonly FILE_READ: 'octavus_file_read';
};

export type OctavusSkillToolName = (typeof OCTAVUS_SKILL_TOOLS)[keyof typeof OCTAVUS_SKILL_TOOLS];

/** True when `toolName` is one of {@link OCTAVUS_SKILL_TOOLS}. */
export declare function isOctavusSkillTool(toolName: string): toolName is OctavusSkillToolName;

/** Reads the `skill` argument of a skill-tool call; `undefined` for other tools. */
export declare function getSkillSlugFromToolCall(
  toolName: string,
  args: Record<string, unknown> | undefined,
): string | undefined;

// ===========================================================================
// Server SDK: errors
// ===========================================================================

/** Rejection value of REST calls that got a non-2xx answer. */
export declare class ApiError extends Error {
  /** HTTP status code. */
  status: number;
  /** Machine code from the response body, when present. */
  code?: string | undefined;
  constructor(message: string, status: number, code?: string | undefined);
}

/** Rejection value of `workers.generate()`. */
export declare class WorkerError extends Error {
  /** Id of the worker session, when the run got far enough to have one. */
  readonly sessionId?: string;
  constructor(message: string, sessionId?: string);
}

// ===========================================================================
// Server SDK: API clients
// ===========================================================================

/** What each API class needs: where to send requests and which headers to use. */
export interface ApiClientConfig {
  baseUrl: string;
  getHeaders: () => Record<string, string>;
  /**
   * Not in the original package: time limit in milliseconds for a whole REST call,
   * or for the wait for a stream's response headers. `0` disables it; default 120000.
   */
  requestTimeoutMs?: number;
  /**
   * Not in the original package: the longest silence in milliseconds allowed between
   * two chunks of an event stream. `0` disables it; default 300000.
   */
  idleTimeoutMs?: number;
}

/** Common base of the API classes. */
declare abstract class BaseApiClient {
  protected readonly config: ApiClientConfig;
  constructor(config: ApiClientConfig);
  /** GET `path` (sent as given) and parse the JSON answer with `schema`; non-2xx throws ApiError. */
  protected httpGet<T>(path: string, schema: { parse(data: unknown): T }): Promise<T>;
  /** POST `body` as JSON to `path` and parse the answer with `schema`. */
  protected httpPost<T>(path: string, body: unknown, schema: { parse(data: unknown): T }): Promise<T>;
  /** PATCH `body` as JSON to `path` and parse the answer with `schema`. */
  protected httpPatch<T>(path: string, body: unknown, schema: { parse(data: unknown): T }): Promise<T>;
  /** Not in the original package: DELETE `path` (no body) and parse the answer with `schema`. */
  protected httpDelete<T>(path: string, schema: { parse(data: unknown): T }): Promise<T>;
}

export type AgentFormat = 'interactive' | 'worker';

/** Contents of an agent's `settings.json`. */
export interface AgentSettings {
  slug: string;
  name: string;
  description?: string;
  format: AgentFormat;
}

export interface AgentPrompt {
  name: string;
  content: string;
}

/** One entry of `agents.list()`. */
export interface Agent {
  /** Project-unique readable identifier. */
  slug: string;
  /** The id used by every other call. */
  id: string;
  name: string;
  description: string | null;
  format: AgentFormat;
  createdAt: string;
  updatedAt: string;
  projectId: string;
}

/** Result of `agents.get()`. */
export interface AgentDefinition {
  settings: AgentSettings;
  /** Protocol YAML source. */
  protocol: string;
  prompts: AgentPrompt[];
  id: string;
}

/** Read-only access to agent definitions (managing them is the CLI's job). */
export declare class AgentsApi extends BaseApiClient {
  list(): Promise<Agent[]>;
  get(agentId: string): Promise<AgentDefinition>;
}

/** Base class for persisting agent resources; subclasses are passed to `attach()`. */
export declare abstract class Resource {
  /** Resource name as written in the protocol. */
  abstract readonly name: string;
  /** Invoked whenever the agent writes this resource. */
  abstract onUpdate(value: unknown): Promise<void> | void;
}

/** Run a trigger. */
export interface TriggerRequest {
  type: 'trigger';
  triggerName: string;
  input?: Record<string, unknown>;
  /**
   * Drop stored messages after this id before running (retry / edit flows);
   * `null` drops all of them.
   */
  rollbackAfterMessageId?: string | null;
}

/** Resume an execution paused for client-side tools. */
export interface ContinueRequest {
  type: 'continue';
  executionId: string;
  toolResults: ToolResult[];
}

/** Argument of `AgentSession.execute()`. */
export type SessionRequest = TriggerRequest | ContinueRequest;

/** Socket message asking to abort the request in flight. */
export interface StopMessage {
  type: 'stop';
}

/** Messages understood by `AgentSession.handleSocketMessage()`. */
export type SocketMessage = TriggerRequest | ContinueRequest | StopMessage;

/** Callbacks of `AgentSession.handleSocketMessage()`. */
export interface SocketMessageHandlers {
  /** Receives every event, in order. */
  onEvent: (event: StreamEvent) => void;
  /** Awaited once streaming ended, unless the request was aborted. */
  onFinish?: () => void | Promise<void>;
}

/**
 * Serialises events as Server-Sent Events (`data: <json>` blocks followed by
 * `data: [DONE]`), ready to be used as an HTTP response body.
 */
export declare function toSSEStream(events: AsyncIterable<StreamEvent>): ReadableStream<Uint8Array>;

/** Constructor argument of {@link AgentSession}. */
export interface SessionConfig {
  sessionId: string;
  config: ApiClientConfig;
  tools?: ToolHandlers;
  resources?: Resource[];
}

/** Per-call options of `execute()` / `trigger()`. */
export interface TriggerOptions {
  /** Aborting it stops the execution (the stream ends with finish/stop). */
  signal?: AbortSignal;
}

/** A session handle that runs requests and drives the tool continuation loop. */
export declare class AgentSession {
  constructor(sessionConfig: SessionConfig);
  /**
   * Runs a trigger or a continuation and yields its events. Server tools with a
   * handler run automatically; others surface as `client-tool-request`.
   * Nothing is sent until the generator is first pulled.
   */
  execute(request: SessionRequest, options?: TriggerOptions): AsyncGenerator<StreamEvent>;
  /** Shorthand for `execute({ type: 'trigger', triggerName, input }, options)`. */
  trigger(
    triggerName: string,
    input?: Record<string, unknown>,
    options?: TriggerOptions,
  ): AsyncGenerator<StreamEvent>;
  getSessionId(): string;
  /**
   * Socket helper: `stop` aborts the request in flight; `trigger` / `continue`
   * abort any previous one and stream the new events to `handlers.onEvent`.
   */
  handleSocketMessage(message: SocketMessage, handlers: SocketMessageHandlers): Promise<void>;
}

export type SessionStatus = 'active' | 'expired';

/** Full session state (internal message format). */
export interface SessionState {
  id: string;
  agentId: string;
  input: Record<string, unknown>;
  variables: Record<string, unknown>;
  resources: Record<string, unknown>;
  messages: ChatMessage[];
  status?: 'active';
  createdAt: string;
  updatedAt: string;
}

/** Session messages in UI format. */
export interface UISessionState {
  sessionId: string;
  agentId: string;
  messages: UIMessage[];
  status?: 'active';
}

/** Returned instead of the state once a session expired. */
export interface ExpiredSessionState {
  sessionId: string;
  agentId: string;
  status: 'expired';
  createdAt: string;
}

export interface RestoreSessionResult {
  sessionId: string;
  /** `false` when the session was still active and nothing had to be restored. */
  restored: boolean;
}

export interface ClearSessionResult {
  sessionId: string;
  cleared: boolean;
}

/** Options of `agentSessions.attach()`. */
export interface SessionAttachOptions {
  tools?: ToolHandlers;
  resources?: Resource[];
}

/** Session management. */
export declare class AgentSessionsApi extends BaseApiClient {
  /** Creates a session and resolves to its id. */
  create(agentId: string, input?: Record<string, unknown>): Promise<string>;
  /** Full internal state (hidden content included); check `status` for expiry. */
  get(sessionId: string): Promise<SessionState | ExpiredSessionState>;
  /** UI-ready messages; check `status` for expiry. */
  getMessages(sessionId: string): Promise<UISessionState | ExpiredSessionState>;
  /** Rebuilds an expired session from previously stored UI messages. */
  restore(
    sessionId: string,
    messages: UIMessage[],
    input?: Record<string, unknown>,
  ): Promise<RestoreSessionResult>;
  /** Clears the session state server-side (idempotent); the session becomes expired. */
  clear(sessionId: string): Promise<ClearSessionResult>;
  /** Returns a handle for running requests on the session (no network call). */
  attach(sessionId: string, options?: SessionAttachOptions): AgentSession;
}

/** Metadata of one file to upload. */
export interface FileUploadRequest {
  filename: string;
  mediaType: string;
  /** Size in bytes. */
  size: number;
}

/** Upload target for one file. */
export interface FileUploadInfo {
  /** File id, for use in a {@link FileReference}. */
  id: string;
  /** Presigned URL to PUT the bytes to. */
  uploadUrl: string;
  /** Presigned URL to read the file back (the `url` of a FileReference). */
  downloadUrl: string;
}

export interface UploadUrlsResponse {
  files: FileUploadInfo[];
}

/** File uploads go straight to storage through presigned URLs. */
export declare class FilesApi extends BaseApiClient {
  getUploadUrls(sessionId: string, files: FileUploadRequest[]): Promise<UploadUrlsResponse>;
}

// ===========================================================================
// Server SDK: workers
// ===========================================================================

/** First request body of a worker execution. */
export interface WorkerStartRequest {
  type: 'start';
  input: Record<string, unknown>;
}

/** Request body resuming a worker after client-side tools. */
export interface WorkerContinueRequest {
  type: 'continue';
  executionId: string;
  toolResults: ToolResult[];
}

export type WorkerRequest = WorkerStartRequest | WorkerContinueRequest;

/** Options shared by `execute`, `generate` and `continue`. */
export interface WorkerExecuteOptions {
  /** Server-side tool implementations. */
  tools?: ToolHandlers;
  signal?: AbortSignal;
}

/** Resolution value of `workers.generate()`. */
export interface WorkerGenerateResult {
  /** What the worker returned. */
  output: unknown;
  /** Session id of the run (for debug links). */
  sessionId: string;
}

/** Runs worker agents. */
export declare class WorkersApi extends BaseApiClient {
  /** Streams the events of a worker run, handling server tools automatically. */
  execute(
    agentId: string,
    input: Record<string, unknown>,
    options?: WorkerExecuteOptions,
  ): AsyncGenerator<StreamEvent>;
  /** Runs the worker to completion; rejects with {@link WorkerError} on failure. */
  generate(
    agentId: string,
    input: Record<string, unknown>,
    options?: WorkerExecuteOptions,
  ): Promise<WorkerGenerateResult>;
  /** Resumes a run paused on a `client-tool-request`. */
  continue(
    agentId: string,
    executionId: string,
    toolResults: ToolResult[],
    options?: WorkerExecuteOptions,
  ): AsyncGenerator<StreamEvent>;
}

// ===========================================================================
// Server SDK: inline MCP servers and media normalisers (6.4)
// ===========================================================================

/** A tool known at run time: the schema the platform sends to the model. */
export interface ToolSchema {
  /** The tool's name, e.g. `github__list-issues`. */
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  inputSchema: Record<string, unknown>;
  /** JSON Schema of the result, for providers that use structured tool outputs. */
  outputSchema?: Record<string, unknown>;
}

/** A source of tools: schemas for the platform, handlers (keyed by tool name) for the SDK. */
export interface ToolProvider {
  toolHandlers(): Record<string, ToolHandler>;
  toolSchemas(): ToolSchema[];
}

/** Tools run in this process under one namespace (`namespace__tool`), made by {@link createInlineMcpServer}. */
export interface InlineMcpServer extends ToolProvider {
  readonly namespace: string;
}

/**
 * A zod 4 schema (classic or mini), described by the one part these declarations read: the
 * inferred types under `_zod`. Every `z.ZodType` matches; written out so that this file
 * type-checks without zod installed.
 */
export interface InlineMcpSchema {
  readonly _zod: { readonly output: unknown; readonly input: unknown };
}

/** The parsed type of a schema, as `z.infer` gives it. */
export type InferInlineMcpSchema<T> = T extends { _zod: { output: any } } ? T['_zod']['output'] : unknown;

/** One tool of an inline MCP server. */
export interface InlineMcpToolDefinition<T extends InlineMcpSchema = InlineMcpSchema, O extends InlineMcpSchema = InlineMcpSchema> {
  description: string;
  /** zod 4 schema of the arguments: sent as JSON Schema, and checked before `handler` runs. */
  parameters: T;
  /** zod 4 schema of the result: sent as JSON Schema, and checked on every result. */
  output?: O;
  /** Runs with the parsed arguments. */
  handler: (args: InferInlineMcpSchema<T>) => Promise<InferInlineMcpSchema<O>>;
}

export interface InlineMcpServerConfig {
  /** Tools by name (lowercase letters, digits, `_` and `-`, starting with a letter). */
  tools: Record<string, InlineMcpToolDefinition>;
}

/**
 * Returns its argument; wrapping each tool in it lets TypeScript infer the handler's argument
 * type (and result type, with `output`) from the schemas.
 */
export declare function defineInlineMcpTool<T extends InlineMcpSchema, O extends InlineMcpSchema = InlineMcpSchema>(
  def: InlineMcpToolDefinition<T, O>,
): InlineMcpToolDefinition<T, O>;

/**
 * An inline MCP server: its tools are exposed as `namespace__tool`, with JSON Schemas made
 * once, here, by zod's `toJSONSchema`; the handlers check arguments (and results) with the
 * schemas. The namespace holds lowercase letters, digits and `-`, starting with a letter.
 * Needs zod 4 in your project (an optional peer dependency, loaded only here).
 */
export declare function createInlineMcpServer(namespace: string, config: InlineMcpServerConfig): InlineMcpServer;

/**
 * For `onToolResults`: uploads the base64 media parts (`{type: 'image' | 'audio' | 'blob',
 * data, mimeType?}`, in a bare array or `{content: [...]}`) of each result through presigned
 * URLs and replaces each by `{type, mediaType, size, url}` (or `error: 'Upload failed'`; the
 * data is dropped either way). Uploaded images are appended to the result's `files`. Results
 * with an `outputVariable` are left alone. Edits `toolResults` in place.
 */
export declare function normalizeToolResultMedia(
  toolResults: ToolResult[],
  filesApi: Pick<FilesApi, 'getUploadUrls'>,
  sessionId: string,
): Promise<void>;

/**
 * For `onToolResults`: uploads `result.outputFiles` (`[{name, path?, mediaType, size,
 * contentBase64}]`) of each result through presigned URLs and replaces them by `{name, path?,
 * mediaType, size, url}` (or `error: 'Upload failed'`); uploaded files are appended to the
 * result's `files`. Results with an `outputVariable` are left alone. Edits `toolResults` in place.
 */
export declare function normalizeToolResultOutputFiles(
  toolResults: ToolResult[],
  filesApi: Pick<FilesApi, 'getUploadUrls'>,
  sessionId: string,
): Promise<void>;

// ===========================================================================
// Diagnostics (node:diagnostics_channel); not in the original package.
// See docs/observability.md.
// ===========================================================================

/** The names of the channels this package publishes on. */
export declare const diagnosticsChannels: {
  readonly requestStart: 'octavus:request:start';
  readonly requestFinish: 'octavus:request:finish';
  readonly requestError: 'octavus:request:error';
  readonly executionStart: 'octavus:execution:start';
  readonly executionRound: 'octavus:execution:round';
  readonly executionFinish: 'octavus:execution:finish';
  readonly toolStart: 'octavus:tool:start';
  readonly toolFinish: 'octavus:tool:finish';
  readonly toolError: 'octavus:tool:error';
  /** Tool arguments and results: published only while this channel has a subscriber. */
  readonly toolPayload: 'octavus:tool:payload';
};

/** `octavus:request:start`: a REST call, or one attempt of a streaming POST. */
export interface RequestStartMessage {
  /** Numbers the requests of this process; the same in the request's finish or error. */
  requestSeq: number;
  method: string;
  /** The path as sent, ids percent-encoded (no origin, no headers). */
  path: string;
  /** From 1; a streaming POST retries, a REST call always has 1. */
  attempt: number;
  /** The execution it belongs to (streaming POSTs only). */
  executionSeq?: number;
  /** The execution's round (streaming POSTs only). */
  round?: number;
}

/** `octavus:request:finish`: a 2xx answer (for a streaming POST: its response head). */
export interface RequestFinishMessage extends RequestStartMessage {
  status: number;
  durationMs: number;
}

/** `octavus:request:error`: a non-2xx answer, no answer, or an attempt cut short. */
export interface RequestErrorMessage extends RequestStartMessage {
  /** The answer's status, when one came. */
  status?: number;
  durationMs: number;
  /** `cancelled`: cut short by an abort or a closed execution. */
  kind: 'api' | 'network' | 'invalid-response' | 'invalid-argument' | 'timeout' | 'callback' | 'internal' | 'cancelled';
  /** The body's code for `api`, else `OCTAVUS_<KIND>`. */
  code?: string;
  message: string;
  /** Another attempt follows (streaming POSTs). */
  retry: boolean;
}

/** What every execution message names. */
export interface ExecutionIds {
  /** Numbers the observed executions of this process (not the platform's executionId). */
  executionSeq: number;
  target: 'session' | 'worker';
  /** Session executions (a deferred start: once the platform named it). */
  sessionId?: string;
  /** Worker executions, and a deferred session start. */
  agentId?: string;
}

/** `octavus:execution:start`: the execution's first pull (or `toSSEStream` took it). */
export interface ExecutionStartMessage extends ExecutionIds {
  operation: 'trigger' | 'continue' | 'start' | 'execute';
  triggerName?: string;
}

/** `octavus:execution:round`: a round begins (round 1 is the trigger, then one per continuation). */
export interface ExecutionRoundMessage extends ExecutionIds {
  round: number;
}

/** `octavus:execution:finish`. */
export interface ExecutionFinishMessage extends ExecutionIds {
  /** `closed`: the consumer stopped first (`break`, `return()`, a reader's cancel, collected). */
  outcome: 'completed' | 'aborted' | 'closed' | 'failed';
  /** Rounds begun. */
  rounds: number;
  durationMs: number;
  /** `failed` only: the error's kind, code and message. */
  kind?: string;
  code?: string;
  message?: string;
}

/** `octavus:tool:start`: a server tool's handler is called. */
export interface ToolStartMessage extends ExecutionIds {
  round: number;
  toolName: string;
  toolCallId: string;
}

/** `octavus:tool:finish`: the handler returned (`void`: `undefined`). */
export interface ToolFinishMessage extends ToolStartMessage {
  durationMs: number;
  outcome: 'result' | 'void';
}

/** `octavus:tool:error`: the handler threw, or returned what cannot be sent as JSON. */
export interface ToolErrorMessage extends ToolStartMessage {
  durationMs: number;
  outcome: 'error';
  /** The thrown error's `code`, when it has a string one. */
  code?: string;
  /** What the platform is told. */
  message: string;
}

/** `octavus:tool:payload`: after the tool's finish or error, to this channel's subscribers only. */
export interface ToolPayloadMessage extends ToolStartMessage {
  /** The arguments as received (JSON text). */
  argsJson: string;
  /** The result as sent (JSON text); absent for `void` and errors. */
  resultJson?: string;
  /** The error message sent instead of a result. */
  error?: string;
}

// ===========================================================================
// Server SDK: entry point
// ===========================================================================

export interface OctavusClientConfig {
  /** Platform URL; one trailing slash is ignored. */
  baseUrl: string;
  /** Sent as a bearer token when set. */
  apiKey?: string;
  /** Ask the platform to record full model requests (off by default). */
  traceModelRequests?: boolean;
  /**
   * Not in the original package: time limit in milliseconds for a whole REST call,
   * or for the wait for a stream's response headers. `0` disables it; default 120000.
   */
  requestTimeoutMs?: number;
  /**
   * Not in the original package: the longest silence in milliseconds allowed between
   * two chunks of an event stream. `0` disables it; default 300000.
   */
  idleTimeoutMs?: number;
}

/** Entry point bundling the API classes. */
export declare class OctavusClient {
  readonly agents: AgentsApi;
  readonly agentSessions: AgentSessionsApi;
  readonly files: FilesApi;
  readonly workers: WorkersApi;
  /** `config.baseUrl` without its trailing slash. */
  readonly baseUrl: string;
  constructor(config: OctavusClientConfig);
  /** Headers attached to every request. */
  getHeaders(): Record<string, string>;
}

// Only the names marked `export` above are public (this keeps BaseApiClient internal).
export {};
