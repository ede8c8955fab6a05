// docs: 02-server-sdk_09-inline-mcp.md (defining a server, output schemas, per-request
// servers) and the media normalisers of the 6.4 API. zod 4 is a dev dependency here; the
// declarations themselves do not import it.
import { z } from 'zod';
import {
  OctavusClient,
  createInlineMcpServer,
  defineInlineMcpTool,
  normalizeToolResultMedia,
  normalizeToolResultOutputFiles,
  type InlineMcpServer,
  type InlineMcpToolDefinition,
  type ToolProvider,
  type ToolResult,
  type ToolSchema,
} from '@octavus/server-sdk';

declare const githubService: {
  getPrOverview(owner: string, repo: string, pullNumber: number): Promise<{ title: string; state: 'open' | 'closed' | 'merged'; additions: number; deletions: number }>;
  listIssues(owner: string, repo: string, state: 'open' | 'closed' | 'all'): Promise<unknown[]>;
};

// "Defining the Server"
const github = createInlineMcpServer('github', {
  tools: {
    'get-pr-overview': defineInlineMcpTool({
      description: 'Get pull request metadata and file changes',
      parameters: z.object({
        owner: z.string(),
        repo: z.string(),
        pullNumber: z.number(),
      }),
      handler: async (args) => {
        // args is { owner: string; repo: string; pullNumber: number }
        return await githubService.getPrOverview(args.owner, args.repo, args.pullNumber);
      },
    }),

    'list-issues': defineInlineMcpTool({
      description: 'List open issues for a repository',
      parameters: z.object({
        owner: z.string(),
        repo: z.string(),
        state: z.enum(['open', 'closed', 'all']).default('open'),
      }),
      handler: async (args) => {
        return await githubService.listIssues(args.owner, args.repo, args.state);
      },
    }),
  },
});

// "Declaring an Output Schema"
const withOutput = defineInlineMcpTool({
  description: 'Get pull request metadata and file changes',
  parameters: z.object({
    owner: z.string(),
    repo: z.string(),
    pullNumber: z.number(),
  }),
  output: z.object({
    title: z.string(),
    state: z.enum(['open', 'closed', 'merged']),
    additions: z.number(),
    deletions: z.number(),
  }),
  handler: async (args) => {
    // Return type is type-checked against the `output` schema.
    return await githubService.getPrOverview(args.owner, args.repo, args.pullNumber);
  },
});

// "Authentication and Credentials": a server per request.
declare class GithubClient {
  constructor(options: { token: string });
  pulls: { get(args: { owner: string; repo: string; pullNumber: number }): Promise<unknown> };
}
function buildGithubMcp(token: string) {
  const client = new GithubClient({ token });
  return createInlineMcpServer('github', {
    tools: {
      'get-pr-overview': defineInlineMcpTool({
        description: 'Get pull request metadata and file changes',
        parameters: z.object({
          owner: z.string(),
          repo: z.string(),
          pullNumber: z.number(),
        }),
        handler: async (args) => client.pulls.get(args),
      }),
    },
  });
}

// The server's shape.
const server: InlineMcpServer = buildGithubMcp('token');
const provider: ToolProvider = github;
const namespace: string = server.namespace;
const schemas: ToolSchema[] = github.toolSchemas();
const handler: (args: Record<string, unknown>) => Promise<unknown> = github.toolHandlers()['github__list-issues'];
const definition: InlineMcpToolDefinition = withOutput;

// zod mini schemas are zod 4 schemas too.
declare const miniSchema: { readonly _zod: { readonly output: { id: string }; readonly input: { id: string } } };
const mini = defineInlineMcpTool({ description: 'd', parameters: miniSchema, handler: async (args) => args.id.length });

// The media normalisers, as an `onToolResults` hook would call them.
const octavus = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: 'k' });
async function onToolResults(results: ToolResult[]): Promise<void> {
  await normalizeToolResultMedia(results, octavus.files, 'session-id');
  await normalizeToolResultOutputFiles(results, octavus.files, 'session-id');
  const files = results[0]?.files ?? [];
  const urls: string[] = files.map((f) => f.url);
  void urls;
}

export { provider, namespace, schemas, handler, definition, mini, onToolResults };
