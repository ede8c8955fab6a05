// Structural compatibility between our declarations and the official
// @octavus/server-sdk 2.0.0 declarations installed in node_modules (alias
// `official-sdk`, which pulls in @octavus/core and zod on its own).
//
// Two kinds of checks:
//  - `Both<A, B>` / `OneWay<A, B>` type-level assertions: the constant must be
//    assignable to the computed type, so a `false` result is a compile error;
//  - plain value assignments, in both directions, for the main data types.
//
// Our types target API level 6.4 and are a superset of 2.0.0 in a few places
// (6.x also changed a few signatures: async getHeaders, optional session ids).
// Everything that is only one-directional is listed in the "ONE-WAY" section
// with the reason; everything else must go both ways. The comparison with the
// official 6.4 declarations themselves is the opt-in scripts/compare-types.mjs
// (the 6.4 build is not on the registry, so npm test cannot use it).
import type * as Ours from '@octavus/server-sdk';
import type * as Official from 'official-sdk';

/** `true` when A is assignable to B. */
type Assignable<A, B> = [A] extends [B] ? true : false;
/** `true` when A and B are mutually assignable. */
type Both<A, B> = Assignable<A, B> extends true ? Assignable<B, A> : false;
/** `true` when A is assignable to B but not the other way round. */
type OneWay<A, B> = Assignable<A, B> extends true ? (Assignable<B, A> extends true ? false : true) : false;

// ===========================================================================
// MUTUAL: identical or equivalent shapes
// ===========================================================================
export const mutual: {
  // stream events (individually)
  StartEvent: Both<Ours.StartEvent, Official.StartEvent>;
  FinishEvent: Both<Ours.FinishEvent, Official.FinishEvent>;
  FinishReason: Both<Ours.FinishReason, Official.FinishReason>;
  TextStartEvent: Both<Ours.TextStartEvent, Official.TextStartEvent>;
  TextDeltaEvent: Both<Ours.TextDeltaEvent, Official.TextDeltaEvent>;
  TextEndEvent: Both<Ours.TextEndEvent, Official.TextEndEvent>;
  ReasoningStartEvent: Both<Ours.ReasoningStartEvent, Official.ReasoningStartEvent>;
  ReasoningDeltaEvent: Both<Ours.ReasoningDeltaEvent, Official.ReasoningDeltaEvent>;
  ReasoningEndEvent: Both<Ours.ReasoningEndEvent, Official.ReasoningEndEvent>;
  ToolInputStartEvent: Both<Ours.ToolInputStartEvent, Official.ToolInputStartEvent>;
  ToolInputDeltaEvent: Both<Ours.ToolInputDeltaEvent, Official.ToolInputDeltaEvent>;
  ToolInputEndEvent: Both<Ours.ToolInputEndEvent, Official.ToolInputEndEvent>;
  ToolInputAvailableEvent: Both<Ours.ToolInputAvailableEvent, Official.ToolInputAvailableEvent>;
  ToolOutputAvailableEvent: Both<Ours.ToolOutputAvailableEvent, Official.ToolOutputAvailableEvent>;
  ToolOutputErrorEvent: Both<Ours.ToolOutputErrorEvent, Official.ToolOutputErrorEvent>;
  SourceUrlEvent: Both<Ours.SourceUrlEvent, Official.SourceUrlEvent>;
  SourceDocumentEvent: Both<Ours.SourceDocumentEvent, Official.SourceDocumentEvent>;
  SourceEvent: Both<Ours.SourceEvent, Official.SourceEvent>;
  BlockEndEvent: Both<Ours.BlockEndEvent, Official.BlockEndEvent>;
  ResourceUpdateEvent: Both<Ours.ResourceUpdateEvent, Official.ResourceUpdateEvent>;
  ToolRequestEvent: Both<Ours.ToolRequestEvent, Official.ToolRequestEvent>;
  ClientToolRequestEvent: Both<Ours.ClientToolRequestEvent, Official.ClientToolRequestEvent>;
  FileAvailableEvent: Both<Ours.FileAvailableEvent, Official.FileAvailableEvent>;
  GeneratedFile: Both<Ours.GeneratedFile, Official.GeneratedFile>;
  ErrorSource: Both<Ours.ErrorSource, Official.ErrorSource>;
  ProviderErrorInfo: Both<Ours.ProviderErrorInfo, Official.ProviderErrorInfo>;
  ToolErrorInfo: Both<Ours.ToolErrorInfo, Official.ToolErrorInfo>;
  // tools
  ToolHandler: Both<Ours.ToolHandler, Official.ToolHandler>;
  ToolHandlers: Both<Ours.ToolHandlers, Official.ToolHandlers>;
  ToolResult: Both<Ours.ToolResult, Official.ToolResult>;
  PendingToolCall: Both<Ours.PendingToolCall, Official.PendingToolCall>;
  FileReference: Both<Ours.FileReference, Official.FileReference>;
  ResourceUpdateHandler: Both<Ours.ResourceUpdateHandler, Official.ResourceUpdateHandler>;
  // internal messages
  MessageRole: Both<Ours.MessageRole, Official.MessageRole>;
  ToolCallStatus: Both<Ours.ToolCallStatus, Official.ToolCallStatus>;
  ToolCallInfo: Both<Ours.ToolCallInfo, Official.ToolCallInfo>;
  SourceUrlInfo: Both<Ours.SourceUrlInfo, Official.SourceUrlInfo>;
  SourceDocumentInfo: Both<Ours.SourceDocumentInfo, Official.SourceDocumentInfo>;
  SourceInfo: Both<Ours.SourceInfo, Official.SourceInfo>;
  FileInfo: Both<Ours.FileInfo, Official.FileInfo>;
  ObjectInfo: Both<Ours.ObjectInfo, Official.ObjectInfo>;
  // UI messages (parts that exist in both)
  UIMessageStatus: Both<Ours.UIMessageStatus, Official.UIMessageStatus>;
  UIPartStatus: Both<Ours.UIPartStatus, Official.UIPartStatus>;
  UITextPart: Both<Ours.UITextPart, Official.UITextPart>;
  UIReasoningPart: Both<Ours.UIReasoningPart, Official.UIReasoningPart>;
  UIToolCallStatus: Both<Ours.UIToolCallStatus, Official.UIToolCallStatus>;
  UIToolCallPart: Both<Ours.UIToolCallPart, Official.UIToolCallPart>;
  UIOperationStatus: Both<Ours.UIOperationStatus, Official.UIOperationStatus>;
  UIOperationPart: Both<Ours.UIOperationPart, Official.UIOperationPart>;
  UISourceUrlPart: Both<Ours.UISourceUrlPart, Official.UISourceUrlPart>;
  UISourceDocumentPart: Both<Ours.UISourceDocumentPart, Official.UISourceDocumentPart>;
  UISourcePart: Both<Ours.UISourcePart, Official.UISourcePart>;
  UIFilePart: Both<Ours.UIFilePart, Official.UIFilePart>;
  UIObjectStatus: Both<Ours.UIObjectStatus, Official.UIObjectStatus>;
  UIObjectPart: Both<Ours.UIObjectPart, Official.UIObjectPart>;
  // sessions
  ExpiredSessionState: Both<Ours.ExpiredSessionState, Official.ExpiredSessionState>;
  RestoreSessionResult: Both<Ours.RestoreSessionResult, Official.RestoreSessionResult>;
  SessionStatus: Both<Ours.SessionStatus, Official.SessionStatus>;
  SessionAttachOptions: Both<Ours.SessionAttachOptions, Official.SessionAttachOptions>;
  TriggerOptions: Both<Ours.TriggerOptions, Official.TriggerOptions>;
  TriggerRequest: Both<Ours.TriggerRequest, Official.TriggerRequest>;
  ContinueRequest: Both<Ours.ContinueRequest, Official.ContinueRequest>;
  SessionRequest: Both<Ours.SessionRequest, Official.SessionRequest>;
  Resource: Both<Ours.Resource, Official.Resource>;
  // agents and files
  Agent: Both<Ours.Agent, Official.Agent>;
  AgentDefinition: Both<Ours.AgentDefinition, Official.AgentDefinition>;
  AgentFormat: Both<Ours.AgentFormat, Official.AgentFormat>;
  AgentSettings: Both<Ours.AgentSettings, Official.AgentSettings>;
  AgentPrompt: Both<Ours.AgentPrompt, Official.AgentPrompt>;
  FileUploadRequest: Both<Ours.FileUploadRequest, Official.FileUploadRequest>;
  FileUploadInfo: Both<Ours.FileUploadInfo, Official.FileUploadInfo>;
  UploadUrlsResponse: Both<Ours.UploadUrlsResponse, Official.UploadUrlsResponse>;
  // error classes (instances) — all structural, no private members
  AppError: Both<Ours.AppError, Official.AppError>;
  NotFoundError: Both<Ours.NotFoundError, Official.NotFoundError>;
  ValidationError: Both<Ours.ValidationError, Official.ValidationError>;
  ConflictError: Both<Ours.ConflictError, Official.ConflictError>;
  ForbiddenError: Both<Ours.ForbiddenError, Official.ForbiddenError>;
  ApiError: Both<Ours.ApiError, Official.ApiError>;
  // constructors (parameter lists)
  AppErrorCtor: Both<ConstructorParameters<typeof Ours.AppError>, ConstructorParameters<typeof Official.AppError>>;
  NotFoundCtor: Both<
    ConstructorParameters<typeof Ours.NotFoundError>,
    ConstructorParameters<typeof Official.NotFoundError>
  >;
  ValidationCtor: Both<
    ConstructorParameters<typeof Ours.ValidationError>,
    ConstructorParameters<typeof Official.ValidationError>
  >;
  ConflictCtor: Both<
    ConstructorParameters<typeof Ours.ConflictError>,
    ConstructorParameters<typeof Official.ConflictError>
  >;
  ForbiddenCtor: Both<
    ConstructorParameters<typeof Ours.ForbiddenError>,
    ConstructorParameters<typeof Official.ForbiddenError>
  >;
  ApiErrorCtor: Both<ConstructorParameters<typeof Ours.ApiError>, ConstructorParameters<typeof Official.ApiError>>;
  // public method surface of the API classes (the classes themselves carry
  // protected/private members, which makes whole-instance comparison nominal)
  AgentsApiMethods: Both<Pick<Ours.AgentsApi, 'list' | 'get'>, Pick<Official.AgentsApi, 'list' | 'get'>>;
  FilesApiMethods: Both<Pick<Ours.FilesApi, 'getUploadUrls'>, Pick<Official.FilesApi, 'getUploadUrls'>>;
  SessionsApiMethods: Both<
    Pick<Ours.AgentSessionsApi, 'create' | 'restore'>,
    Pick<Official.AgentSessionsApi, 'create' | 'restore'>
  >;
  ClientPublic: Both<Pick<Ours.OctavusClient, 'baseUrl'>, Pick<Official.OctavusClient, 'baseUrl'>>;
  // 6.x made getHeaders() async: the same headers, once awaited.
  ClientHeadersAwaited: Both<
    Awaited<ReturnType<Ours.OctavusClient['getHeaders']>>,
    ReturnType<Official.OctavusClient['getHeaders']>
  >;
  // functions whose signatures do not involve ErrorType
  generateId: Both<typeof Ours.generateId, typeof Official.generateId>;
  isAbortError: Both<typeof Ours.isAbortError, typeof Official.isAbortError>;
  resolveThread: Both<typeof Ours.resolveThread, typeof Official.resolveThread>;
  isMainThread: Both<typeof Ours.isMainThread, typeof Official.isMainThread>;
  threadForPart: Both<typeof Ours.threadForPart, typeof Official.threadForPart>;
  isOtherThread: Both<typeof Ours.isOtherThread, typeof Official.isOtherThread>;
  MAIN_THREAD: Both<typeof Ours.MAIN_THREAD, typeof Official.MAIN_THREAD>;
  isFileReference: Both<typeof Ours.isFileReference, typeof Official.isFileReference>;
  isFileReferenceArray: Both<typeof Ours.isFileReferenceArray, typeof Official.isFileReferenceArray>;
  getSkillSlugFromToolCall: Both<typeof Ours.getSkillSlugFromToolCall, typeof Official.getSkillSlugFromToolCall>;
  isRetryableError: Both<typeof Ours.isRetryableError, typeof Official.isRetryableError>;
  toSSEStreamReturn: Both<ReturnType<typeof Ours.toSSEStream>, ReturnType<typeof Official.toSSEStream>>;
} = {
  StartEvent: true,
  FinishEvent: true,
  FinishReason: true,
  TextStartEvent: true,
  TextDeltaEvent: true,
  TextEndEvent: true,
  ReasoningStartEvent: true,
  ReasoningDeltaEvent: true,
  ReasoningEndEvent: true,
  ToolInputStartEvent: true,
  ToolInputDeltaEvent: true,
  ToolInputEndEvent: true,
  ToolInputAvailableEvent: true,
  ToolOutputAvailableEvent: true,
  ToolOutputErrorEvent: true,
  SourceUrlEvent: true,
  SourceDocumentEvent: true,
  SourceEvent: true,
  BlockEndEvent: true,
  ResourceUpdateEvent: true,
  ToolRequestEvent: true,
  ClientToolRequestEvent: true,
  FileAvailableEvent: true,
  GeneratedFile: true,
  ErrorSource: true,
  ProviderErrorInfo: true,
  ToolErrorInfo: true,
  ToolHandler: true,
  ToolHandlers: true,
  ToolResult: true,
  PendingToolCall: true,
  FileReference: true,
  ResourceUpdateHandler: true,
  MessageRole: true,
  ToolCallStatus: true,
  ToolCallInfo: true,
  SourceUrlInfo: true,
  SourceDocumentInfo: true,
  SourceInfo: true,
  FileInfo: true,
  ObjectInfo: true,
  UIMessageStatus: true,
  UIPartStatus: true,
  UITextPart: true,
  UIReasoningPart: true,
  UIToolCallStatus: true,
  UIToolCallPart: true,
  UIOperationStatus: true,
  UIOperationPart: true,
  UISourceUrlPart: true,
  UISourceDocumentPart: true,
  UISourcePart: true,
  UIFilePart: true,
  UIObjectStatus: true,
  UIObjectPart: true,
  ExpiredSessionState: true,
  RestoreSessionResult: true,
  SessionStatus: true,
  SessionAttachOptions: true,
  TriggerOptions: true,
  TriggerRequest: true,
  ContinueRequest: true,
  SessionRequest: true,
  Resource: true,
  Agent: true,
  AgentDefinition: true,
  AgentFormat: true,
  AgentSettings: true,
  AgentPrompt: true,
  FileUploadRequest: true,
  FileUploadInfo: true,
  UploadUrlsResponse: true,
  AppError: true,
  NotFoundError: true,
  ValidationError: true,
  ConflictError: true,
  ForbiddenError: true,
  ApiError: true,
  AppErrorCtor: true,
  NotFoundCtor: true,
  ValidationCtor: true,
  ConflictCtor: true,
  ForbiddenCtor: true,
  ApiErrorCtor: true,
  AgentsApiMethods: true,
  FilesApiMethods: true,
  SessionsApiMethods: true,
  ClientPublic: true,
  ClientHeadersAwaited: true,
  generateId: true,
  isAbortError: true,
  resolveThread: true,
  isMainThread: true,
  threadForPart: true,
  isOtherThread: true,
  MAIN_THREAD: true,
  isFileReference: true,
  isFileReferenceArray: true,
  getSkillSlugFromToolCall: true,
  isRetryableError: true,
  toSSEStreamReturn: true,
};

// ===========================================================================
// ONE-WAY: official 2.0.0 -> ours only (ours is a 2.14 / 6.4 superset)
// ===========================================================================
export const officialToOursOnly: {
  // 'unsupported_error' was added to the error types (docs/protocol.md §7).
  ErrorType: OneWay<Official.ErrorType, Ours.ErrorType>;
  ErrorEvent: OneWay<Official.ErrorEvent, Ours.ErrorEvent>;
  OctavusErrorOptions: OneWay<Official.OctavusErrorOptions, Ours.OctavusErrorOptions>;
  CreateErrorEventOptions: OneWay<Official.CreateErrorEventOptions, Ours.CreateErrorEventOptions>;
  // Readonly `errorType` widened the same way.
  OctavusError: OneWay<Official.OctavusError, Ours.OctavusError>;
  // worker-start / worker-result joined the union (and the error event widened); 6.x adds
  // todo-update, worker-input-*, usage and the display mode 'title'.
  StreamEvent: OneWay<Official.StreamEvent, Ours.StreamEvent>;
  DisplayMode: OneWay<Official.DisplayMode, Ours.DisplayMode>;
  BlockStartEvent: OneWay<Official.BlockStartEvent, Ours.BlockStartEvent>;
  // The worker part joined the UI part union; 6.x (messages v4) adds todo and step-start.
  UIMessagePart: OneWay<Official.UIMessagePart, Ours.UIMessagePart>;
  UIMessage: OneWay<Official.UIMessage, Ours.UIMessage>;
  UISessionState: OneWay<Official.UISessionState, Ours.UISessionState>;
  // Messages v4: stored parts may be step-start, operation, worker or todo.
  MessagePartType: OneWay<Official.MessagePartType, Ours.MessagePartType>;
  MessagePart: OneWay<Official.MessagePart, Ours.MessagePart>;
  ChatMessage: OneWay<Official.ChatMessage, Ours.ChatMessage>;
  SessionState: OneWay<Official.SessionState, Ours.SessionState>;
  SessionsApiGet: OneWay<Pick<Official.AgentSessionsApi, 'get'>, Pick<Ours.AgentSessionsApi, 'get'>>;
  // (New optional fields — TriggerRequest.rollbackAfterMessageId,
  // OctavusClientConfig.traceModelRequests, ToolResult/PendingToolCall
  // thread/workerId/thoughtSignature, StartEvent.lastMessageId, workerId on
  // events — keep those types mutual; see the MUTUAL list and the value checks.)
  // The official safeParse results (zod) fit our zod-free result type.
  safeParseStreamEvent: Assignable<
    ReturnType<typeof Official.safeParseStreamEvent>,
    ReturnType<typeof Ours.safeParseStreamEvent>
  >;
  safeParseUIMessage: Assignable<
    ReturnType<typeof Official.safeParseUIMessage>,
    ReturnType<typeof Ours.safeParseUIMessage>
  >;
  safeParseUIMessages: Assignable<
    ReturnType<typeof Official.safeParseUIMessages>,
    ReturnType<typeof Ours.safeParseUIMessages>
  >;
  // Methods yielding events: ours may yield the 2.14 events too, so an official
  // implementation fits our signature but not the other way round.
  AgentSessionExecute: OneWay<Pick<Official.AgentSession, 'execute'>, Pick<Ours.AgentSession, 'execute'>>;
  SessionsApiGetMessages: OneWay<
    Pick<Official.AgentSessionsApi, 'getMessages'>,
    Pick<Ours.AgentSessionsApi, 'getMessages'>
  >;
  // toSSEStream accepts the wider event union, so ours can stand in for the official one.
  toSSEStream: OneWay<typeof Ours.toSSEStream, typeof Official.toSSEStream>;
  // 6.x: `apiKey` may be a function (ApiKeyProvider), and the client takes more options.
  OctavusClientConfig: OneWay<Official.OctavusClientConfig, Ours.OctavusClientConfig>;
  // 6.x: `sessionId` is optional (a start() handle has none yet); more attach options.
  SessionConfig: OneWay<Official.SessionConfig, Ours.SessionConfig>;
  // 6.x: ApiClientConfig.getHeaders may return a Promise, so a 2.0.0 config fits ours only.
  AgentsApiCtor: OneWay<ConstructorParameters<typeof Official.AgentsApi>, ConstructorParameters<typeof Ours.AgentsApi>>;
  SessionsApiCtor: OneWay<
    ConstructorParameters<typeof Official.AgentSessionsApi>,
    ConstructorParameters<typeof Ours.AgentSessionsApi>
  >;
  FilesApiCtor: OneWay<ConstructorParameters<typeof Official.FilesApi>, ConstructorParameters<typeof Ours.FilesApi>>;
  AgentSessionCtor: OneWay<
    ConstructorParameters<typeof Official.AgentSession>,
    ConstructorParameters<typeof Ours.AgentSession>
  >;
  // 6.x: getSessionId() is undefined on a start() handle before its first trigger.
  AgentSessionMethods: OneWay<Pick<Official.AgentSession, 'getSessionId'>, Pick<Ours.AgentSession, 'getSessionId'>>;
  // 6.4 added SKILL_SETUP and FILE_UPLOAD: every 2.0.0 name is still one of ours.
  OctavusSkillToolName: OneWay<Official.OctavusSkillToolName, Ours.OctavusSkillToolName>;
  OCTAVUS_SKILL_TOOLS: OneWay<typeof Ours.OCTAVUS_SKILL_TOOLS, typeof Official.OCTAVUS_SKILL_TOOLS>;
  isOctavusSkillTool: OneWay<typeof Official.isOctavusSkillTool, typeof Ours.isOctavusSkillTool>;
} = {
  ErrorType: true,
  ErrorEvent: true,
  OctavusErrorOptions: true,
  CreateErrorEventOptions: true,
  OctavusError: true,
  StreamEvent: true,
  DisplayMode: true,
  BlockStartEvent: true,
  UIMessagePart: true,
  UIMessage: true,
  UISessionState: true,
  MessagePartType: true,
  MessagePart: true,
  ChatMessage: true,
  SessionState: true,
  SessionsApiGet: true,
  safeParseStreamEvent: true,
  safeParseUIMessage: true,
  safeParseUIMessages: true,
  AgentSessionExecute: true,
  SessionsApiGetMessages: true,
  toSSEStream: true,
  OctavusClientConfig: true,
  SessionConfig: true,
  AgentsApiCtor: true,
  SessionsApiCtor: true,
  FilesApiCtor: true,
  AgentSessionCtor: true,
  AgentSessionMethods: true,
  OctavusSkillToolName: true,
  OCTAVUS_SKILL_TOOLS: true,
  isOctavusSkillTool: true,
};

// Class instances of the API classes, AgentSession and OctavusClient are not
// compared as a whole: both sides carry protected/private members, which makes
// TypeScript compare them nominally. Instead: every public member name of the
// official class exists on ours (ours adds `workers`, `trigger`,
// `handleSocketMessage`, `clear`).
type Contains<Big, Small> = [Exclude<keyof Small, keyof Big>] extends [never] ? true : false;
export const publicMembersContained: {
  OctavusClient: Contains<Ours.OctavusClient, Official.OctavusClient>;
  AgentsApi: Contains<Ours.AgentsApi, Official.AgentsApi>;
  AgentSessionsApi: Contains<Ours.AgentSessionsApi, Official.AgentSessionsApi>;
  FilesApi: Contains<Ours.FilesApi, Official.FilesApi>;
  AgentSession: Contains<Ours.AgentSession, Official.AgentSession>;
  OctavusErrorStatic: Contains<typeof Ours.OctavusError, typeof Official.OctavusError>;
} = {
  OctavusClient: true,
  AgentsApi: true,
  AgentSessionsApi: true,
  FilesApi: true,
  AgentSession: true,
  OctavusErrorStatic: true,
};

// What exactly makes the one-way types one-way: removing the 2.14 and 6.x additions
// from ours gives back something the official types accept.
type Legacy<T> = T extends { errorType: infer E }
  ? Omit<T, 'errorType'> & { errorType: Exclude<E, 'unsupported_error'> }
  : T extends { type: 'block-start'; display: infer D }
    ? Omit<T, 'display'> & { display: Exclude<D, 'title'> }
    : T;
type Added6x =
  | Ours.TodoUpdateEvent
  | Ours.WorkerInputStartEvent
  | Ours.WorkerInputDeltaEvent
  | Ours.WorkerInputReadyEvent
  | Ours.UsageEvent;
type OursStreamEvent200 = Legacy<Exclude<Ours.StreamEvent, Ours.WorkerStartEvent | Ours.WorkerResultEvent | Added6x>>;
type OursUIMessagePart200 = Exclude<Ours.UIMessagePart, Ours.UIWorkerPart | Ours.UITodoPart | Ours.UIStepStartPart>;
type OursMessagePartType200 = Exclude<Ours.MessagePartType, 'step-start' | 'operation' | 'worker' | 'todo'>;
export const differencesAreExactlyThe214And6xAdditions: {
  StreamEvent: Assignable<OursStreamEvent200, Official.StreamEvent>;
  UIMessagePart: Assignable<OursUIMessagePart200, Official.UIMessagePart>;
  ErrorType: Assignable<Exclude<Ours.ErrorType, 'unsupported_error'>, Official.ErrorType>;
  DisplayMode: Assignable<Exclude<Ours.DisplayMode, 'title'>, Official.DisplayMode>;
  MessagePartType: Assignable<OursMessagePartType200, Official.MessagePartType>;
  MessagePart: Assignable<Omit<Ours.MessagePart, 'type'> & { type: OursMessagePartType200 }, Official.MessagePart>;
} = { StreamEvent: true, UIMessagePart: true, ErrorType: true, DisplayMode: true, MessagePartType: true, MessagePart: true };

// ===========================================================================
// Value-level round trips for the main types
// ===========================================================================
declare const official: {
  streamEvent: Official.StreamEvent;
  uiMessage: Official.UIMessage;
  chatMessage: Official.ChatMessage;
  toolResult: Official.ToolResult;
  pendingToolCall: Official.PendingToolCall;
  sessionState: Official.SessionState;
  uiSessionState: Official.UISessionState;
  expired: Official.ExpiredSessionState;
  agent: Official.Agent;
  agentDefinition: Official.AgentDefinition;
  fileReference: Official.FileReference;
  sessionRequest: Official.SessionRequest;
  clientConfig: Official.OctavusClientConfig;
  sessionConfig: Official.SessionConfig;
  handlers: Official.ToolHandlers;
  resource: Official.Resource;
  uploadUrls: Official.UploadUrlsResponse;
  octavusError: Official.OctavusError;
  apiError: Official.ApiError;
};
declare const ours: {
  streamEvent: Ours.StreamEvent;
  uiMessage: Ours.UIMessage;
  chatMessage: Ours.ChatMessage;
  toolResult: Ours.ToolResult;
  pendingToolCall: Ours.PendingToolCall;
  sessionState: Ours.SessionState;
  uiSessionState: Ours.UISessionState;
  expired: Ours.ExpiredSessionState;
  agent: Ours.Agent;
  agentDefinition: Ours.AgentDefinition;
  fileReference: Ours.FileReference;
  sessionRequest: Ours.SessionRequest;
  clientConfig: Ours.OctavusClientConfig;
  sessionConfig: Ours.SessionConfig;
  handlers: Ours.ToolHandlers;
  resource: Ours.Resource;
  uploadUrls: Ours.UploadUrlsResponse;
  octavusError: Ours.OctavusError;
  apiError: Ours.ApiError;
};

// official -> ours: every main type
const o2o: {
  [K in keyof typeof ours]: (typeof ours)[K];
} = official;

// ours -> official: everything except the documented one-way types
const {
  streamEvent: _se,
  uiMessage: _um,
  uiSessionState: _us,
  octavusError: _oe,
  chatMessage: _cm,
  sessionState: _ss,
  clientConfig: _cc,
  sessionConfig: _sc,
  ...oursMutual
} = ours;
const {
  streamEvent: _ose,
  uiMessage: _oum,
  uiSessionState: _ous,
  octavusError: _ooe,
  chatMessage: _ocm,
  sessionState: _oss,
  clientConfig: _occ,
  sessionConfig: _osc,
  ...officialMutualShape
} = official;
const back: typeof officialMutualShape = oursMutual;

// The one-way ones fail in the ours -> official direction, for the reasons above.
// @ts-expect-error -- worker events / unsupported_error are unknown to 2.0.0
const _streamBack: Official.StreamEvent = ours.streamEvent;
// @ts-expect-error -- the worker part is unknown to 2.0.0
const _uiBack: Official.UIMessage = ours.uiMessage;
// @ts-expect-error -- same, through UISessionState.messages
const _uiStateBack: Official.UISessionState = ours.uiSessionState;
// @ts-expect-error -- errorType may be 'unsupported_error'
const _errBack: Official.OctavusError = ours.octavusError;
// @ts-expect-error -- v4 stored parts (step-start, operation, worker, todo) are unknown to 2.0.0
const _chatBack: Official.ChatMessage = ours.chatMessage;
// @ts-expect-error -- same, through SessionState.messages
const _stateBack: Official.SessionState = ours.sessionState;
// @ts-expect-error -- apiKey may be a function (6.x)
const _configBack: Official.OctavusClientConfig = ours.clientConfig;
// @ts-expect-error -- sessionId may be missing (6.x start handles)
const _sessionConfigBack: Official.SessionConfig = ours.sessionConfig;

// Narrowed to the 2.0.0 subset, our events go back without complaint.
function toOfficial(event: Ours.StreamEvent): Official.StreamEvent | undefined {
  if (event.type === 'worker-start' || event.type === 'worker-result') return undefined;
  if (event.type === 'todo-update' || event.type === 'usage') return undefined;
  if (event.type === 'worker-input-start' || event.type === 'worker-input-delta' || event.type === 'worker-input-ready') return undefined;
  if (event.type === 'block-start' && event.display === 'title') return undefined;
  if (event.type === 'error' && event.errorType === 'unsupported_error') return undefined;
  return event as
    | Exclude<typeof event, Ours.ErrorEvent | Ours.BlockStartEvent>
    | (Ours.ErrorEvent & { errorType: Official.ErrorType })
    | (Ours.BlockStartEvent & { display: Official.DisplayMode });
}

// Handlers, configs and requests written for the official package type-check
// against ours unchanged (the drop-in direction that matters for users).
declare function attachOurs(id: string, options?: Ours.SessionAttachOptions): Ours.AgentSession;
const officialOptions: Official.SessionAttachOptions = { tools: official.handlers, resources: [official.resource] };
const attached: Ours.AgentSession = attachOurs('s', officialOptions);
const executed: AsyncGenerator<Ours.StreamEvent> = attached.execute(official.sessionRequest);

export { o2o, back, toOfficial, executed };
