// The rest of the public surface that the documentation samples do not reach:
// every value export is called once with the documented argument types, and every
// type export is used, so a missing or mistyped declaration fails the check.
import {
  AgentSession,
  AgentSessionsApi,
  AgentsApi,
  ApiError,
  AppError,
  ConflictError,
  FilesApi,
  ForbiddenError,
  MAIN_THREAD,
  NotFoundError,
  OCTAVUS_SKILL_TOOLS,
  OctavusClient,
  OctavusError,
  Resource,
  ValidationError,
  WorkerError,
  WorkersApi,
  createApiErrorEvent,
  createErrorEvent,
  createInternalErrorEvent,
  errorToStreamEvent,
  generateId,
  getSkillSlugFromToolCall,
  isAbortError,
  isAuthenticationError,
  isFileReference,
  isFileReferenceArray,
  isMainThread,
  isOctavusSkillTool,
  isOtherThread,
  isProviderError,
  isRateLimitError,
  isRetryableError,
  isToolError,
  isValidationError,
  resolveThread,
  safeParseStreamEvent,
  safeParseUIMessage,
  safeParseUIMessages,
  threadForPart,
  toSSEStream,
  type Agent,
  type AgentDefinition,
  type AgentFormat,
  type AgentPrompt,
  type AgentSettings,
  type ApiClientConfig,
  type ChatMessage,
  type CreateErrorEventOptions,
  type ErrorEvent,
  type ErrorSource,
  type ErrorType,
  type FileAvailableEvent,
  type FileInfo,
  type FileReference,
  type FileUploadInfo,
  type GeneratedFile,
  type MessagePart,
  type MessagePartType,
  type MessageRole,
  type ObjectInfo,
  type OctavusErrorOptions,
  type OctavusSkillToolName,
  type PendingToolCall,
  type ProviderErrorInfo,
  type ResourceUpdateHandler,
  type SafeParseResult,
  type SessionConfig,
  type SessionStatus,
  type SourceDocumentEvent,
  type SourceDocumentInfo,
  type SourceEvent,
  type SourceInfo,
  type SourceUrlEvent,
  type SourceUrlInfo,
  type StreamEvent,
  type ToolCallInfo,
  type ToolCallStatus,
  type ToolErrorInfo,
  type ToolResult,
  type UIFilePart,
  type UIMessage,
  type UIMessagePart,
  type UIMessageStatus,
  type UIObjectPart,
  type UIObjectStatus,
  type UIOperationPart,
  type UIOperationStatus,
  type UIPartStatus,
  type UIReasoningPart,
  type UISourceDocumentPart,
  type UISourcePart,
  type UISourceUrlPart,
  type UITextPart,
  type UIToolCallPart,
  type UIToolCallStatus,
  type UIWorkerPart,
  type UIWorkerStatus,
} from '@octavus/server-sdk';

// ---------------------------------------------------------------------------
// Error classes
// ---------------------------------------------------------------------------
const appError = new AppError('boom', 'BOOM');
const appError500 = new AppError('boom', 'BOOM', 500);
const _code: string = appError.code;
const _status: number = appError500.statusCode;
const notFound: AppError = new NotFoundError('Agent', 'a1');
const validation = new ValidationError('bad', [{ path: ['x'] }]);
const _issues: unknown[] | undefined = validation.issues;
const conflict: AppError = new ConflictError('Agent', 'slug');
const forbidden: AppError = new ForbiddenError();
const forbidden2: AppError = new ForbiddenError('nope');
const allErrors: Error[] = [appError, notFound, validation, conflict, forbidden, forbidden2];

const apiError = new ApiError('Not found', 404, 'NOT_FOUND');
const apiErrorNoCode = new ApiError('Request failed: Bad Gateway', 502);
const _apiStatus: number = apiError.status;
const _apiCode: string | undefined = apiErrorNoCode.code;
const _apiName: string = apiError.name;

// ---------------------------------------------------------------------------
// OctavusError and guards
// ---------------------------------------------------------------------------
const provider: ProviderErrorInfo = {
  name: 'anthropic',
  model: 'claude',
  statusCode: 429,
  errorType: 'rate_limit',
  requestId: 'req_1',
};
const tool: ToolErrorInfo = { name: 'search', callId: 'c1' };
const options: OctavusErrorOptions = {
  errorType: 'rate_limit_error',
  message: 'slow down',
  source: 'provider',
  retryable: true,
  retryAfter: 60,
  code: 'ANTHROPIC_429',
  provider,
  tool,
  cause: new Error('inner'),
};
const octavusError = new OctavusError(options);
const minimalOctavusError = new OctavusError({ errorType: 'internal_error', message: 'x', source: 'platform' });
const _et: ErrorType = octavusError.errorType;
const _es: ErrorSource = octavusError.source;
const _retryable: boolean = octavusError.retryable;
const _retryAfter: number | undefined = octavusError.retryAfter;
const _ocode: string | undefined = octavusError.code;
const _prov: ProviderErrorInfo | undefined = octavusError.provider;
const _tool: ToolErrorInfo | undefined = octavusError.tool;
const _json: Record<string, unknown> = minimalOctavusError.toJSON();
const _marker: 'octavus.error' = octavusError.__octavusErrorMarker;

function guards(err: unknown) {
  if (OctavusError.isInstance(err)) {
    const _e: OctavusError = err;
  }
  if (isRateLimitError(err)) {
    const _r: number | undefined = err.retryAfter;
  }
  if (isAuthenticationError(err)) {
    const _t: ErrorType = err.errorType;
  }
  if (isProviderError(err) && err.provider) {
    const _n: string = err.provider.name;
  }
  if (isToolError(err)) {
    const _t: ToolErrorInfo | undefined = err.tool;
  }
  if (isValidationError(err)) {
    const _m: string = err.message;
  }
  const _retry: boolean = isRetryableError(err);
  if (isAbortError(err)) {
    const _n: string = err.name;
  }
}

// Every error type named by the protocol.
const allErrorTypes: ErrorType[] = [
  'authentication_error',
  'permission_error',
  'validation_error',
  'not_found_error',
  'rate_limit_error',
  'quota_exceeded_error',
  'provider_error',
  'provider_overloaded',
  'provider_timeout',
  'unsupported_error',
  'execution_error',
  'tool_error',
  'protocol_error',
  'internal_error',
  'unknown_error',
];
const allSources: ErrorSource[] = ['platform', 'provider', 'tool', 'client'];

// ---------------------------------------------------------------------------
// Error event helpers
// ---------------------------------------------------------------------------
const createOptions: CreateErrorEventOptions = {
  errorType: 'tool_error',
  message: 'tool failed',
  source: 'tool',
  retryable: false,
  tool,
};
const ev1: ErrorEvent = createErrorEvent(createOptions);
const ev2: ErrorEvent = errorToStreamEvent(octavusError);
const ev3: ErrorEvent = createInternalErrorEvent('Missing executionId for client-tool-request');
const ev4: ErrorEvent = createApiErrorEvent(503, 'Service unavailable');
const asStream: StreamEvent[] = [ev1, ev2, ev3, ev4];

// ---------------------------------------------------------------------------
// Utilities
// ---------------------------------------------------------------------------
const id: string = generateId();
const main: 'main' = MAIN_THREAD;
const resolved: string = resolveThread(undefined);
const isMain: boolean = isMainThread('summary');
const stored: string | undefined = threadForPart('main');
const other: boolean = isOtherThread({ thread: 'summary' });
const other2: boolean = isOtherThread({});

function fileRefs(value: unknown) {
  if (isFileReference(value)) {
    const ref: FileReference = value;
    const _u: string = ref.url;
  }
  if (isFileReferenceArray(value)) {
    const refs: FileReference[] = value;
    const _n: number = refs.length;
  }
}

// safeParse* accept unknown and return a zod-like discriminated result.
function parsing(raw: unknown) {
  const r1 = safeParseStreamEvent(raw);
  if (r1.success) {
    const event: StreamEvent = r1.data;
    void event;
  } else {
    const err: Error = r1.error;
    const _issues: unknown[] | undefined = r1.error.issues;
    void err;
  }
  const r2 = safeParseUIMessage(JSON.parse('{}'));
  if (r2.success) {
    const _d: Date = r2.data.createdAt;
  }
  const r3: SafeParseResult<UIMessage[]> = safeParseUIMessages(raw);
  const { data, error } = r3;
  const _data: UIMessage[] | undefined = data;
  const _err: Error | undefined = error;
}

// Skill tools
const skillNames: OctavusSkillToolName[] = [
  OCTAVUS_SKILL_TOOLS.SKILL_READ,
  OCTAVUS_SKILL_TOOLS.SKILL_LIST,
  OCTAVUS_SKILL_TOOLS.SKILL_RUN,
  OCTAVUS_SKILL_TOOLS.CODE_RUN,
  OCTAVUS_SKILL_TOOLS.FILE_WRITE,
  OCTAVUS_SKILL_TOOLS.FILE_READ,
];
const literal: 'octavus_skill_read' = OCTAVUS_SKILL_TOOLS.SKILL_READ;
function skills(toolName: string, args: Record<string, unknown> | undefined) {
  if (isOctavusSkillTool(toolName)) {
    const _n: OctavusSkillToolName = toolName;
  }
  const slug: string | undefined = getSkillSlugFromToolCall(toolName, args);
  const slug2: string | undefined = getSkillSlugFromToolCall(toolName, undefined);
  return [slug, slug2];
}

// ---------------------------------------------------------------------------
// API classes are constructible directly from an ApiClientConfig
// ---------------------------------------------------------------------------
const apiConfig: ApiClientConfig = {
  baseUrl: 'https://octavus.ai',
  getHeaders: () => ({ 'Content-Type': 'application/json', Authorization: 'Bearer k' }),
};
const withTimeouts: ApiClientConfig = { ...apiConfig, requestTimeoutMs: 5_000, streamIdleTimeoutMs: 0, maxRetries: 0 };
const agentsApi = new AgentsApi(withTimeouts);
const sessionsApi = new AgentSessionsApi(apiConfig);
const filesApi = new FilesApi(apiConfig);
const workersApi = new WorkersApi(apiConfig);
const listed: Promise<Agent[]> = agentsApi.list();
const fetched: Promise<AgentDefinition> = agentsApi.get('a1');
const created: Promise<string> = sessionsApi.create('a1');
const uploaded: Promise<{ files: FileUploadInfo[] }> = filesApi.getUploadUrls('s1', []);
const generated: Promise<{ output: unknown; sessionId: string }> = workersApi.generate('w', {});

// AgentSession directly from a SessionConfig
class Notes extends Resource {
  readonly name = 'NOTES';
  onUpdate(value: unknown): Promise<void> {
    void value;
    return Promise.resolve();
  }
}
const sessionConfig: SessionConfig = {
  sessionId: 's1',
  config: apiConfig,
  tools: { echo: async (args) => args },
  resources: [new Notes()],
};
const direct = new AgentSession(sessionConfig);
const sse: ReadableStream<Uint8Array> = toSSEStream(direct.execute({ type: 'trigger', triggerName: 't' }));

// The client exposes its pieces and its headers
const client = new OctavusClient({ baseUrl: 'https://octavus.ai/' });
// Timeouts are an extension of this package (optional, so configs stay interchangeable).
const timed = new OctavusClient({ baseUrl: 'https://octavus.ai', requestTimeoutMs: 30_000, idleTimeoutMs: 60_000 });
const _baseUrl: string = client.baseUrl;
const _headers: Promise<Record<string, string>> = client.getHeaders();
const _a: AgentsApi = client.agents;
const _w: WorkersApi = client.workers;

// WorkerError
const workerError = new WorkerError('failed', 'sess');
const _werr: Error = workerError;

// ---------------------------------------------------------------------------
// Agent types
// ---------------------------------------------------------------------------
const format: AgentFormat = 'worker';
const settings: AgentSettings = { slug: 's', name: 'n', format: 'interactive', description: 'd' };
const prompt: AgentPrompt = { name: 'system', content: 'You are...' };
const agentSummary: Agent = {
  slug: 's',
  id: 'a1',
  name: 'n',
  description: null,
  format,
  createdAt: 'c',
  updatedAt: 'u',
  projectId: 'p',
};
const definition: AgentDefinition = { settings, protocol: 'yaml', prompts: [prompt], id: 'a1' };
const statuses: SessionStatus[] = ['active', 'expired'];

// ---------------------------------------------------------------------------
// Stream event and tool types not covered elsewhere
// ---------------------------------------------------------------------------
const pendingFull: PendingToolCall = {
  toolCallId: 'c',
  toolName: 't',
  args: { q: 1 },
  source: 'block',
  outputVariable: 'OUT',
  blockIndex: 2,
  thread: 'worker',
  workerId: 'w1',
  thoughtSignature: 'sig',
};
const resultFull: ToolResult = {
  toolCallId: 'c',
  toolName: 't',
  result: { ok: true },
  error: undefined,
  outputVariable: 'OUT',
  blockIndex: 2,
  thread: 'worker',
  workerId: 'w1',
};
const generatedFile: GeneratedFile = { id: 'f', mediaType: 'image/png', url: 'u', filename: 'a.png', size: 3 };
const fileEvent: FileAvailableEvent = { type: 'file-available', ...generatedFile, toolCallId: 'c', workerId: 'w' };
const urlSource: SourceUrlEvent = { type: 'source', sourceType: 'url', id: 's', url: 'u', title: 't' };
const docSource: SourceDocumentEvent = {
  type: 'source',
  sourceType: 'document',
  id: 's',
  mediaType: 'application/pdf',
  title: 't',
  filename: 'f.pdf',
};
const sources: SourceEvent[] = [urlSource, docSource];
const startWithLast: StreamEvent = { type: 'start', messageId: 'm', executionId: 'e', lastMessageId: 'l' };
const toolRequest: StreamEvent = { type: 'tool-request', toolCalls: [pendingFull] };
const onResource: ResourceUpdateHandler = (name, value) => {
  void name;
  void value;
};

// ---------------------------------------------------------------------------
// Internal message types
// ---------------------------------------------------------------------------
const role: MessageRole = 'system';
const partTypes: MessagePartType[] = ['text', 'reasoning', 'tool-call', 'source', 'file', 'object'];
const toolStatus: ToolCallStatus = 'available';
const toolCall: ToolCallInfo = { id: 'c', name: 't', arguments: {}, status: toolStatus, result: 1 };
const urlInfo: SourceUrlInfo = { sourceType: 'url', id: 's', url: 'u' };
const docInfo: SourceDocumentInfo = { sourceType: 'document', id: 's', mediaType: 'm', title: 't' };
const sourceInfos: SourceInfo[] = [urlInfo, docInfo];
const fileInfo: FileInfo = { id: 'f', mediaType: 'm', url: 'u', toolCallId: 'c' };
const objectInfo: ObjectInfo = { id: 'o', typeName: 'ChatResponse', value: { a: 1 } };
const part: MessagePart = {
  type: 'tool-call',
  visible: false,
  content: 'x',
  toolCall,
  source: urlInfo,
  file: fileInfo,
  object: objectInfo,
  thread: 'summary',
};
const chatMessage: ChatMessage = {
  id: 'm',
  role,
  parts: [part],
  createdAt: '2024-01-01T00:00:00.000Z',
  visible: true,
  content: 'hello',
  toolCalls: [toolCall],
  reasoning: 'because',
  reasoningSignature: 'sig',
};

// ---------------------------------------------------------------------------
// UI message types
// ---------------------------------------------------------------------------
const partStatus: UIPartStatus = 'streaming';
const textPart: UITextPart = { type: 'text', text: 'hi', status: partStatus, thread: 'main' };
const reasoningPart: UIReasoningPart = { type: 'reasoning', text: 'hmm', status: 'done' };
const toolCallStatus: UIToolCallStatus = 'cancelled';
const toolPart: UIToolCallPart = {
  type: 'tool-call',
  toolCallId: 'c',
  toolName: 't',
  displayName: 'Looking up',
  args: {},
  result: 1,
  error: 'e',
  status: toolCallStatus,
};
const opStatus: UIOperationStatus = 'running';
const opPart: UIOperationPart = {
  type: 'operation',
  operationId: 'o',
  name: 'Save',
  operationType: 'set-resource',
  status: opStatus,
};
const urlPart: UISourceUrlPart = { type: 'source', sourceType: 'url', id: 's', url: 'u' };
const docPart: UISourceDocumentPart = { type: 'source', sourceType: 'document', id: 's', mediaType: 'm', title: 't' };
const sourceParts: UISourcePart[] = [urlPart, docPart];
const filePart: UIFilePart = { type: 'file', id: 'f', mediaType: 'image/png', url: 'u', size: 1 };
const objectStatus: UIObjectStatus = 'error';
const objectPart: UIObjectPart = { type: 'object', id: 'o', typeName: 'T', partial: {}, status: objectStatus, error: 'x' };
const workerStatus: UIWorkerStatus = 'running';
const workerPart: UIWorkerPart = {
  type: 'worker',
  workerId: 'w',
  workerSlug: 'research',
  description: 'Researching',
  parts: [textPart],
  status: workerStatus,
};
const messageStatus: UIMessageStatus = 'done';
const uiParts: UIMessagePart[] = [textPart, reasoningPart, toolPart, opPart, ...sourceParts, filePart, objectPart, workerPart];
const uiMessage: UIMessage = { id: 'm', role: 'assistant', parts: uiParts, status: messageStatus, createdAt: new Date() };

function render(p: UIMessagePart): string {
  switch (p.type) {
    case 'text':
    case 'reasoning':
      return p.text;
    case 'tool-call':
      return p.displayName ?? p.toolName;
    case 'operation':
      return p.operationType;
    case 'source':
      return p.sourceType === 'url' ? p.url : p.title;
    case 'file':
      return p.url;
    case 'object':
      return p.typeName;
    case 'worker':
      return p.parts.map(render).join('');
    case 'todo':
      return p.todos.map((t) => t.content).join('\n');
    case 'step-start':
      return '';
  }
}

export {
  timed,
  allErrors,
  guards,
  allErrorTypes,
  allSources,
  asStream,
  id,
  main,
  resolved,
  isMain,
  stored,
  other,
  other2,
  fileRefs,
  parsing,
  skillNames,
  literal,
  skills,
  listed,
  fetched,
  created,
  uploaded,
  generated,
  sse,
  agentSummary,
  definition,
  statuses,
  resultFull,
  fileEvent,
  sources,
  startWithLast,
  toolRequest,
  onResource,
  partTypes,
  sourceInfos,
  chatMessage,
  uiMessage,
  render,
};
