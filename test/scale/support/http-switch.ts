import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback reverse proxy in front of several app instances, like nginx in production:
 * every request goes to one instance (round robin, or the one a test pins), with
 * X-Forwarded-* headers, and the answer says which instance served it (`X-Served-By`).
 * Upstream connections are not reused, so a killed instance never leaves a stale socket.
 */
export class HttpSwitch {
  private readonly server: Server;
  private readonly agent = new Agent({ keepAlive: false });
  private readonly targets = new Map<string, number>();
  private pinned: string | undefined;
  private next = 0;
  /** The instance name of every request served so far, in order. */
  readonly served: string[] = [];
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      const name = this.pick();
      const port = this.targets.get(name);
      this.served.push(name);
      if (port === undefined) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('no instance\n');
        return;
      }
      const headers: IncomingHttpHeaders = {
        ...req.headers,
        'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': req.headers.host ?? '',
      };
      const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: this.agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': name });
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', 'x-served-by': name });
        res.end('bad gateway\n');
      });
      req.pipe(upstream);
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Adds or moves an instance. */
  setTarget(name: string, port: number): void {
    this.targets.set(name, port);
  }

  /** Sends every request to `name`, or round robin again with `undefined`. */
  pin(name: string | undefined): void {
    if (name !== undefined && !this.targets.has(name)) throw new Error(`no instance ${name}`);
    this.pinned = name;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    this.agent.destroy();
  }

  private pick(): string {
    if (this.pinned !== undefined) return this.pinned;
    const names = [...this.targets.keys()];
    const name = names[this.next % Math.max(1, names.length)];
    this.next += 1;
    return name ?? '';
  }
}
