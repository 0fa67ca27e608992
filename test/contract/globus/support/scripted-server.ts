import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted answer: a reply (possibly late), a connection reset, or silence. */
export type ScriptedStep =
  | { readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>>; readonly delayMs?: number }
  | { readonly reset: true }
  | { readonly hang: true };

export interface ReceivedCall {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly at: number;
}

/**
 * A real HTTP server on loopback answering from a script, for transport behaviour nock cannot
 * reproduce with got 14 (connection resets, hangs). Unscripted requests get a 599.
 */
export class ScriptedServer {
  readonly received: ReceivedCall[] = [];
  private readonly steps: ScriptedStep[] = [];
  private readonly sockets = new Set<Socket>();

  private readonly server: Server;
  private url_ = '';

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<ScriptedServer> {
    const self = new ScriptedServer();
    await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', resolve));
    self.url_ = `http://127.0.0.1:${(self.server.address() as AddressInfo).port}/`;
    return self;
  }

  /** Base URL, with a trailing slash. */
  get url(): string {
    return this.url_;
  }

  /** Queues steps, answered in order. */
  script(...steps: ScriptedStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  get pending(): number {
    return this.steps.length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
    const step = this.steps.shift() ?? { status: 599, body: 'unscripted' };
    if ('reset' in step) {
      req.socket.resetAndDestroy();
      return;
    }
    if ('hang' in step) return;
    if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    if (res.destroyed) return;
    res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
    res.end(step.body ?? '{}');
  }
}
