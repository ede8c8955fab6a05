// Samples from the documentation that are NOT valid TypeScript against the real
// package's types. Each one is checked twice — against our declarations and
// against the official @octavus/server-sdk declarations in node_modules (alias
// `official-sdk`) — and must fail in both, proving that we reject exactly what
// the original rejects. `@ts-expect-error` makes tsc fail if a line ever stops
// erroring.
import * as Ours from '@octavus/server-sdk';
import * as Official from 'official-sdk';

declare const ours: Ours.OctavusClient;
declare const official: Official.OctavusClient;
declare const sessionId: string;

// 1. 02-server-sdk_02-sessions.md "Full Session State": `get()` resolves to
//    `SessionState | ExpiredSessionState`, so reading `id`/`messages` needs a
//    `status` check first.
{
  const state = await ours.agentSessions.get(sessionId);
  // @ts-expect-error -- `id` does not exist on ExpiredSessionState
  void state.id;
  // @ts-expect-error -- `messages` does not exist on ExpiredSessionState
  void state.messages.length;
}
{
  const state = await official.agentSessions.get(sessionId);
  // @ts-expect-error -- same in the official package
  void state.id;
  // @ts-expect-error -- same in the official package
  void state.messages.length;
}

// 2. 02-server-sdk_02-sessions.md "Getting Session Messages" and the README seed
//    page: `getMessages()` resolves to `UISessionState | ExpiredSessionState`.
{
  const session = await ours.agentSessions.getMessages(sessionId);
  // @ts-expect-error -- `messages` does not exist on ExpiredSessionState
  void session.messages.length;
  // @ts-expect-error -- destructuring `messages` has the same problem
  const { messages, status } = await ours.agentSessions.getMessages(sessionId);
  void messages;
  void status;
}
{
  const session = await official.agentSessions.getMessages(sessionId);
  // @ts-expect-error -- same in the official package
  void session.messages.length;
  // @ts-expect-error -- same in the official package
  const { messages, status } = await official.agentSessions.getMessages(sessionId);
  void messages;
  void status;
}

// 3. 07-migration_01-v1-to-v2.md: `new AgentSession({ sessionId, agentId, apiKey })`.
//    The constructor takes `{ sessionId, config: ApiClientConfig, tools?, resources? }`.
{
  const session = new Ours.AgentSession({
    sessionId,
    // @ts-expect-error -- no `agentId` (and no `apiKey`; `config` is required instead)
    agentId: 'your-agent-id',
    apiKey: process.env.OCTAVUS_API_KEY!,
  });
  void session;
}
{
  const session = new Official.AgentSession({
    sessionId,
    // @ts-expect-error -- same in the official package
    agentId: 'your-agent-id',
    apiKey: process.env.OCTAVUS_API_KEY!,
  });
  void session;
}

// 4. 07-migration_01-v1-to-v2.md "If you were importing schemas": the v1 import of
//    `fileUploadRequestSchema` from the server SDK no longer exists.
// @ts-expect-error -- not exported by us
import { fileUploadRequestSchema as _ours } from '@octavus/server-sdk';
// @ts-expect-error -- not exported by the official package either
import { fileUploadRequestSchema as _official } from 'official-sdk';

// 5. The zod schema VALUES of @octavus/core (`fileReferenceSchema`, `uiMessageSchema`,
//    ...) reach the official 2.0.0 server SDK only through its `export *`; the 2.14
//    entry point re-exports core types only, and so do we (no zod dependency).
import { fileReferenceSchema as officialSchema } from 'official-sdk';
// @ts-expect-error -- deliberately not exported (2.14 level, no zod)
import { fileReferenceSchema as _oursSchema } from '@octavus/server-sdk';
void officialSchema;

// 6. 02-server-sdk_02-sessions.md "Getting Execution Logs": `getLogs()` resolves to
//    `ExecutionLogsResult | ExpiredSessionState`, and only the expired shape has `status`, so
//    the page's `result.status === 'expired'` does not compile. The official 6.4 declarations
//    (not installed here; see scripts/compare-types.mjs) have the same two shapes, so the page
//    fails against them too; `'status' in result` or `'entries' in result` narrows instead.
{
  const result = await ours.agentSessions.getLogs(sessionId);
  // @ts-expect-error -- `status` does not exist on ExecutionLogsResult
  if (result.status === 'expired') void result;
}
