import type { GlobusCallObserver, GlobusLogger } from './globus-call.js';
import type { GlobusConnectionPool, GlobusHttpSettings } from './globus-http.js';

interface TransportSettings {
  readonly timeouts: { readonly connectMs: number; readonly totalMs: number };
  readonly retries: number;
  readonly userAgent?: string;
  readonly retryBaseDelayMs?: number;
  readonly maxRetryAfterMs?: number;
  readonly onCall?: GlobusCallObserver;
  readonly logger?: GlobusLogger;
  readonly connections?: GlobusConnectionPool;
}

/** The transport settings of one service, from an adapter's settings and the service's base URL. */
export function httpSettingsFor(prefixUrl: string, settings: TransportSettings): GlobusHttpSettings {
  const { timeouts, retries, userAgent, retryBaseDelayMs, maxRetryAfterMs, onCall, logger, connections } = settings;
  return {
    prefixUrl,
    timeouts,
    retries,
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs }),
    ...(maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs }),
    ...(onCall === undefined ? {} : { onCall }),
    ...(logger === undefined ? {} : { logger }),
    ...(connections === undefined ? {} : { connections }),
  };
}
