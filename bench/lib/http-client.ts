import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** One HTTP answer, body read in full. */
export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** application/x-www-form-urlencoded body. */
  readonly form?: Record<string, string>;
  /** Abort after this long (ms). Default 10 s. */
  readonly timeoutMs?: number;
}

/** A keep-alive agent for the load generator: unbounded sockets, reused between requests. */
export const keepAliveAgent = (): Agent => new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

/** A plain node:http request; no redirects followed, no retries. */
export function send(agent: Agent, url: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = options.form === undefined ? undefined : new URLSearchParams(options.form).toString();
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = httpRequest(url, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The Location header, resolved against the request URL. */
export function locationOf(reply: Reply, requestUrl: string): string {
  const location = reply.headers.location;
  if (location === undefined) throw new Error(`expected a redirect from ${new URL(requestUrl).pathname}, got ${reply.status}`);
  return new URL(location, requestUrl).href;
}

/** The cookies of one browser for one site: enough of RFC 6265 for koa-session's two cookies. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes in every Set-Cookie of a reply; an empty value (koa-session's removal) deletes. */
  store(reply: Reply): void {
    for (const line of reply.headers['set-cookie'] ?? []) {
      const semi = line.indexOf(';');
      const pair = semi < 0 ? line : line.slice(0, semi);
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The Cookie request header. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get size(): number {
    return this.cookies.size;
  }
}
