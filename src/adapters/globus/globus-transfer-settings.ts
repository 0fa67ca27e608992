import type { GlobusCallObserver, GlobusLogger } from './globus-call.js';
import { DEFAULT_GLOBUS_RETRIES, DEFAULT_GLOBUS_TIMEOUTS, type GlobusConnectionPool } from './globus-http.js';

export interface GlobusTransferSettings {
  /** Host root, e.g. `https://transfer.api.globus.org/`; the adapter adds `v0.10/`. */
  readonly transferUrl: string;
  /** Per call: connecting, and the whole call including retries (GLOBUS_CONNECT_TIMEOUT_MS, GLOBUS_TIMEOUT_MS). */
  readonly timeouts: { readonly connectMs: number; readonly totalMs: number };
  /** Retries of GETs on network errors, 429 and 502/503/504 (a `Retry-After` is honoured at most twice). */
  readonly retries: number;
  readonly userAgent?: string;
  readonly retryBaseDelayMs?: number;
  /** Longest `Retry-After` waited for (default 5 s); a longer one fails the call at once. */
  readonly maxRetryAfterMs?: number;
  /** Metrics hook, called once per HTTP attempt (endpoint 'endpoint_search'); never breaks a call. */
  readonly onCall?: GlobusCallObserver;
  /** Failed attempts are logged here (service, endpoint, status or error code, retry delay). */
  readonly logger?: GlobusLogger;
  /** Keep-alive sockets shared by this service's adapters (the composition root closes them at shutdown). */
  readonly connections?: GlobusConnectionPool;
}

export const GLOBUS_TRANSFER_DEFAULTS = {
  transferUrl: 'https://transfer.api.globus.org/',
  timeouts: DEFAULT_GLOBUS_TIMEOUTS,
  retries: DEFAULT_GLOBUS_RETRIES,
} as const;
