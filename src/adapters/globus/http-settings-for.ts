import type { GlobusHttpSettings, GlobusTransport } from './globus-http.js';

/** The transport settings of one service, from an adapter's settings and the service's base URL. */
export function httpSettingsFor(prefixUrl: string, settings: GlobusTransport): GlobusHttpSettings {
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
