import got, { type Got, type RetryObject } from 'got';

/** Transport settings shared by the Globus Auth and Transfer adapters. */
export interface GlobusHttpSettings {
  /** Base URL every relative path is resolved against (got `prefixUrl`). */
  readonly prefixUrl: string;
  readonly timeouts: { readonly connectMs: number; readonly totalMs: number };
  /** Retries of idempotent GETs on network errors and 502/503/504; POSTs are never retried. */
  readonly retries: number;
  readonly userAgent?: string;
  /** First backoff delay; doubles on every retry. */
  readonly retryBaseDelayMs?: number;
  /** A longer `Retry-After` than this is not waited for: the call fails instead. */
  readonly maxRetryAfterMs?: number;
}

export const DEFAULT_GLOBUS_TIMEOUTS = { connectMs: 3000, totalMs: 10_000 } as const;
export const DEFAULT_GLOBUS_RETRIES = 2;
export const DEFAULT_USER_AGENT = 'globus-koa-login/0.1.0';

/** Network failures worth another GET. ETIMEDOUT is left out: a timed-out attempt used the whole budget. */
const RETRIED_ERROR_CODES = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN'];

/**
 * A got instance for one Globus service. HTTP statuses are never thrown (`throwHttpErrors: false`):
 * callers map them. Redirects are not followed, so credentials never leave for another URL.
 */
export function createGlobusHttp(settings: GlobusHttpSettings): Got {
  const baseDelay = settings.retryBaseDelayMs ?? 500;
  const backoff = ({ computedValue, retryAfter, attemptCount }: RetryObject): number => {
    if (computedValue === 0) return 0; // got's own rules said no (method, status, limit, Retry-After cap)
    if (retryAfter) return computedValue; // got already capped it at maxRetryAfter
    return Math.min(baseDelay * 2 ** (attemptCount - 1), settings.timeouts.totalMs);
  };
  return got.extend({
    prefixUrl: settings.prefixUrl,
    timeout: { connect: settings.timeouts.connectMs, request: settings.timeouts.totalMs },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    headers: { 'user-agent': settings.userAgent ?? DEFAULT_USER_AGENT },
    retry: {
      limit: settings.retries,
      methods: ['GET'],
      statusCodes: [502, 503, 504],
      errorCodes: RETRIED_ERROR_CODES,
      maxRetryAfter: settings.maxRetryAfterMs ?? 5000,
      calculateDelay: backoff,
    },
  });
}
