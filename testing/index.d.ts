// Types of `@octavus-rs/server-sdk/testing`: a scriptable mock Octavus platform (node:http).

import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'

/** One request as the mock received it. */
export interface RecordedRequest {
  /** Arrival order, starting at 0. */
  seq: number
  /** `Date.now()` when the request arrived. */
  time: number
  method: string
  /** Raw path, not percent-decoded, without the query string. */
  path: string
  /** The request target exactly as sent (path and query). */
  rawUrl: string
  /** Query parameters (`Object.fromEntries(new URLSearchParams(...))`; a repeated key keeps its last value). */
  query: Record<string, string>
  /** Lower-cased header names, as node reports them. */
  headers: IncomingHttpHeaders
  /** The body as UTF-8 text ('' when empty). */
  rawBody: string
  /** `JSON.parse(rawBody)`, or undefined when the body is empty or not JSON. */
  body: any
  /** Set when the body exceeded `maxBodyBytes` (the mock answered 413). */
  bodyTruncated?: true
}

/**
 * What every response may set. `status` is any HTTP status (e.g. 402, 408, 429, 502, 503, 504
 * to exercise error mapping and retries); `retryAfter` sends a `Retry-After` header: seconds
 * (`2`, `'2'`) or an HTTP date (a `Date` is written with `toUTCString()`). A `retry-after` in
 * `headers` wins over `retryAfter`.
 */
export interface ResponseBase {
  status?: number
  statusText?: string
  headers?: Record<string, string | number | string[]>
  retryAfter?: number | string | Date
}

/** Responds with a JSON body (`content-type: application/json`). */
export interface JsonResponse extends ResponseBase {
  json: unknown
  /** Wait this long before answering. */
  delayMs?: number
}

/** Responds with a raw body (default `content-type: text/plain; charset=utf-8`). */
export interface BodyResponse extends ResponseBase {
  body: string | Buffer
  /** Wait this long before answering. */
  delayMs?: number
}

/** A frame written byte for byte; made by `sse.raw()`. */
export interface RawFrame {
  readonly [key: symbol]: string
}

/** An SSE item: an event object (`data: <JSON>`), a string payload written verbatim (`data: <string>`), a raw frame, or nested arrays of those. */
export type SseItem = Record<string, unknown> | string | RawFrame | SseItem[]

/**
 * Responds with `content-type: text/event-stream`. The encoded bytes are cached per response
 * object on first use, so do not mutate `sse`/`raw` after the route has served it.
 */
export interface SseResponse extends ResponseBase {
  sse?: SseItem[]
  /** Split the bytes into writes of this many bytes (1 = every byte boundary), each a separate socket write. */
  chunkSize?: number
  /** Delay between events (frames). */
  delayMs?: number
  /** Append `data: [DONE]` (default true). Not appended with `raw`, `dropAfter` or `hangAfter`. */
  done?: boolean
  /** Use `\r\n` line endings. */
  crlf?: boolean
  /** Destroy the socket after N events, without ending the HTTP response. */
  dropAfter?: number
  /** Stop writing after N events and keep the connection open until the client leaves or the mock closes. */
  hangAfter?: number
  /** Exact bytes to send instead of building from `sse`; an array is a list of frames (counted by dropAfter/hangAfter/delayMs). */
  raw?: string | Buffer | Array<string | Buffer>
  /**
   * Write the SSE comment `: heartbeat\n\n` every this many ms for as long as the response is
   * open: between events spaced by `delayMs`, and while a `hangAfter` stream hangs (as the
   * platform does on a quiet stream). Never inside a frame, even with `chunkSize`.
   */
  heartbeatMs?: number
}

/** Never answers: the request stays open until the client leaves or the mock closes. */
export interface HangResponse {
  hang: true
}

/**
 * Full control. The request body has already been read (see `recorded.rawBody`); the handler
 * must end or destroy `res` itself. Destroy with `res.destroy()` so the mock does not count it
 * as a client close.
 */
export type HandlerResponse = (req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest) => void | Promise<void>

export type MockResponse = JsonResponse | BodyResponse | SseResponse | HangResponse | HandlerResponse

/** A path: exact raw string, a RegExp tested against the raw path, or a predicate on the raw path. */
export type PathPattern = string | RegExp | ((rawPath: string) => boolean)

/** One session round: the events of one SSE response, or any response. */
export type Round = SseItem[] | MockResponse

export interface MockRoute {
  readonly method: string
  readonly path: PathPattern
  /** How many requests this route has answered. */
  readonly hits: number
  /** The recorded requests this route answered (among those still kept). */
  readonly requests: RecordedRequest[]
}

/** One upload URL handed out by `rest.uploads()`, as the upload-urls request described the file. */
export interface UploadSlot {
  /** The last path segment of the upload and download URLs. */
  key: string
  /** The file id answered with the URL. */
  id: string
  /** `sessionId` of the upload-urls request body. */
  sessionId: unknown
  /** Position of the file in that request. */
  index: number
  filename: string
  mediaType: string
  /** The size the request declared (the bytes PUT may differ). */
  size: number
  /** `${mock.url}/downloads/<key>`: serves the stored bytes once uploaded. */
  downloadUrl: string
}

/** A file stored by a PUT to an upload URL of `rest.uploads()`. */
export interface StoredUpload extends UploadSlot {
  /** The PUT's `content-type` header. */
  contentType: string | undefined
  /** The bytes as received. */
  bytes: Buffer
}

/**
 * How a PUT fails: `true` answers 500, a number answers that status, `'drop'` destroys the
 * connection without an answer; `false` stores the file.
 */
export type UploadFailure = boolean | number | 'drop'

export interface UploadRoutesOptions {
  /** Fail the upload-urls request itself: `true` answers 500, a number that status. */
  failUrls?: boolean | number
  /** Fail PUTs: for all, or per file with a function of the file. Failed PUTs are not in `mock.uploads`. */
  failUpload?: UploadFailure | ((file: UploadSlot) => UploadFailure)
}

export interface MockPlatformOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401 `{error:'Unauthorized'}` (still recorded). */
  apiKey?: string
  /** Port to listen on (default 0: any free port). The host is always 127.0.0.1. */
  port?: number
  /** Recorded requests kept; the oldest are dropped beyond this (default 10000). */
  maxRequests?: number
  /** Largest request body accepted; bigger bodies get 413 (default 16 MiB). */
  maxBodyBytes?: number
}

export interface MockPlatform {
  /** `http://127.0.0.1:PORT` */
  readonly url: string
  readonly server: Server
  /** Recorded requests in arrival order (bounded by `maxRequests`). */
  readonly requests: RecordedRequest[]
  /** Requests whose connection the client closed before the mock finished its response. */
  readonly closedConnections: number
  /** Files stored through the upload URLs of `rest.uploads()`, in arrival order. */
  readonly uploads: StoredUpload[]
  /** Recorded requests with this method (`'*'` for any) and path (exact raw string, RegExp or predicate). */
  requestsTo(method: string, path: PathPattern): RecordedRequest[]
  /**
   * Routes `method` (`'*'` for any) + `path`. Responses are used in order, one per matching
   * request; the last repeats. A later `on()` with the same method and path replaces the route.
   * Exact string paths are matched before RegExps and predicates. Unmatched requests get
   * 404 `{error:'No mock route for METHOD PATH'}`.
   *
   * Every request takes the next response, so a retried request is scripted attempt by attempt:
   * `on('POST', path, {status: 503, json: {error: 'busy'}, retryAfter: 1}, {sse: [...]})`
   * answers the first attempt with 503 and `Retry-After: 1`, the retry with the stream.
   */
  on(method: string, path: PathPattern, ...responses: MockResponse[]): MockRoute
  /**
   * Routes `POST /api/agent-sessions/<sessionId>/trigger` (segment matched raw or percent-decoded)
   * to consecutive rounds. One round is one request, so attempts of a retried round take
   * consecutive entries: `[{status: 429, json: {error: 'slow'}, retryAfter: 2}, [events]]`.
   */
  session(sessionId: string, rounds: Round[]): MockRoute
  /**
   * A deferred start (`agentSessions.start`): `POST /api/agent-sessions/start` answers the first
   * round (with its failed attempts before it, if any), naming `sessionId` in the
   * `X-Octavus-Session-Id` header unless `header: false` (the client then reads the id from the
   * first `start` event); the later rounds are routed as `session(sessionId, rest)`.
   */
  start(sessionId: string, rounds: Round[], options?: { header?: boolean }): MockRoute
  /** Routes `POST /api/agents/<agentId>/execute` to consecutive rounds (attempts as for `session`). */
  worker(agentId: string, rounds: Round[]): MockRoute
  /** Canned REST routes; partial bodies are completed from `fixtures`. */
  readonly rest: {
    agents(list?: Array<Partial<AgentSummaryFixture>>): MockRoute
    agent(definition?: Partial<AgentDefinitionFixture>): MockRoute
    createSession(...sessionIds: string[]): MockRoute
    getSession(
      sessionId: string,
      opts?: { state?: Partial<SessionStateFixture>; ui?: Partial<UiSessionFixture>; expired?: boolean },
    ): MockRoute
    restore(sessionId: string, restored?: boolean): MockRoute
    clear(sessionId: string, cleared?: boolean): MockRoute
    /** POST /api/files/upload-urls → one `{id, uploadUrl, downloadUrl}` per file, on the mock but without a PUT route (see `uploads`). */
    uploadUrls(): MockRoute
    /**
     * POST /api/files/upload-urls → one `{id, uploadUrl, downloadUrl}` per file, with URLs the
     * mock serves: `PUT /uploads/<key>` stores the bytes in `mock.uploads` (200, or 404 for a key
     * never handed out), `GET /downloads/<key>` serves them back. Like presigned URLs, these two
     * need no API key. Returns the upload-urls route.
     */
    uploads(options?: UploadRoutesOptions): MockRoute
     * `GET /api/agent-sessions/<sessionId>/logs` → `{sessionId, entries, total, truncated}`.
     * Entries are completed from `fixtures.logEntry` (ids `log-1`, `log-2`, … unless given) and
     * may carry any type and key. With `?excludeModelRequests=true` the `model-request` entries
     * are left out. `total` defaults to the number of entries served, `truncated` to false;
     * `{ expired: true }` answers the expired shape instead.
     */
    logs(
      sessionId: string,
      spec?:
        | Array<Partial<LogEntryFixture>>
        | { entries?: Array<Partial<LogEntryFixture>>; total?: number; truncated?: boolean; expired?: boolean; agentId?: string },
    ): MockRoute
    /**
     * `POST /api/tokens` mints `{token: 'oct_et_mock_<n>', jti: 'jti-<n>', expiresAt}` (TTL:
     * `ttlSeconds`, default 3600 s, capped at 86400 s); 400 `{error, code: 'VALIDATION_ERROR'}`
     * without a non-empty string `agentId`, or when `ttlSeconds` is not a positive integer.
     * `POST /api/tokens/revoke` answers `{revoked: true, jti}` for a token it minted and has not
     * revoked yet, otherwise `{revoked: false}`.
     */
    tokens(): { mint: MockRoute; revoke: MockRoute }
    /**
     * The threads of the workforce agent `agentId` under `/api/v1/workforce/agents/<agentId>/`:
     * - `POST threads` (201) → `{threadId, status: 'pending'}`; the first dispatch hands out
     *   `threadId` (default `'thread-1'`, which is readable from the start), later ones
     *   `<threadId>-2`, `<threadId>-3`, …;
     * - `GET threads/<threadId>` → `{threadId, status, failureReason, messages}` where the n-th
     *   read of a thread answers `statuses[n]` (the last repeats; default
     *   `['running', 'completed']`), `failureReason` is `failureReason` (default
     *   `'Mock failure'`) when that status is `'failed'` and null otherwise, and `messages` is
     *   `messages` (default `[]`);
     * - `POST threads/<threadId>/messages` (202) → `{threadId, status: 'queued'}`, and the
     *   thread's statuses start over.
     * Unknown threads get 404 `{error, code: 'NOT_FOUND'}`; a body without a string `message`
     * gets 400 `{error, code: 'VALIDATION_ERROR'}`. Ids are matched percent-decoded.
     */
    workforce(
      agentId: string,
      opts?: { statuses?: string[]; messages?: unknown[]; failureReason?: string; threadId?: string },
    ): { dispatch: MockRoute; getThread: MockRoute; followUp: MockRoute }
  }
  /** Clears routes, recorded requests, stored uploads and the closedConnections count. */
  reset(): void
  /** Resolves true at the next early client close, false after `timeoutMs` (default 1000) or when the mock closes. */
  waitForClientClose(timeoutMs?: number): Promise<boolean>
  /** Resolves true once `closedConnections >= n` (at once if already), false on timeout or close. */
  waitForClosedConnections(n: number, timeoutMs?: number): Promise<boolean>
  /** Stops listening and destroys every open socket, including streams in progress. Idempotent. */
  close(): Promise<void>
}

export function createMockPlatform(options?: MockPlatformOptions): Promise<MockPlatform>

type Event = Record<string, any> & { type: string }

export interface PendingToolCallInput {
  toolCallId: string
  toolName: string
  args?: Record<string, unknown>
  [key: string]: unknown
}

export interface DeltaOptions {
  /** Number of deltas (split by code point) or the exact delta strings. Default 1. */
  chunks?: number | string[]
  workerId?: string
}

export type DisplayModeInput = 'hidden' | 'name' | 'description' | 'stream' | 'title'

/** An item of `sse.todoUpdate`: a full item, one without status ('pending'), or just its content. */
export type TodoInput = { id: string; content: string; status?: 'pending' | 'in_progress' | 'completed' | 'cancelled' } | string

/** `sse.usage` cost; missing fees are 0, `currency` 'USD', `byok` false, `totalFee` the sum. */
export interface UsageCostInput {
  currency?: string
  bandwidthFee?: number
  providerFee?: number
  totalFee?: number
  byok?: boolean
  estimatedProviderFee?: number
}

/** `sse.usage` tokens; missing counts are 0, `totalTokens` the sum. */
export interface UsageTokensInput {
  inputTokens?: number
  outputTokens?: number
  totalTokens?: number
}

/** Builders of protocol-valid stream events. */
export declare const sse: {
  start(executionId?: string, extra?: Record<string, unknown>): Event
  finish(finishReason?: 'stop' | 'tool-calls' | 'client-tool-calls' | 'length' | 'content-filter' | 'error' | 'other', executionId?: string, extra?: Record<string, unknown>): Event
  text(id: string, text: string, opts?: DeltaOptions & { responseType?: string }): Event[]
  reasoning(id: string, text: string, opts?: DeltaOptions): Event[]
  deltas(id: string, count: number, delta?: string): Event[]
  toolInput(toolCallId: string, toolName: string, input?: unknown, opts?: DeltaOptions & { title?: string; display?: DisplayModeInput }): Event[]
  toolRequest(toolCalls: PendingToolCallInput[]): Event
  clientToolRequest(executionId: string, toolCalls: PendingToolCallInput[], serverToolResults?: unknown[]): Event
  toolOutput(toolCallId: string, output: unknown, extra?: Record<string, unknown>): Event
  toolOutputError(toolCallId: string, error: string, extra?: Record<string, unknown>): Event
  resourceUpdate(name: string, value: unknown): Event
  error(fields?: {
    errorType?: string
    message?: string
    retryable?: boolean
    source?: 'platform' | 'provider' | 'tool' | 'client'
    [key: string]: unknown
  }): Event
  sourceUrl(id: string, url: string, title?: string): Event
  sourceDocument(id: string, mediaType: string, title: string, filename?: string): Event
  blockStart(blockId: string, blockName: string, opts?: { blockType?: string; display?: DisplayModeInput; [key: string]: unknown }): Event
  blockEnd(blockId: string, summary?: string): Event
  fileAvailable(id: string, mediaType: string, url: string, extra?: Record<string, unknown>): Event
  /** `input` (6.x): the worker's input object. */
  workerStart(workerId: string, workerSlug: string, description?: string, input?: Record<string, unknown>): Event
  workerResult(workerId: string, fields?: { output?: unknown; error?: string }): Event
  /** 6.x: a streamed worker invocation begins (its input follows). */
  workerInputStart(workerId: string, workerSlug: string, description?: string): Event
  /** 6.x: a chunk of the worker input's JSON text. */
  workerInputDelta(workerId: string, delta: string): Event
  /** 6.x: the complete worker input. */
  workerInputReady(workerId: string, input?: Record<string, unknown>): Event
  /** 6.x: worker-input-start, worker-input-delta(s) of `JSON.stringify(input)`, worker-input-ready. */
  workerInput(workerId: string, workerSlug: string, input?: Record<string, unknown>, opts?: { description?: string; chunks?: number | string[] }): Event[]
  /** 6.x: `{type:'todo-update', todos, workerId?}`. */
  todoUpdate(todos?: TodoInput[], workerId?: string): Event
  /** 6.x: `{type:'usage', cost, tokens}` (a worker execution's cost, sent after its finish). */
  usage(cost?: UsageCostInput, tokens?: UsageTokensInput): Event
  /** A frame written exactly as given (no `data: ` prefix, no terminator). */
  raw(bytes: string): RawFrame
  /** The SSE text for these items (`done` default true, `crlf` default false). */
  encode(events: SseItem[], opts?: { done?: boolean; crlf?: boolean }): string
  /** Data payloads of an SSE text (JSON-parsed when possible); `done` says whether `[DONE]` was seen. */
  parse(text: string): { events: unknown[]; done: boolean }
}

export interface AgentSummaryFixture {
  id: string
  slug: string
  name: string
  description: string | null
  format: 'interactive' | 'worker'
  createdAt: string
  updatedAt: string
  projectId: string
}
export interface AgentDefinitionFixture {
  id: string
  settings: { slug: string; name: string; description?: string; format: 'interactive' | 'worker' }
  protocol: string
  prompts: Array<{ name: string; content: string }>
}
/** A stored (chat-format) message; `parts` may hold any v4 part (step-start, todo, worker, operation, …). */
export interface ChatMessageFixture {
  id: string
  role: 'user' | 'assistant' | 'system'
  parts: Array<Record<string, unknown> & { type: string; visible: boolean }>
  createdAt: string
  content: string
  toolCalls?: unknown[]
  sender?: { id?: string; name?: string; image?: string }
  [key: string]: unknown
}
/** A UI-format message; `parts` may hold any v4 part (step-start, todo, worker, …). */
export interface UiMessageFixture {
  id: string
  role: 'user' | 'assistant'
  parts: Array<Record<string, unknown> & { type: string }>
  status: 'streaming' | 'done'
  createdAt: string | number
  sender?: { id?: string; name?: string; image?: string }
  [key: string]: unknown
}
export interface SessionStateFixture {
  id: string
  agentId: string
  input: Record<string, unknown>
  variables: Record<string, unknown>
  resources: Record<string, unknown>
  messages: unknown[]
  status?: 'active'
  createdAt: string
  updatedAt: string
}
export interface UiSessionFixture {
  sessionId: string
  agentId: string
  messages: unknown[]
  status?: 'active'
}
export interface ExpiredSessionFixture {
  sessionId: string
  agentId: string
  status: 'expired'
  createdAt: string
}

/** One execution-log entry; entries are loose, so any other key is allowed. */
export interface LogEntryFixture {
  id: string
  timestamp: string
  type: string
  [key: string]: unknown
}

/** Minimal valid REST bodies; fields given override the defaults. */
export declare const fixtures: {
  agent(overrides?: Partial<AgentSummaryFixture>): AgentSummaryFixture
  agentDefinition(overrides?: Partial<AgentDefinitionFixture>): AgentDefinitionFixture
  sessionState(overrides?: Partial<SessionStateFixture>): SessionStateFixture
  uiSession(overrides?: Partial<UiSessionFixture>): UiSessionFixture
  expiredSession(overrides?: Partial<ExpiredSessionFixture>): ExpiredSessionFixture
  chatMessage(overrides?: Partial<ChatMessageFixture>): ChatMessageFixture
  uiMessage(overrides?: Partial<UiMessageFixture>): UiMessageFixture
  /**
   * A session that ran a worker, in the v4 message format: `chat` for
   * `sessionState({messages: chat})`, `ui` for `uiSession({messages: ui})`. The assistant message
   * holds step-start, todo, tool-call (display 'title'), operation, worker (with input and its own
   * parts) and text parts; the user message has a sender. A fresh copy on every call.
   */
  v4Session(): { chat: ChatMessageFixture[]; ui: UiMessageFixture[] }
  /** `{id: 'log-1', timestamp, type: 'trigger'}` plus the overrides. */
  logEntry(overrides?: Partial<LogEntryFixture>): LogEntryFixture
}
