// docs: 02-server-sdk_08-computer.md (the server-sdk side): setDynamicTools with a ToolProvider,
// a custom provider, a DynamicTool list, and a Computer-like class implementing the device and
// dynamic-entry interfaces. `@octavus/computer` itself is not installed: a stand-in class here.
import {
  OctavusClient,
  type ComputerHealth,
  type DeviceProvider,
  type DynamicMcpProvider,
  type DynamicStdioEntry,
  type DynamicTool,
  type EnsureReadyResult,
  type EntryHealth,
  type ToolHandler,
  type ToolProvider,
  type ToolSchema,
} from '@octavus/server-sdk';

/** Stand-in for `Computer` from @octavus/computer: a device provider with dynamic entries. */
class FakeComputer implements DeviceProvider, DynamicMcpProvider {
  #entries = new Map<string, DynamicStdioEntry>();
  toolHandlers(): Record<string, ToolHandler> {
    return { browser__navigate_page: async (args) => ({ url: args.url }) };
  }
  toolSchemas(): ToolSchema[] {
    return [{ name: 'browser__navigate_page', description: 'Open a page', inputSchema: { type: 'object' } }];
  }
  async getHealth(): Promise<ComputerHealth> {
    const entries: EntryHealth[] = [...this.#entries.keys()].map((name) => ({ name, healthy: true }));
    return { healthy: true, entries, totalTools: 1 };
  }
  async ensureReady(): Promise<EnsureReadyResult> {
    return { ...(await this.getHealth()), recovered: [], failedEntries: [] };
  }
  async addEntry(namespace: string, entry: DynamicStdioEntry, options?: { deferred?: boolean }): Promise<void> {
    if (!options?.deferred) this.#entries.set(namespace, entry);
  }
  async removeEntry(namespace: string): Promise<void> {
    this.#entries.delete(namespace);
  }
  async restartEntry(namespace: string): Promise<void> {
    void namespace;
  }
  hasEntry(namespace: string): boolean {
    return this.#entries.has(namespace);
  }
}

const client = new OctavusClient({ baseUrl: 'https://octavus.ai', apiKey: 'your-api-key' });
declare const sessionId: string;

// "Quick Start": attach, then hand the computer over.
const computer = new FakeComputer();
const session = client.agentSessions.attach(sessionId, {
  tools: { 'set-chat-title': async (args) => ({ title: args.title }) },
});
session.setDynamicTools(computer);

// "Detecting dynamic-entry support" without the guard (which this package does not export).
const githubEntry: DynamicStdioEntry = { type: 'stdio', command: 'npx', args: ['-y', 'github-mcp'], env: { TOKEN: 't' } };
async function maybeAdd(provider: ToolProvider): Promise<void> {
  if ('addEntry' in provider && 'hasEntry' in provider) {
    const dynamic = provider as ToolProvider & DynamicMcpProvider;
    if (!dynamic.hasEntry('github')) await dynamic.addEntry('github', githubEntry, { deferred: true });
  }
}

// "ToolProvider Interface": a custom provider.
const customProvider: ToolProvider = {
  toolHandlers() {
    return {
      custom__my_tool: async (args) => {
        void args;
        return { result: 'done' };
      },
    };
  },
  toolSchemas() {
    return [
      {
        name: 'custom__my_tool',
        description: 'A custom tool',
        inputSchema: {
          type: 'object',
          properties: { input: { type: 'string', description: 'Tool input' } },
          required: ['input'],
        },
      },
    ];
  },
};
session.setDynamicTools(customProvider);

// An explicit DynamicTool[]; an empty list removes the dynamic tools again.
const tools: DynamicTool[] = [
  {
    schema: { name: 'weather__now', description: 'Current weather', inputSchema: { type: 'object' }, outputSchema: { type: 'object' } },
    handler: async (args) => ({ city: args.city, celsius: 21 }),
  },
];
session.setDynamicTools(tools);
session.setDynamicTools([]);

// Workers take the schemas of runtime tools on their start request.
async function workerWithComputer(agentId: string): Promise<unknown> {
  const { output } = await client.workers.generate(agentId, { TASK: 'open the docs' }, {
    tools: computer.toolHandlers(),
    dynamicToolSchemas: computer.toolSchemas(),
  });
  return output;
}

export { maybeAdd, workerWithComputer };
