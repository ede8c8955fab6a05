// docs: 02-server-sdk_06-workers.md (6.4 parts): generate() with cost and tokens, WorkerError
// with its details, inline MCP servers on a worker, and the usage event of execute().
import {
  OctavusClient,
  WorkerError,
  createInlineMcpServer,
  type ErrorType,
  type UsageEvent,
  type WorkerErrorDetails,
  type WorkerExecutionCost,
  type WorkerExecutionTokens,
  type WorkerGenerateResult,
} from '@octavus/server-sdk';

const client = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: process.env.OCTAVUS_API_KEY! });
declare const agentId: string;
declare const input: Record<string, unknown>;

// "Cost reporting"
async function reportCost(): Promise<number> {
  const { output, cost, tokens }: WorkerGenerateResult = await client.workers.generate(agentId, input);
  void output;
  if (cost) {
    if (cost.byok) {
      console.log(`Bandwidth: $${cost.bandwidthFee}, est. provider: $${cost.estimatedProviderFee}`);
    } else {
      console.log(`Bandwidth: $${cost.bandwidthFee}, provider: $${cost.providerFee}`);
    }
  }
  const total: WorkerExecutionTokens | undefined = tokens;
  return (total?.totalTokens ?? 0) + (cost?.totalFee ?? 0);
}

// The same figures on the stream, in the usage event after finish.
async function streamedUsage(): Promise<WorkerExecutionCost | undefined> {
  let usage: UsageEvent | undefined;
  for await (const event of client.workers.execute(agentId, input)) {
    if (event.type === 'usage') usage = event;
  }
  return usage?.cost;
}

// "WorkerError (generate)", with the classification of the error event.
async function generateOrExplain(): Promise<unknown> {
  try {
    const { output } = await client.workers.generate(agentId, input, { signal: AbortSignal.timeout(120_000) });
    return output;
  } catch (error) {
    if (error instanceof WorkerError) {
      console.error('Worker failed:', error.message);
      if (error.sessionId) console.error(`Debug: ${client.getSessionUrl(error.sessionId)}`);
      const details: WorkerErrorDetails | undefined = error.details;
      const kind: ErrorType | undefined = details?.errorType;
      if (details?.retryable && details.retryAfter !== undefined) {
        console.error(`retry in ${details.retryAfter}s (${kind}, ${details.source}, ${details.code})`);
      }
      if (details?.provider) console.error(details.provider.name, details.provider.statusCode, details.provider.details);
    }
    throw error;
  }
}

// WorkerError is constructible like the official one.
const manual = new WorkerError('Worker completed without producing a result', 'session-1', {
  errorType: 'provider_error',
  source: 'provider',
  retryable: true,
  retryAfter: 5,
  provider: { name: 'anthropic', statusCode: 529 },
});

// Inline MCP servers on a worker ("Attaching to a Session" of the inline MCP page).
const github = createInlineMcpServer('github', { tools: {} });
async function withMcp(): Promise<unknown> {
  const { output } = await client.workers.generate(agentId, input, { mcpServers: [github] });
  return output;
}

export { reportCost, streamedUsage, generateOrExplain, manual, withMcp };
