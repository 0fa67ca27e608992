import got, { type Response } from 'got';
import type { Container } from 'inversify';
import { connect } from 'node:net';
import type { Clock } from '../../src/application/ports/clock.js';
import type { TokenStore } from '../../src/application/ports/token-store.js';
import { TOKENS } from '../../src/application/tokens.js';
import { InMemoryTokenStore } from '../../src/adapters/memory/in-memory-token-store.js';
import type { SessionDataStore } from '../../src/adapters/http/http-settings.js';
import { INFRA } from '../../src/container.js';
import { asSessionId } from '../../src/domain/session-id.js';
import type { UserSession } from '../../src/domain/user-session.js';
import type { IssuedToken } from '../../src/fake-globus/index.js';
import type { BrowserClient } from '../support/browser-client.js';
import type { Stack } from '../support/start-stack.js';

export const JANE = 'jdoe@uchicago.edu';
export const AHMED = 'ahmed@globusid.org';
export const JANE_SUB = 'bd9abf42-4a7a-476f-b34b-c17b369c477f';
export const AHMED_SUB = '5b0c7a2e-8d4f-4e61-9a3b-2f6d1c8e4a70';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests the app made to the fake's token endpoint (code exchanges and refreshes). */
export const tokenRequests = (stack: Stack) => stack.fake.inspect.requests().filter((r) => r.path === '/v2/oauth2/token');

/** A clock the test can move forward, bound in place of the system clock. */
export class SkewedClock implements Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Ahead (positive) or behind (negative) real time by this much from now on. */
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
}

/** Rebinds the app's Clock (JWKS cooldown, login-attempt expiry, id_token times) to `clock`. */
export const withClock = (clock: Clock) => (c: Container) => {
  c.rebind<Clock>(TOKENS.Clock).toConstantValue(clock);
};

/** The running app's token store, which must be the in-memory one. */
export function memoryTokenStore(stack: Stack): InMemoryTokenStore {
  const store = stack.app.container.get<TokenStore>(TOKENS.TokenStore);
  if (!(store instanceof InMemoryTokenStore)) throw new Error('expected the in-memory token store');
  return store;
}

/** How many logged-in sessions the in-memory token store holds. */
export function storedSessionCount(stack: Stack): number {
  const dump = JSON.parse(memoryTokenStore(stack).dumpRaw()) as { sessions: unknown[] };
  return dump.sessions.length;
}

/** Value of the app's session cookie in this client's jar (`sid`). */
export async function sessionCookieValue(client: BrowserClient, appUrl: string, name = 'sid'): Promise<string | undefined> {
  return (await client.jar.getCookies(appUrl)).find((c) => c.key === name)?.value;
}

/** Only the app's two session cookies, as a Cookie header (what a thief would copy). */
export async function sessionCookieHeader(client: BrowserClient, appUrl: string): Promise<string> {
  const cookies = await client.jar.getCookies(appUrl);
  return cookies
    .filter((c) => c.key === 'sid' || c.key === 'sid.sig')
    .map((c) => `${c.key}=${c.value}`)
    .join('; ');
}

/** What the server holds behind a session cookie key: the small session object, then the user. */
export async function serverSessionOf(stack: Stack, cookieKey: string): Promise<{ data: Record<string, unknown> | undefined; user: UserSession | undefined }> {
  const sessions = stack.app.container.get<SessionDataStore>(INFRA.SessionDataStore);
  const data = (await sessions.get(cookieKey, 0, { rolling: false })) as Record<string, unknown> | undefined;
  const sid = data?.['sid'];
  const tokens = stack.app.container.get<TokenStore>(TOKENS.TokenStore);
  return { data, user: typeof sid === 'string' ? await tokens.getSession(asSessionId(sid)) : undefined };
}

/** Plain requests with an explicit Cookie header and no jar: a replayed or stolen cookie. */
export function withCookie(url: string, cookie: string, headers: Record<string, string> = {}): Promise<Response<string>> {
  return got.get(url, { headers: { ...headers, cookie }, followRedirect: false, throwHttpErrors: false, retry: { limit: 0 } });
}

/** Whether this Cookie header is a logged-in session: both as a page and as an API call. */
export async function isLoggedIn(appUrl: string, cookie: string): Promise<boolean> {
  const page = await withCookie(`${appUrl}/`, cookie);
  const api = await withCookie(`${appUrl}/endpoints`, cookie, { accept: 'application/json' });
  if ((page.statusCode === 200) !== (api.statusCode === 200)) throw new Error(`page ${page.statusCode} and API ${api.statusCode} disagree`);
  return page.statusCode === 200;
}

/** Tokens the fake issued after `before` (a count from an earlier issuedTokens()). */
export const issuedSince = (stack: Stack, before: number): IssuedToken[] => stack.fake.inspect.issuedTokens().slice(before);

/** Every token string (access and refresh) of these issued tokens. */
export const tokenStrings = (issued: readonly IssuedToken[]): string[] =>
  issued.flatMap((t) => [t.access_token, ...(t.refresh_token ? [t.refresh_token] : [])]);

/** The Set-Cookie headers of a response, as one array. */
export const setCookiesOf = (response: Response<string>): string[] => response.headers['set-cookie'] ?? [];

/** A minimal cookie jar for hops tough-cookie will not store (Secure / __Host- cookies on a loopback http URL). */
export class ManualCookies {
  private readonly values = new Map<string, string>();
  take(response: Response<string>): void {
    for (const line of setCookiesOf(response)) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.values.delete(name);
      else this.values.set(name, value);
    }
  }
  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.values.get(name);
  }
}

/**
 * Sends raw bytes as one HTTP/1.1 request over a fresh TCP connection and returns the status
 * (`requestHead` is a byte string: each character one byte, so callers control the exact bytes)
 * — 0 when the server closed without answering. No client-side validation gets in the way.
 */
export function rawRequest(appUrl: string, requestHead: string, timeoutMs = 10_000): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(appUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is fine; the status decides
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : 0, text });
    });
    // write, not end: a half-closed client may lose the answer of a slow handler.
    socket.write(Buffer.from(requestHead, 'latin1'));
  });
}

/** The header lines of a raw response, lower-cased names, in order. */
export function rawHeaders(text: string): Array<readonly [string, string]> {
  const head = text.split('\r\n\r\n')[0] ?? '';
  return head
    .split('\r\n')
    .slice(1)
    .map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as const);
}

/** A GET written byte for byte: no client normalises the target or the headers. */
export const rawGet = (appUrl: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> => {
  const lines = [`GET ${target} HTTP/1.1`, `Host: ${new URL(appUrl).host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''];
  return rawRequest(appUrl, lines.join('\r\n'));
};

/** Every place a secret must not appear, with a label saying where each came from. */
export interface Haystack {
  readonly where: string;
  readonly text: string;
}

/** The first haystack containing any needle, described; undefined when clean. */
export function findLeak(haystacks: readonly Haystack[], needles: ReadonlyArray<{ readonly what: string; readonly value: string }>): string | undefined {
  for (const needle of needles) {
    if (needle.value.length < 8) throw new Error(`needle ${needle.what} is too short to scan for`);
    const variants = new Set([needle.value, encodeURIComponent(needle.value)]);
    for (const hay of haystacks) {
      for (const variant of variants) if (hay.text.includes(variant)) return `${needle.what} found in ${hay.where}`;
    }
  }
  return undefined;
}
