import got, { type Got } from 'got';
import type { GlobusCallObserver, GlobusLogger } from './globus-call.js';

/** Transport settings shared by the Globus Auth and Transfer adapters. */
export interface GlobusHttpSettings {
  /** Base URL every relative path is resolved against (got `prefixUrl`). */
  readonly prefixUrl: string;
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
}

export const DEFAULT_GLOBUS_TIMEOUTS = { connectMs: 3000, totalMs: 10_000 } as const;
export const DEFAULT_GLOBUS_RETRIES = 2;
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_RETRY_AFTER_MS = 5000;
export const DEFAULT_USER_AGENT = 'globus-koa-login/0.1.0';

/**
 * A got instance for one Globus service: connect and total timeouts, HTTP statuses never thrown
 * (`throwHttpErrors: false`, callers map them), redirects not followed (credentials never leave
 * for another URL). got itself never retries: UpstreamCaller decides, so that every attempt is
 * observed and the total timeout covers the retries too.
 */
export function createGlobusHttp(settings: GlobusHttpSettings): Got {
  return got.extend({
    prefixUrl: settings.prefixUrl,
    timeout: { connect: settings.timeouts.connectMs, request: settings.timeouts.totalMs },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    headers: { 'user-agent': settings.userAgent ?? DEFAULT_USER_AGENT },
    retry: { limit: 0 },
  });
}
