import got, { type Got } from 'got';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { GlobusCallObserver, GlobusLogger } from './globus-call.js';

/**
 * Keep-alive sockets to Globus: a TCP (and TLS) handshake per call would cost more than the call.
 * Bounded, so a burst of browser requests cannot open unbounded connections to Globus (extra calls
 * wait for a socket, within their total timeout). As many may stay idle as may be open: a lower
 * cap closes sockets the next burst reopens (measured: a new connection every ~15 calls at 50 in
 * flight with 32). An idle socket is closed after 4 s, before the usual 5 s server-side
 * keep-alive timeout, so a request is not sent on a socket the server is closing (Node also
 * honours a shorter `Keep-Alive: timeout=` hint, less 1 s).
 */
export const GLOBUS_KEEP_ALIVE = { maxSockets: 64, maxFreeSockets: 64, idleTimeoutMs: 4000 } as const;

/** The keep-alive agents of one Globus service; whoever creates them closes them at shutdown. */
export class GlobusConnectionPool {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;

  constructor(limits: { readonly maxSockets: number; readonly maxFreeSockets: number; readonly idleTimeoutMs: number } = GLOBUS_KEEP_ALIVE) {
    const options = { keepAlive: true, maxSockets: limits.maxSockets, maxFreeSockets: limits.maxFreeSockets, timeout: limits.idleTimeoutMs, scheduling: 'lifo' } as const;
    this.http = new HttpAgent(options);
    this.https = new HttpsAgent(options);
  }

  /** Closes every socket, idle or not; calls made afterwards open new ones. */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** How the Globus Auth and Transfer adapters call their service: declared once, for both. */
export interface GlobusTransport {
  /**
   * `connectMs` bounds establishing a connection; `totalMs` bounds one call from start to end,
   * retries and their waits included.
   */
  readonly timeouts: { readonly connectMs: number; readonly totalMs: number };
  /** Retries of idempotent GETs on network errors, 429 and 502/503/504; POSTs are never retried. */
  readonly retries: number;
  readonly userAgent?: string;
  /** First backoff delay; doubles on every retry (with jitter). */
  readonly retryBaseDelayMs?: number;
  /** A longer `Retry-After` than this is not waited for: the call fails instead. */
  readonly maxRetryAfterMs?: number;
  /** Told about every HTTP attempt (metrics). */
  readonly onCall?: GlobusCallObserver;
  /** Where failed attempts are logged (service, endpoint, status or error code; never a URL or token). */
  readonly logger?: GlobusLogger;
  /** Keep-alive sockets to reuse (the composition root's, closed at shutdown); else the instance gets its own pool. */
  readonly connections?: GlobusConnectionPool;
}

/** The transport of one service, with its base URL. */
export interface GlobusHttpSettings extends GlobusTransport {
  /** Base URL every relative path is resolved against (got `prefixUrl`). */
  readonly prefixUrl: string;
}

export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_RETRY_AFTER_MS = 5000;
export const DEFAULT_USER_AGENT = 'globus-koa-login/0.1.0';

/**
 * A got instance for one Globus service: connect and total timeouts, HTTP statuses never thrown
 * (`throwHttpErrors: false`, callers map them), redirects not followed (credentials never leave
 * for another URL). got itself never retries: UpstreamCaller decides, so that every attempt is
 * observed and the total timeout covers the retries too. Everything fixed is set here, once: got
 * normalises each option a call passes, so calls pass only what changes (headers, timeouts).
 * Connections are kept alive (GlobusConnectionPool). Responses may be compressed (real Globus
 * can gzip large pages); got only adds a decompressor when `Content-Encoding` says so.
 */
export function createGlobusHttp(settings: GlobusHttpSettings): Got {
  // Without a pool from the caller, this instance owns one; idle sockets are unref'd, so it never holds the process open.
  const connections = settings.connections ?? new GlobusConnectionPool();
  return got.extend({
    prefixUrl: settings.prefixUrl,
    timeout: { connect: settings.timeouts.connectMs, request: settings.timeouts.totalMs },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    headers: { 'user-agent': settings.userAgent ?? DEFAULT_USER_AGENT },
    retry: { limit: 0 },
    agent: { http: connections.http, https: connections.https },
  });
}
