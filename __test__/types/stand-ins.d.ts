// Minimal stand-ins for the things the documentation samples take for granted:
// Node's `process`, framework modules (Next.js, express, sockjs, http) and the
// application objects the samples call into (`db`, `ticketService`, ...).
// Nothing here describes the SDK itself; the SDK types come from ../../index.d.ts.

declare var process: {
  env: Record<string, string | undefined>;
  stdout: { write(chunk: string | Uint8Array): boolean };
};

// Application-side helpers used by the samples. Their exact shapes are not the
// point of the test, so most are typed loosely.
declare const db: any;
declare const ticketService: any;
declare const orderService: any;
declare function getEstimatedResponse(priority: string): string;
declare function getEstimatedTime(priority: unknown): string;
declare function productSearch(query: unknown): Promise<Array<{ id: string }>>;
declare function validateToken(token: string | null): Promise<{ id: string; email: string }>;
declare function searchWeb(query: unknown): Promise<unknown>;
declare function search(query: unknown): Promise<unknown>;
declare function performWebSearch(query: unknown): Promise<unknown>;
declare function executeClientTools(
  toolCalls: import('@octavus/server-sdk').PendingToolCall[],
): Promise<import('@octavus/server-sdk').ToolResult[]>;
declare const imageFile: Blob;
declare const httpServer: unknown;

declare module 'next/server' {
  export class NextResponse extends Response {
    static json(body: unknown, init?: ResponseInit): NextResponse;
  }
}

declare module 'http' {
  export interface Server {
    listen(port: number, callback?: () => void): this;
  }
  export function createServer(handler?: unknown): Server;
  const http: { createServer: typeof createServer };
  export default http;
}

declare module 'sockjs' {
  // Shaped like @types/sockjs (a namespace behind `export =`), so both
  // `import sockjs from 'sockjs'` + `sockjs.Connection` and
  // `import type { Connection } from 'sockjs'` work.
  namespace sockjs {
    interface Connection {
      write(data: string): boolean;
      on(event: 'data', listener: (message: string) => void): this;
      on(event: 'close', listener: () => void): this;
    }
    interface ServerOptions {
      prefix?: string;
      log?: (severity: string, message: string) => void;
    }
    interface Server {
      on(event: 'connection', listener: (conn: Connection) => void): this;
      installHandlers(server: unknown, options?: ServerOptions): void;
    }
    function createServer(options?: ServerOptions): Server;
  }
  export = sockjs;
}

declare module 'express' {
  export interface Request {
    body: any;
  }
  export interface Response {
    setHeader(name: string, value: string): this;
    write(chunk: string | Uint8Array): boolean;
    end(): this;
  }
  export type Handler = (req: Request, res: Response) => unknown;
  export interface Application {
    use(handler: unknown): this;
    post(path: string, handler: Handler): this;
    (req: unknown, res: unknown): void;
  }
  interface Express {
    (): Application;
    json(): unknown;
    static(root: string): unknown;
  }
  const express: Express;
  export default express;
}
