// docs: 09-authentication_02-ephemeral-tokens.md, 09-authentication_03-workload-identity-federation.md
// and 07-workforce-agents_02-sdk.md: the credential as a string or a (sync or async) function,
// the async headers, ephemeral tokens handed to a runner, and a workforce run that can be cancelled.
import {
  OctavusClient,
  isTerminalThreadStatus,
  type ApiKeyProvider,
  type MintTokenResponse,
  type OctavusClientConfig,
  type UIMessage,
  type WorkforceThread,
} from '@octavus/server-sdk';

declare function getWorkloadIdentityToken(): Promise<string>;
declare function currentTokenSync(): string;

// "Present a token": a provider asked before every request (and every retry).
const federated = new OctavusClient({
  baseUrl: 'https://octavus.ai',
  apiKey: async () => await getWorkloadIdentityToken(),
});
const syncProvider: ApiKeyProvider = () => currentTokenSync();
const fixed: ApiKeyProvider = 'oct_live_key';
const configs: OctavusClientConfig[] = [
  { baseUrl: 'https://octavus.ai', apiKey: syncProvider },
  { baseUrl: 'https://octavus.ai', apiKey: fixed, maxRetries: 0, streamIdleTimeoutMs: 30_000 },
  // Ours only: a REST call timeout, and the continuation cap as a client option.
  { baseUrl: 'https://octavus.ai', apiKey: process.env.OCTAVUS_API_KEY, requestTimeoutMs: 10_000, maxContinuationBytes: 1_000_000 },
];

// The headers are built per request, so they are a Promise.
async function authorizationHeader(): Promise<string | undefined> {
  const headers = await federated.getHeaders();
  return headers.Authorization;
}

// "Mint a token" and "Use a token".
async function handOff(): Promise<string | undefined> {
  const control = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: process.env.OCTAVUS_API_KEY });
  const minted: MintTokenResponse = await control.tokens.mint({ agentId: 'agt_123', ttlSeconds: 3600 });
  const runner = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: minted.token });
  const session = runner.agentSessions.start({ agentId: 'agt_123', onSessionCreated: (id) => console.log('created', id) });
  for await (const event of session.execute({ type: 'trigger', triggerName: 'user-message', input: { USER_MESSAGE: 'Hello' } })) {
    if (event.type === 'start') console.log(event.sessionId);
  }
  const revoked = await control.tokens.revoke(minted.token);
  console.log(revoked.revoked, revoked.jti, minted.expiresAt);
  return session.getSessionId();
}

// A workforce run bounded by the caller, with its last reply.
async function lastReply(agentId: string, signal: AbortSignal): Promise<UIMessage | undefined> {
  const client = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: async () => process.env.OCTAVUS_AGENT_KEY ?? '' });
  const thread: WorkforceThread = await client.workforce.run(agentId, 'Summarize the latest sales report', {
    signal,
    timeoutMs: 30 * 60 * 1000,
    pollIntervalMs: 5000,
  });
  if (thread.status === 'failed') throw new Error(thread.failureReason ?? 'failed');
  return isTerminalThreadStatus(thread.status) ? thread.messages.at(-1) : undefined;
}

export { configs, authorizationHeader, handOff, lastReply };
