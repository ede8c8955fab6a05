// The 6.4 REST surface: execution logs, ephemeral tokens, workforce agents and the platform URL
// helpers. Every new value export is called and every new type export is used.
import {
  AgentSessionsApi,
  OctavusClient,
  TokensApi,
  WorkforceApi,
  isTerminalThreadStatus,
  type AbortLogEntry,
  type ApiClientConfig,
  type BlockOperationLogEntry,
  type CompactionLogEntry,
  type ErrorLogEntry,
  type ExecutionLogEntry,
  type ExecutionLogEntryBase,
  type ExecutionLogEntryType,
  type ExecutionLogError,
  type ExecutionLogsResult,
  type ExpiredSessionState,
  type GetLogsOptions,
  type ImageAdaptedLogEntry,
  type LlmResponseLogEntry,
  type LlmToolRequestLogEntry,
  type LogEntryFile,
  type LoggedToolCall,
  type MessageLogEntry,
  type MintTokenRequest,
  type MintTokenResponse,
  type ModelRequestLogEntry,
  type ModelRequestTrace,
  type ReasoningLogEntry,
  type StepStatsLogEntry,
  type StepStatsTrace,
  type ThreadCreatedLogEntry,
  type ToolCallLogEntry,
  type ToolOutputBoundedLogEntry,
  type ToolResultLogEntry,
  type TriggerLogEntry,
  type TrimmedValue,
  type UIMessage,
  type WorkerExecutionLogEntry,
  type WorkerOutputLogEntry,
  type WorkforceDispatchOptions,
  type WorkforceDispatchResult,
  type WorkforceRunOptions,
  type WorkforceThread,
  type WorkforceThreadStatus,
  type WorkforceWaitOptions,
} from '@octavus/server-sdk';

const client = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: 'oct_agt_x' });

// URL helpers
const sessionUrl: string = client.getSessionUrl('s1');
const agentUrl: string = client.getAgentUrl('a1');

// Execution logs
const logOptions: GetLogsOptions = { excludeModelRequests: true };
async function logs(): Promise<number> {
  const result: ExecutionLogsResult | ExpiredSessionState = await client.agentSessions.getLogs('s1', logOptions);
  await client.agentSessions.getLogs('s1');
  if (!('entries' in result)) return result.status === 'expired' ? 0 : -1;
  const total: number | undefined = result.total;
  const truncated: boolean | undefined = result.truncated;
  let tokens = 0;
  for (const entry of result.entries) {
    switch (entry.type) {
      case 'step-stats':
        tokens += entry.stepStats?.usage.outputTokens ?? 0;
        break;
      case 'model-request': {
        const trace: ModelRequestTrace | undefined = entry.modelRequest;
        void trace;
        break;
      }
      case 'error': {
        const err: ExecutionLogError | undefined = entry.error;
        void err?.type;
        break;
      }
      case 'message':
        void entry.role;
        break;
      default: {
        const kind: ExecutionLogEntryType = entry.type;
        const base: ExecutionLogEntryBase = entry;
        void kind;
        void base.timestamp;
      }
    }
  }
  return tokens + (total ?? 0) + (truncated ? 1 : 0);
}

const file: LogEntryFile = { id: 'f', mediaType: 'image/png', url: 'https://x' };
const call: LoggedToolCall = { id: 'c', name: 'search', arguments: { q: 1 } };
const trimmed: TrimmedValue = { __trimmed: true, originalBytes: 10, keptBytes: 4, preview: 'ab…yz' };
const stats: StepStatsTrace = {
  requestType: 'llm',
  provider: 'anthropic',
  model: 'm',
  usage: { inputTokens: 1, cachedInputTokens: 0, cachedWriteTokens: 0, outputTokens: 2, reasoningOutputTokens: 0 },
  cacheMode: 'auto',
  speed: 'standard',
};
const base = { id: 'e', timestamp: '2025-01-01T00:00:00.000Z' };
const entries: ExecutionLogEntry[] = [
  { ...base, type: 'trigger', triggerName: 'user-message', triggerInput: {} } satisfies TriggerLogEntry,
  { ...base, type: 'message', role: 'user', content: 'hi', files: [file] } satisfies MessageLogEntry,
  { ...base, type: 'tool-call', toolName: 't', toolArguments: {} } satisfies ToolCallLogEntry,
  { ...base, type: 'tool-result', toolName: 't', toolResult: trimmed } satisfies ToolResultLogEntry,
  { ...base, type: 'llm-tool-request', toolCalls: [call] } satisfies LlmToolRequestLogEntry,
  { ...base, type: 'llm-response', response: 'r' } satisfies LlmResponseLogEntry,
  { ...base, type: 'reasoning', reasoningContent: 'r' } satisfies ReasoningLogEntry,
  { ...base, type: 'thread-created', systemPrompt: 's', thread: 'main' } satisfies ThreadCreatedLogEntry,
  { ...base, type: 'block-operation', operationType: 'set' } satisfies BlockOperationLogEntry,
  { ...base, type: 'model-request', modelRequest: { requestType: 'image', provider: 'p', model: 'm' } } satisfies ModelRequestLogEntry,
  { ...base, type: 'step-stats', stepStats: stats, sequence: 3 } satisfies StepStatsLogEntry,
  { ...base, type: 'worker-execution', workerInput: {}, workerId: 'w' } satisfies WorkerExecutionLogEntry,
  { ...base, type: 'worker-output', workerOutput: 1 } satisfies WorkerOutputLogEntry,
  { ...base, type: 'compaction', compactionTrigger: 'proactive', layersApplied: ['summarize'] } satisfies CompactionLogEntry,
  { ...base, type: 'tool-output-bounded', originalChars: 9, maxToolOutputTokens: 2 } satisfies ToolOutputBoundedLogEntry,
  { ...base, type: 'image-adapted', source: 'declared-cap', adaptation: 'downscaled' } satisfies ImageAdaptedLogEntry,
  { ...base, type: 'abort', abortedAtBlock: 'b' } satisfies AbortLogEntry,
  { ...base, type: 'error', error: { type: 'tool_error', message: 'm', source: 'tool' } } satisfies ErrorLogEntry,
];

// Tokens
const mintRequest: MintTokenRequest = { agentId: 'a1', sessionId: 's1', ttlSeconds: 3600 };
async function tokens(): Promise<string> {
  const minted: MintTokenResponse = await client.tokens.mint(mintRequest);
  const revoked: { revoked: boolean; jti?: string } = await client.tokens.revoke(minted.token);
  return `${minted.jti} ${minted.expiresAt} ${revoked.revoked} ${revoked.jti ?? ''}`;
}

// Workforce
const dispatchOptions: WorkforceDispatchOptions = { files: [{ id: 'f', mediaType: 'text/plain', url: 'https://x' }] };
const waitOptions: WorkforceWaitOptions = { pollIntervalMs: 1000, timeoutMs: 60_000, signal: AbortSignal.timeout(60_000) };
const runOptions: WorkforceRunOptions = { ...dispatchOptions, ...waitOptions };
async function workforce(): Promise<UIMessage[]> {
  const dispatched: WorkforceDispatchResult = await client.workforce.dispatch('a1', 'Summarize', dispatchOptions);
  await client.workforce.dispatch('a1', 'Summarize');
  const thread: WorkforceThread = await client.workforce.getThread('a1', dispatched.threadId);
  const reason: string | null = thread.failureReason;
  void reason;
  const followed: WorkforceDispatchResult = await client.workforce.followUp('a1', thread.threadId, 'More', dispatchOptions);
  const done: WorkforceThread = await client.workforce.waitForCompletion('a1', followed.threadId, waitOptions);
  const ran: WorkforceThread = await client.workforce.run('a1', 'Go', runOptions);
  const status: WorkforceThreadStatus = ran.status;
  const finished: boolean = isTerminalThreadStatus(status) && isTerminalThreadStatus('anything');
  return finished ? done.messages : [];
}

// The API classes are constructible from a config, like the others.
const config: ApiClientConfig = { baseUrl: 'https://octavus.ai', getHeaders: () => ({}) };
const tokensApi: TokensApi = new TokensApi(config);
const workforceApi: WorkforceApi = new WorkforceApi(config);
const sessions: AgentSessionsApi = new AgentSessionsApi(config);
const fromClient: [TokensApi, WorkforceApi] = [client.tokens, client.workforce];

export { sessionUrl, agentUrl, logs, entries, tokens, workforce, tokensApi, workforceApi, sessions, fromClient };
