// docs: 07-workforce-agents_02-sdk.md and 09-authentication_02-ephemeral-tokens.md
import { OctavusClient, isTerminalThreadStatus } from '@octavus/server-sdk';

const client = new OctavusClient({
  baseUrl: 'https://octavus.ai',
  apiKey: process.env.OCTAVUS_AGENT_KEY, // oct_agt_...
});
const agentId = 'agent-id';

async function runAndWait() {
  const thread = await client.workforce.run(agentId, 'Summarize the latest sales report');
  console.log(thread.status); // 'completed' | 'failed' | 'cancelled'
  console.log(thread.messages);
}

async function manual() {
  const { threadId } = await client.workforce.dispatch(agentId, 'Research our top 3 competitors');
  const thread = await client.workforce.getThread(agentId, threadId);
  if (thread.status === 'completed') {
    // ...
  }
  const waited = await client.workforce.waitForCompletion(agentId, threadId);
  await client.workforce.followUp(agentId, threadId, 'Now turn that into a slide deck');
  const again = await client.workforce.waitForCompletion(agentId, threadId);
  const reviewed = await client.workforce.run(agentId, 'Review this spec', {
    timeoutMs: 30 * 60 * 1000, // 30 minutes
    pollIntervalMs: 5000,
  });
  return [waited, again, reviewed].every((t) => isTerminalThreadStatus(t.status));
}

async function tokens() {
  const control = new OctavusClient({
    baseUrl: 'https://octavus.ai',
    apiKey: process.env.OCTAVUS_API_KEY,
  });
  const { token, expiresAt } = await control.tokens.mint({
    agentId: 'agt_123',
    ttlSeconds: 3600, // optional; defaults to 1 hour, capped at 24 hours
  });
  const sessionId = await control.agentSessions.create('agt_123');
  const scoped = await control.tokens.mint({ agentId: 'agt_123', sessionId });
  const runner = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: token });
  await control.tokens.revoke(token);
  return [runner, expiresAt, scoped];
}

export { runAndWait, manual, tokens };
