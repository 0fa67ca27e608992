import type { GlobusHttpSettings } from './globus-http.js';

interface TransportSettings {
  readonly timeouts: { readonly connectMs: number; readonly totalMs: number };
  readonly retries: number;
  readonly userAgent?: string;
  readonly retryBaseDelayMs?: number;
}

/** The got settings of one service, from an adapter's settings and the service's base URL. */
export function httpSettingsFor(prefixUrl: string, settings: TransportSettings): GlobusHttpSettings {
  return {
    prefixUrl,
    timeouts: settings.timeouts,
    retries: settings.retries,
    ...(settings.userAgent === undefined ? {} : { userAgent: settings.userAgent }),
    ...(settings.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: settings.retryBaseDelayMs }),
  };
}
