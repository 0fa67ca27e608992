import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy can do to a request instead of forwarding it. */
export type ProxyFault = 'reset' | 'hang';

export interface ProxiedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** What happened to it: forwarded, or the fault it met. */
  readonly fate: 'forwarded' | ProxyFault;
}

const readAll = async (stream: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection']);

/**
 * An HTTP proxy in front of the fake Globus, for the network faults the fake cannot make: a
 * connection reset (`resetAndDestroy`, ECONNRESET at the app), a request never answered, or the
 * whole of Globus unreachable (listener closed: ECONNREFUSED). Bodies are buffered: Globus's are small.
 */
export class GlobusProxy {
  readonly seen: ProxiedRequest[] = [];
  private target: URL | undefined;
  private server: Server | undefined;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly faults: Array<{ readonly path: string; remaining: number; readonly fault: ProxyFault }> = [];

  static async start(): Promise<GlobusProxy> {
    const proxy = new GlobusProxy();
    await proxy.up();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Where requests go (the fake Globus's URL). */
  forwardTo(url: string): void {
    this.target = new URL(url);
  }

  /** The next `count` requests whose path starts with `path` meet `fault` instead of Globus. */
  faultNext(path: string, count: number, fault: ProxyFault): void {
    this.faults.push({ path, remaining: count, fault });
  }

  /** Requests seen for a path (whatever their fate). */
  requestsTo(path: string): ProxiedRequest[] {
    return this.seen.filter((r) => r.path === path);
  }

  /** Globus unreachable: the port is closed (ECONNREFUSED) and every open connection cut. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Listens again, on the same port after a `down()`. */
  async up(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await this.down();
  }

  private takeFault(path: string): ProxyFault | undefined {
    const rule = this.faults.find((f) => f.remaining > 0 && path.startsWith(f.path));
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const fault = this.takeFault(path);
    this.seen.push({ method: req.method ?? '', path, fate: fault ?? 'forwarded' });
    const body = await readAll(req);
    if (fault === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault === 'hang') return; // cut by down()/close()
    if (!this.target) {
      res.writeHead(599).end('proxy has no target');
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    const upstream = httpRequest(
      new URL(req.url ?? '/', this.target),
      { method: req.method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false },
      (answer) => {
        void readAll(answer).then((text) => {
          const kept = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
          res.writeHead(answer.statusCode ?? 502, { ...kept, 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
        });
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }
}
