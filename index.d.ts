// Public type declarations for @octavus-rs/server-sdk.
//
// The package is meant to be swapped in for @octavus/server-sdk (API level 6.4)
// without touching user code, so every exported name below mirrors the shape of
// its counterpart in that package (its own exports and those it re-exports from
// @octavus/core). The file is self-contained on purpose: it does not pull in zod
// or @octavus/core. Names and members that exist only in this package say so
// ("Not in the original package" / "Ours").

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
  /** A cut-down copy of the provider's answer, when it says more than the message. */
  details?: string;
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
  /** Pixel width, when the platform measured the image as it came in. */
  width?: number;
  /** Pixel height, when the platform measured the image as it came in. */
  height?: number;
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
  /** Pixel size, when known (carried over from the file reference). */
  width?: number;
  height?: number;
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
// Execution logs (`agentSessions.getLogs()`)
// ===========================================================================

/** A file attached to a logged message. */
export interface LogEntryFile {
  id: string;
  mediaType: string;
  url: string;
  filename?: string;
  size?: number;
}

/** A tool call as the model requested it, in an `llm-tool-request` entry. */
export interface LoggedToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/**
 * What a heavy log field holds when its value was too large to store: the byte sizes and a
 * preview made of the head and the tail of the serialised original.
 */
export interface TrimmedValue {
  __trimmed: true;
  /** UTF-8 size of the original serialised value. */
  originalBytes: number;
  /** UTF-8 size of `preview`. */
  keptBytes: number;
  /** The start and the end of the serialised original. */
  preview: string;
}

/** A provider call, in a `model-request` entry; the payload fields only with tracing on. */
export interface ModelRequestTrace {
  requestType: 'llm' | 'image' | 'video' | 'speech' | 'transcription';
  provider: string;
  model: string;
  /** The HTTP body sent to the provider (with `traceModelRequests`). */
  requestBody?: unknown;
  prompt?: string;
  /** Image or video aspect ratio, e.g. `16:9`. */
  aspectRatio?: string;
  /** Image resolution, e.g. `2K`. */
  resolution?: string;
  /** Video length in seconds. */
  durationSeconds?: number;
  /** Whether a video was asked for with its own audio track. */
  generateAudio?: boolean;
  hasReferenceImages?: boolean;
  /** Speech voice id. */
  voice?: string;
  /** Speech output format, e.g. `mp3`. */
  audioFormat?: string;
  /** Language hint of a speech or transcription request. */
  language?: string;
}

/** Token usage of one finished model step, in a `step-stats` entry. */
export interface StepStatsTrace {
  requestType: 'llm' | 'image' | 'video' | 'speech' | 'transcription';
  provider: string;
  model: string;
  usage: {
    inputTokens: number;
    cachedInputTokens: number;
    cachedWriteTokens: number;
    outputTokens: number;
    reasoningOutputTokens: number;
  };
  /** The prompt-cache mode the provider applied (absent where caching does not apply). */
  cacheMode?: 'auto' | 'extended' | 'off';
  /** `'fast'` only when the request ran in the provider's fast mode. */
  speed?: 'fast' | 'standard';
}

/** The error of an `error` entry (no stack trace). */
export interface ExecutionLogError {
  type: ErrorType;
  message: string;
  source: ErrorSource;
  retryable?: boolean;
  retryAfter?: number;
  code?: string;
  provider?: ProviderErrorInfo;
  tool?: ToolErrorInfo;
}

/** The 18 entry types known to 6.4; the platform may add more. */
export type ExecutionLogEntryType =
  | 'trigger'
  | 'message'
  | 'tool-call'
  | 'tool-result'
  | 'llm-tool-request'
  | 'llm-response'
  | 'reasoning'
  | 'thread-created'
  | 'block-operation'
  | 'model-request'
  | 'step-stats'
  | 'worker-execution'
  | 'worker-output'
  | 'compaction'
  | 'tool-output-bounded'
  | 'image-adapted'
  | 'abort'
  | 'error';

/** Fields every entry may carry. */
export interface ExecutionLogEntryBase {
  id: string;
  /** ISO-8601. */
  timestamp: string;
  /** Order within one execution. */
  sequence?: number;
  /** The thread of a thread-scoped operation. */
  thread?: string;
  blockName?: string;
  model?: string;
  /** Groups the entries of one worker invocation. */
  workerId?: string;
  workerSlug?: string;
  /** Set when a heavy field of this entry was cut to a preview ({@link TrimmedValue}) or dropped. */
  trimmed?: boolean;
}

export interface TriggerLogEntry extends ExecutionLogEntryBase {
  type: 'trigger';
  triggerName?: string;
  triggerInput?: Record<string, unknown>;
}

export interface MessageLogEntry extends ExecutionLogEntryBase {
  type: 'message';
  role: 'user' | 'assistant' | 'system';
  content?: string;
  visible?: boolean;
  /** The type of a structured (JSON object) response. */
  responseType?: string;
  files?: LogEntryFile[];
}

export interface ToolCallLogEntry extends ExecutionLogEntryBase {
  type: 'tool-call';
  toolName?: string;
  toolDescription?: string;
  toolArguments?: Record<string, unknown>;
}

export interface ToolResultLogEntry extends ExecutionLogEntryBase {
  type: 'tool-result';
  toolName?: string;
  toolResult?: unknown;
}

export interface LlmToolRequestLogEntry extends ExecutionLogEntryBase {
  type: 'llm-tool-request';
  response?: string;
  toolCalls?: LoggedToolCall[];
}

export interface LlmResponseLogEntry extends ExecutionLogEntryBase {
  type: 'llm-response';
  response?: string;
}

export interface ReasoningLogEntry extends ExecutionLogEntryBase {
  type: 'reasoning';
  reasoningContent?: string;
}

export interface ThreadCreatedLogEntry extends ExecutionLogEntryBase {
  type: 'thread-created';
  systemPrompt?: string;
}

export interface BlockOperationLogEntry extends ExecutionLogEntryBase {
  type: 'block-operation';
  operationType?: string;
  operationDescription?: string;
  operationInput?: Record<string, unknown>;
  operationResult?: unknown;
}

/** A provider call: a light marker, or the full request with `traceModelRequests`. */
export interface ModelRequestLogEntry extends ExecutionLogEntryBase {
  type: 'model-request';
  modelRequest?: ModelRequestTrace;
}

/** Token usage after a model step. */
export interface StepStatsLogEntry extends ExecutionLogEntryBase {
  type: 'step-stats';
  stepStats?: StepStatsTrace;
}

export interface WorkerExecutionLogEntry extends ExecutionLogEntryBase {
  type: 'worker-execution';
  workerInput?: Record<string, unknown>;
}

export interface WorkerOutputLogEntry extends ExecutionLogEntryBase {
  type: 'worker-output';
  workerOutput?: unknown;
}

/** A compaction of the context window (its summarizer run is logged as a worker). */
export interface CompactionLogEntry extends ExecutionLogEntryBase {
  type: 'compaction';
  /** Ahead of the budget (`proactive`) or after an overflow (`reactive`). */
  compactionTrigger?: 'proactive' | 'reactive';
  reason?: string;
  /** Watermark message id before (absent on the first compaction). */
  watermarkFrom?: string;
  /** Watermark message id after. */
  watermarkTo?: string;
  /** Stored messages folded into the summary. */
  turnsSummarized?: number;
  passes?: number;
  tokensBefore?: number;
  tokensAfter?: number;
  layersApplied?: string[];
  /** The summarizer's worker id (see its `worker-execution` entry). */
  summarizerWorkerId?: string;
}

/** A tool result shown to the model as a preview because of `maxToolOutputTokens`. */
export interface ToolOutputBoundedLogEntry extends ExecutionLogEntryBase {
  type: 'tool-output-bounded';
  toolCallId?: string;
  toolName?: string;
  /** Length of the full result in characters. */
  originalChars: number;
  /** The cap that applied. */
  maxToolOutputTokens: number;
}

/** An image changed before the model saw it (the stored file keeps its original). */
export interface ImageAdaptedLogEntry extends ExecutionLogEntryBase {
  type: 'image-adapted';
  /** The configured `maxImageDimension`, or a recovery after a provider refused the image. */
  source: 'declared-cap' | 'reactive-recovery';
  adaptation: 'downscaled' | 'count-elided';
  originalWidth?: number;
  originalHeight?: number;
  deliveredWidth?: number;
  deliveredHeight?: number;
  /** The cap in px (longest side). */
  maxImageDimension?: number;
  /** Older images left out of the model's view. */
  imagesElided?: number;
  /** The provider constraint behind a recovery. */
  constraint?: string;
  /** Attempts a recovery needed. */
  attempts?: number;
}

export interface AbortLogEntry extends ExecutionLogEntryBase {
  type: 'abort';
  abortedAtBlock?: string;
}

export interface ErrorLogEntry extends ExecutionLogEntryBase {
  type: 'error';
  error?: ExecutionLogError;
}

/**
 * One execution-log entry, narrowed by `type`. Entries are not validated beyond `id`,
 * `timestamp` and `type`: keep a `default` branch for types added later.
 */
export type ExecutionLogEntry =
  | TriggerLogEntry
  | MessageLogEntry
  | ToolCallLogEntry
  | ToolResultLogEntry
  | LlmToolRequestLogEntry
  | LlmResponseLogEntry
  | ReasoningLogEntry
  | ThreadCreatedLogEntry
  | BlockOperationLogEntry
  | ModelRequestLogEntry
  | StepStatsLogEntry
  | WorkerExecutionLogEntry
  | WorkerOutputLogEntry
  | CompactionLogEntry
  | ToolOutputBoundedLogEntry
  | ImageAdaptedLogEntry
  | AbortLogEntry
  | ErrorLogEntry;

// ===========================================================================
// Runtime validation helpers
// ===========================================================================

/**
 * Ours (the official returns zod's own result type): outcome of a `safeParse*` helper.
 * Shaped like zod's safe-parse result so code written against the original package keeps
 * working, but declared here so no zod types are needed.
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
  readonly SKILL_SETUP: 'octavus_skill_setup';
  readonly CODE_RUN: 'octavus_code_run';
  readonly FILE_WRITE: 'octavus_file_write';
  readonly FILE_READ: 'octavus_file_read';
  readonly FILE_UPLOAD: 'octavus_file_upload';
};

export type OctavusSkillToolName = (typeof OCTAVUS_SKILL_TOOLS)[keyof typeof OCTAVUS_SKILL_TOOLS];

/** True when `toolName` is one of {@link OCTAVUS_SKILL_TOOLS}. */
export declare function isOctavusSkillTool(toolName: string): toolName is OctavusSkillToolName;

/** Reads the `skill` argument of a skill-tool call; `undefined` for other tools. */
export declare function getSkillSlugFromToolCall(
  toolName: string,
  args: Record<string, unknown> | undefined,
): string | undefined;

/** Names of the platform's MCP management tools (listing and activating remote MCP integrations). */
export declare const OCTAVUS_MCP_TOOLS: {
  readonly MCP_LIST: 'octavus_mcp_list';
  readonly MCP_ACTIVATE: 'octavus_mcp_activate';
};

export type OctavusMcpToolName = (typeof OCTAVUS_MCP_TOOLS)[keyof typeof OCTAVUS_MCP_TOOLS];

/** True when `toolName` is one of {@link OCTAVUS_MCP_TOOLS}. */
export declare function isOctavusMcpTool(toolName: string): toolName is OctavusMcpToolName;

/** Names of the platform's reference tools (agent-local documents read on demand). */
export type OctavusReferenceToolName = 'octavus_reference_list' | 'octavus_reference_read';

/** Every tool name the platform reserves and runs itself (all start with `octavus_`). */
export type OctavusInternalToolName =
  | 'octavus_skill_read'
  | 'octavus_skill_list'
  | 'octavus_skill_run'
  | 'octavus_skill_setup'
  | 'octavus_code_run'
  | 'octavus_file_write'
  | 'octavus_file_read'
  | 'octavus_file_upload'
  | OctavusReferenceToolName
  | OctavusMcpToolName
  | 'octavus_generate_image'
  | 'octavus_generate_video'
  | 'octavus_generate_speech'
  | 'octavus_transcribe_audio'
  | 'octavus_web_search'
  | 'octavus_todo_write';

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

/** What the `error` event of a failed worker run said, besides its message. */
export interface WorkerErrorDetails {
  errorType?: ErrorType;
  source?: ErrorSource;
  code?: string;
  retryable?: boolean;
  /** Seconds to wait before retrying, when the provider said. */
  retryAfter?: number;
  provider?: ProviderErrorInfo;
}

/** Rejection value of `workers.generate()`. */
export declare class WorkerError extends Error {
  /** Id of the worker session, when the run got far enough to have one. */
  readonly sessionId?: string | undefined;
  /** Set when the run ended with an `error` event: its classification and origin. */
  readonly details?: WorkerErrorDetails | undefined;
  constructor(message: string, sessionId?: string | undefined, details?: WorkerErrorDetails | undefined);
}

// ===========================================================================
// Server SDK: API clients
// ===========================================================================

/**
 * What each API class needs: where to send requests and which headers to use. The official
 * declares it without exporting it; ours exports it for building an API class directly.
 */
export interface ApiClientConfig {
  baseUrl: string;
  /** The headers of each request (asked again for every request and retry); may be async. */
  getHeaders: () => Record<string, string> | Promise<Record<string, string>>;
  /** Retries of a streaming POST after a transient failure. Default 2; `0` disables them. */
  maxRetries?: number;
  /**
   * The longest silence, in milliseconds, allowed while waiting for or reading an event
   * stream; the stream then ends as if the connection dropped. Default 60000; `0` disables it.
   */
  streamIdleTimeoutMs?: number;
  /** Largest continuation body in bytes; bigger tool results are cut to fit. Default 4 MiB. */
  maxContinuationBytes?: number;
  /**
   * Not in the original package: time limit in milliseconds for a whole REST call.
   * `0` disables it; default 120000.
   */
  requestTimeoutMs?: number;
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
  /** DELETE `path` (no body) and parse the answer with `schema`. */
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

/**
 * Base class for persisting agent resources; subclasses are passed to `attach()`.
 * @deprecated Since 6.x the official recommends a tool that stores the value instead; resources still work.
 */
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
  /**
   * Who wrote this turn (multi-user chats); stored on the user message and returned as
   * `UIMessage.sender`. Set it from your own authentication, not from what the browser sent.
   */
  sender?: UIMessageSender;
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

/** Ours: options of {@link toSSEStream} (the official takes none). */
export interface ToSSEStreamOptions {
  /**
   * Interval of the `: heartbeat` comment written while the stream is open, in milliseconds.
   * Default 15000 (as the official); `0` turns it off.
   */
  heartbeatMs?: number;
}

/**
 * Serialises events as Server-Sent Events (`data: <json>` blocks followed by
 * `data: [DONE]`, with a `: heartbeat` comment every 15 s while open), ready to be used as
 * an HTTP response body. Ours also takes a sync iterable (of events or promises of events)
 * and {@link ToSSEStreamOptions}.
 */
export declare function toSSEStream(
  events: AsyncIterable<StreamEvent> | Iterable<StreamEvent | PromiseLike<StreamEvent>>,
  options?: ToSSEStreamOptions,
): ReadableStream<Uint8Array>;

/** The session-to-be of `agentSessions.start()`: created by its first trigger. */
export interface DeferredStartConfig {
  agentId: string;
  /** Session input, sent with the first trigger. */
  input?: Record<string, unknown>;
  /** Lets a retried first request find the session it created. Generated when left out. */
  idempotencyKey?: string;
  /** Told the new session's id once, before the first event is yielded. */
  onSessionCreated?: (sessionId: string) => void;
}

/** Constructor argument of {@link AgentSession}. */
export interface SessionConfig {
  /** The session to run on; left out (with `deferredStart`) for a session not created yet. */
  sessionId?: string;
  config: ApiClientConfig;
  tools?: ToolHandlers;
  /** @deprecated Resources still work, but the official recommends tools instead. */
  resources?: Resource[];
  /** Inline MCP servers whose tools join `tools` (names `namespace__tool`). */
  mcpServers?: InlineMcpServer[];
  /** Awaited after each round of server tools, before their results are yielded and sent; may edit them in place. */
  onToolResults?: (results: ToolResult[]) => Promise<void>;
  /** Answer tool calls without a handler with an error, instead of a `client-tool-request`. */
  rejectClientToolCalls?: boolean;
  /** Told about each tool result cut down because the continuation would be too large. */
  onToolResultTruncated?: (info: ToolResultTruncation) => void;
  /** Create the session with the first trigger (what `agentSessions.start()` passes). */
  deferredStart?: DeferredStartConfig;
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
  /**
   * Not in the official 6.4 (2.x had it; kept here): shorthand for
   * `execute({ type: 'trigger', triggerName, input }, options)`.
   */
  trigger(
    triggerName: string,
    input?: Record<string, unknown>,
    options?: TriggerOptions,
  ): AsyncGenerator<StreamEvent>;
  /** The session id; `undefined` for a `start()` handle until its first trigger created the session. */
  getSessionId(): string | undefined;
  /**
   * Replaces the dynamic tools: a {@link ToolProvider} (such as a `Computer`) or a list of
   * {@link DynamicTool}s. Their handlers apply from the next round, their schemas go with the
   * next request; `tools` and `mcpServers` given at attach stay (a dynamic tool of the same
   * name wins while it is set).
   */
  setDynamicTools(source: ToolProvider | DynamicTool[]): void;
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
  /** @deprecated Resources still work, but the official recommends tools instead. */
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

/** Options of `agentSessions.getLogs()`. */
export interface GetLogsOptions {
  /** Leave out the `model-request` entries (large when model requests are traced). */
  excludeModelRequests?: boolean;
}

/** Result of `agentSessions.getLogs()` for a live session. */
export interface ExecutionLogsResult {
  sessionId: string;
  /** Oldest first; at most the latest 3000. */
  entries: ExecutionLogEntry[];
  /** Entries the platform holds; more than `entries.length` when the answer was capped. */
  total?: number;
  /** True when only the most recent entries were returned. */
  truncated?: boolean;
}

/** Options of `agentSessions.attach()` (and of `start()`). */
export interface SessionAttachOptions {
  /** Server-side tool handlers; a tool without one goes to the client. */
  tools?: ToolHandlers;
  /** @deprecated Resources still work, but the official recommends tools instead. */
  resources?: Resource[];
  /** Inline MCP servers whose tools join `tools` (names `namespace__tool`). */
  mcpServers?: InlineMcpServer[];
  /**
   * Awaited after each round of server tools, before their results are yielded and sent;
   * may edit them in place (e.g. with {@link normalizeToolResultMedia}).
   */
  onToolResults?: (results: ToolResult[]) => Promise<void>;
  /** Answer tool calls without a handler with an error, instead of a `client-tool-request`. */
  rejectClientToolCalls?: boolean;
  /** Told about each tool result cut down because the continuation would be too large. */
  onToolResultTruncated?: (info: ToolResultTruncation) => void;
}

/** Argument of `agentSessions.start()`: the attach options and the session to create. */
export interface StartSessionOptions extends SessionAttachOptions {
  agentId: string;
  /** Session input, sent with (and fixed at) the first trigger. */
  input?: Record<string, unknown>;
  /** Lets a retried first request find the session it created. Generated when left out. */
  idempotencyKey?: string;
  /** Told the new session's id once, before the first event is yielded. */
  onSessionCreated?: (sessionId: string) => void;
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
  /**
   * The session's execution log, or the expired shape. Entries may have types this version
   * does not know: keep a `default` branch when switching on `type`.
   */
  getLogs(sessionId: string, options?: GetLogsOptions): Promise<ExecutionLogsResult | ExpiredSessionState>;
  /** Returns a handle for running requests on the session (no network call). */
  attach(sessionId: string, options?: SessionAttachOptions): AgentSession;
  /**
   * A handle on a session that does not exist yet: its first trigger creates the session and
   * runs in the same request. A `continue` before that throws.
   */
  start(options: StartSessionOptions): AgentSession;
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
  /** Schemas of the tools known only at run time (device MCP, inline MCP servers). */
  dynamicToolSchemas?: ToolSchema[];
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
  /** Schemas of tools known only at run time, sent with the start request (not with `continue`). */
  dynamicToolSchemas?: ToolSchema[];
  /** Inline MCP servers whose tools join `tools`; their schemas go with the start request. */
  mcpServers?: InlineMcpServer[];
}

/** Resolution value of `workers.generate()`. */
export interface WorkerGenerateResult {
  /** What the worker returned. */
  output: unknown;
  /** Session id of the run (for debug links). */
  sessionId: string;
  /** What the run cost, from its `usage` event (absent when the platform sent none). */
  cost?: WorkerExecutionCost;
  /** Tokens the run used over all its steps, from its `usage` event. */
  tokens?: WorkerExecutionTokens;
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
// Server SDK: tool providers, inline MCP servers and media normalisers (6.4)
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

/** One tool for `setDynamicTools()`: its schema and its handler. */
export interface DynamicTool {
  schema: ToolSchema;
  handler: ToolHandler;
}

/** Health of one MCP entry (namespace) of a device. */
export interface EntryHealth {
  name: string;
  healthy: boolean;
  error?: string;
}

/** Health of every entry of a device. */
export interface ComputerHealth {
  healthy: boolean;
  entries: EntryHealth[];
  totalTools: number;
}

/** Answer of `ensureReady()`: the health, and which entries were brought back or are still down. */
export interface EnsureReadyResult extends ComputerHealth {
  recovered?: string[];
  failedEntries?: string[];
}

/**
 * A tool provider backed by a device (such as `@octavus/computer`), which can report and
 * restore its health.
 */
export interface DeviceProvider extends ToolProvider {
  getHealth(): Promise<ComputerHealth>;
  ensureReady(): Promise<EnsureReadyResult>;
}

/** True when `provider` is a {@link DeviceProvider}. */
export declare function isDeviceProvider(provider: ToolProvider): provider is DeviceProvider;

/** A stdio MCP server to add to a running provider. */
export interface DynamicStdioEntry {
  type: 'stdio';
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** A provider whose MCP entries can be added, removed and restarted while it runs. */
export interface DynamicMcpProvider {
  addEntry(namespace: string, entry: DynamicStdioEntry, options?: { deferred?: boolean }): Promise<void>;
  removeEntry(namespace: string): Promise<void>;
  restartEntry(namespace: string): Promise<void>;
  hasEntry(namespace: string): boolean;
}

/** True when `provider` is a {@link DynamicMcpProvider}. */
export declare function isDynamicMcpProvider(provider: ToolProvider): provider is ToolProvider & DynamicMcpProvider;

/** Tools run in this process under one namespace (`namespace__tool`), made by {@link createInlineMcpServer}. */
export interface InlineMcpServer extends ToolProvider {
  readonly namespace: string;
}

/**
 * Ours (the official uses zod's types): a zod 4 schema (classic or mini), described by the one
 * part these declarations read: the inferred types under `_zod`. Every `z.ZodType` matches;
 * written out so that this file type-checks without zod installed.
 */
export interface InlineMcpSchema {
  readonly _zod: { readonly output: unknown; readonly input: unknown };
}

/** Ours: the parsed type of a schema, as `z.infer` gives it. */
export type InferInlineMcpSchema<T> = T extends { _zod: { output: any } } ? T['_zod']['output'] : unknown;

/** One tool of an inline MCP server (the official declares this type without exporting it). */
export interface InlineMcpToolDefinition<T extends InlineMcpSchema = InlineMcpSchema, O extends InlineMcpSchema = InlineMcpSchema> {
  description: string;
  /** zod 4 schema of the arguments: sent as JSON Schema, and checked before `handler` runs. */
  parameters: T;
  /** zod 4 schema of the result: sent as JSON Schema, and checked on every result. */
  output?: O;
  /** Runs with the parsed arguments. */
  handler: (args: InferInlineMcpSchema<T>) => Promise<InferInlineMcpSchema<O>>;
}

/** Second argument of {@link createInlineMcpServer} (declared, not exported, by the official). */
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

/** Kind of a base64 media part in an MCP tool result. */
export type InlineMediaKind = 'image' | 'audio' | 'blob';

/** A base64 media part of an MCP tool result, as {@link normalizeToolResultMedia} finds it. */
export interface InlineMediaPart {
  type: InlineMediaKind;
  /** The bytes, base64-encoded. */
  data: string;
  /** IANA media type, when the tool gave one. */
  mimeType?: string;
}

/** Where a tool result keeps its content parts, and how to rebuild it with other parts. */
export interface InlineMediaLocation {
  parts: unknown[];
  rebuild: (replacements: unknown[]) => unknown;
}

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
// Server SDK: continuation size guard (6.4)
// ===========================================================================

/** Default cap of a continuation request body, in bytes (4 MiB). */
export declare const MAX_CONTINUATION_BODY_BYTES: number;
/** Bytes of the cap kept for the body's other fields; the tool results get the rest. */
export declare const CONTINUATION_BODY_RESERVE_BYTES: number;

/** One tool result the size guard cut down. */
export interface ToolResultTruncation {
  toolCallId: string;
  toolName?: string;
  /** UTF-8 size of the result before, in bytes. */
  originalBytes: number;
  /** UTF-8 size of what was kept (the preview, or the error that replaced it), in bytes. */
  keptBytes: number;
  /** True when the result was meant for an `outputVariable`: it was replaced by an error, not cut. */
  variableCapture: boolean;
}

/** Answer of {@link enforceToolResultsSize}. */
export interface EnforceToolResultsSizeResult {
  /** The results to send: reduced copies where needed (the input is never changed). */
  results: ToolResult[] | undefined;
  /** One entry per reduced result; empty when everything fitted. */
  truncations: ToolResultTruncation[];
  /** True when even the reduced results exceed `maxBytes`: do not send them. */
  overflow: boolean;
}

/**
 * The guard the SDK applies before every continuation: cuts the largest tool results to a
 * preview (an `outputVariable` result becomes an error) until their JSON fits in `maxBytes`.
 */
export declare function enforceToolResultsSize(results: ToolResult[] | undefined, maxBytes: number): EnforceToolResultsSizeResult;

// ===========================================================================
// Server SDK: workforce agents
// ===========================================================================

/**
 * Status of a workforce thread; `completed`, `failed` and `cancelled` are terminal. At runtime
 * any string the platform sends is passed on as is.
 */
export type WorkforceThreadStatus = 'idle' | 'queued' | 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

/** True for a terminal status (`completed`, `failed`, `cancelled`); false for anything else. */
export declare function isTerminalThreadStatus(status: string): boolean;

/** Answer of `dispatch()` and `followUp()`. */
export interface WorkforceDispatchResult {
  threadId: string;
  status: WorkforceThreadStatus;
}

/** A thread as `getThread()`, `waitForCompletion()` and `run()` return it. */
export interface WorkforceThread {
  threadId: string;
  status: WorkforceThreadStatus;
  /** Why the run failed; null unless `status` is `failed`. */
  failureReason: string | null;
  /** The conversation; the agent's latest turn is at the end. */
  messages: UIMessage[];
}

export interface WorkforceDispatchOptions {
  /** Hosted files to attach to the message. */
  files?: FileReference[];
}

export interface WorkforceWaitOptions {
  /** Time between two reads of the thread, in ms. Default 3000. */
  pollIntervalMs?: number;
  /** How long to wait for a terminal status before rejecting, in ms. Default 900000 (15 min). */
  timeoutMs?: number;
  /** Stops the wait: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type WorkforceRunOptions = WorkforceDispatchOptions & WorkforceWaitOptions;

/**
 * Drives one workforce agent without a UI. The client's `apiKey` is the agent's own
 * `oct_agt_*` key, which only works for that agent.
 */
export declare class WorkforceApi extends BaseApiClient {
  /** Starts a thread with a first message; resolves at once. */
  dispatch(agentId: string, message: string, options?: WorkforceDispatchOptions): Promise<WorkforceDispatchResult>;
  /** The thread's status, failure reason and UI messages. */
  getThread(agentId: string, threadId: string): Promise<WorkforceThread>;
  /** Sends another message into a thread; it runs once the current run is over. */
  followUp(
    agentId: string,
    threadId: string,
    message: string,
    options?: WorkforceDispatchOptions,
  ): Promise<WorkforceDispatchResult>;
  /**
   * Reads the thread until its status is terminal and resolves it. Rejects with an Error
   * naming the last status when `timeoutMs` runs out (the run goes on server-side).
   */
  waitForCompletion(agentId: string, threadId: string, options?: WorkforceWaitOptions): Promise<WorkforceThread>;
  /** `dispatch()` then `waitForCompletion()`. */
  run(agentId: string, message: string, options?: WorkforceRunOptions): Promise<WorkforceThread>;
}

// ===========================================================================
// Server SDK: ephemeral tokens
// ===========================================================================

/** Argument of `tokens.mint()`. */
export interface MintTokenRequest {
  /** The agent the token is bound to. */
  agentId: string;
  /** Narrows the token to this one session. */
  sessionId?: string;
  /** Requested lifetime; the platform applies its default (1 h) and cap (24 h). */
  ttlSeconds?: number;
}

/** Answer of `tokens.mint()`. */
export interface MintTokenResponse {
  /** The `oct_et_*` bearer token. */
  token: string;
  /** Its id. */
  jti: string;
  /** ISO-8601 expiry. */
  expiresAt: string;
}

/**
 * Mints short-lived tokens from a trusted key (one with the mint permission), to hand to
 * compute that should never hold that key: `new OctavusClient({ baseUrl, apiKey: token })`.
 */
export declare class TokensApi extends BaseApiClient {
  /** Mints a token within the calling key's scope; rejects with ApiError when out of scope. */
  mint(params: MintTokenRequest): Promise<MintTokenResponse>;
  /** Revokes a token early; `revoked: false` for an unknown or already expired one. */
  revoke(token: string): Promise<{
    revoked: boolean;
    jti?: string;
  }>;
}

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

/**
 * The credential: a key or token, or a function (sync or async) asked for the current one
 * before every request and every retry, for tokens that rotate.
 */
export type ApiKeyProvider = string | (() => string | Promise<string>);

export interface OctavusClientConfig {
  /** Platform URL; one trailing slash is ignored. */
  baseUrl: string;
  /** Sent as a bearer token when set (what a function gives, when it is one). */
  apiKey?: ApiKeyProvider;
  /** Ask the platform to record full model requests (off by default). */
  traceModelRequests?: boolean;
  /** Retries of a streaming POST after a transient failure. Default 2; `0` disables them. */
  maxRetries?: number;
  /**
   * The longest silence, in milliseconds, allowed while waiting for or reading an event
   * stream; the stream then ends as if the connection dropped. Default 60000; `0` disables it.
   */
  streamIdleTimeoutMs?: number;
  /**
   * Not in the original package's client options: largest continuation body in bytes;
   * bigger tool results are cut to fit. Default 4 MiB ({@link MAX_CONTINUATION_BODY_BYTES}).
   */
  maxContinuationBytes?: number;
  /**
   * Not in the original package: time limit in milliseconds for a whole REST call.
   * `0` disables it; default 120000.
   */
  requestTimeoutMs?: number;
  /**
   * Not in the original package: this package's earlier name of `streamIdleTimeoutMs`
   * (used when that one is not given).
   * @deprecated Use `streamIdleTimeoutMs`.
   */
  idleTimeoutMs?: number;
}

/** Entry point bundling the API classes. */
export declare class OctavusClient {
  readonly agents: AgentsApi;
  readonly agentSessions: AgentSessionsApi;
  readonly files: FilesApi;
  readonly workers: WorkersApi;
  /** Workforce agents, driven with the agent's own `oct_agt_*` key as `apiKey`. */
  readonly workforce: WorkforceApi;
  /** Ephemeral tokens minted from a trusted key. */
  readonly tokens: TokensApi;
  /** `config.baseUrl` without its trailing slash. */
  readonly baseUrl: string;
  constructor(config: OctavusClientConfig);
  /** The platform page of a session's activity (the id percent-encoded as one path segment). */
  getSessionUrl(sessionId: string): string;
  /** The platform page of an agent's editor (the id percent-encoded as one path segment). */
  getAgentUrl(agentId: string): string;
  /** The headers of the next request (asks `apiKey` when it is a function). */
  getHeaders(): Promise<Record<string, string>>;
}

// Only the names marked `export` above are public (this keeps BaseApiClient internal).
export {};
