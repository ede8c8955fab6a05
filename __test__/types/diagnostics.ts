// The diagnostics channels (docs/observability.md): the exported names are literal types, and a
// subscriber can type each message it receives.
import {
  diagnosticsChannels,
  type ExecutionFinishMessage,
  type ExecutionRoundMessage,
  type ExecutionStartMessage,
  type RequestErrorMessage,
  type RequestFinishMessage,
  type RequestStartMessage,
  type ToolErrorMessage,
  type ToolFinishMessage,
  type ToolPayloadMessage,
  type ToolStartMessage,
} from '@octavus/server-sdk';

const requestStart: 'octavus:request:start' = diagnosticsChannels.requestStart;
const payload: 'octavus:tool:payload' = diagnosticsChannels.toolPayload;
const all: string[] = Object.values(diagnosticsChannels);

export const handlers = {
  [diagnosticsChannels.requestStart]: (m: RequestStartMessage) => `${m.requestSeq} ${m.method} ${m.path} #${m.attempt} ${m.executionSeq ?? ''} ${m.round ?? ''}`,
  [diagnosticsChannels.requestFinish]: (m: RequestFinishMessage) => m.status + m.durationMs,
  [diagnosticsChannels.requestError]: (m: RequestErrorMessage) => (m.kind === 'cancelled' ? m.code : `${m.status ?? ''} ${m.message} ${m.retry}`),
  [diagnosticsChannels.executionStart]: (m: ExecutionStartMessage) => `${m.target} ${m.sessionId ?? m.agentId} ${m.operation} ${m.triggerName ?? ''}`,
  [diagnosticsChannels.executionRound]: (m: ExecutionRoundMessage) => m.executionSeq + m.round,
  [diagnosticsChannels.executionFinish]: (m: ExecutionFinishMessage) => (m.outcome === 'failed' ? m.code : `${m.rounds} ${m.durationMs}`),
  [diagnosticsChannels.toolStart]: (m: ToolStartMessage) => `${m.toolName} ${m.toolCallId} ${m.round}`,
  [diagnosticsChannels.toolFinish]: (m: ToolFinishMessage) => (m.outcome === 'void' ? m.durationMs : 0),
  [diagnosticsChannels.toolError]: (m: ToolErrorMessage) => `${m.outcome} ${m.message} ${m.code ?? ''}`,
  [diagnosticsChannels.toolPayload]: (m: ToolPayloadMessage) => JSON.parse(m.argsJson) as unknown,
};

export { requestStart, payload, all };
