import type { GlobusCallObserver, GlobusLogger } from './globus-call.js';
import { DEFAULT_GLOBUS_RETRIES, DEFAULT_GLOBUS_TIMEOUTS, type GlobusConnectionPool } from './globus-http.js';

/** Everything the Globus Auth adapters need; secrets come from the environment, never config files. */
export interface GlobusAuthSettings {
  /** e.g. `https://auth.globus.org/` or a fake's `http://127.0.0.1:5001/`. */
  readonly authUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** BASE_URL + `/login`, sent byte for byte at /authorize and at the token endpoint. */
  readonly redirectUri: string;
  /** The app's absolute `/`, linked from Globus's logout page. */
  readonly logoutReturnUrl: string;
  /** `redirect_name` on the logout page. */
  readonly appName: string;
  /** Expected id_token `iss`. */
  readonly issuer: string;
  /** Accepted offset between our clock and Globus's when checking id_token `iat` and `exp`. */
  readonly clockLeewaySeconds: number;
  /** Per call: connecting, and the whole call including retries (GLOBUS_CONNECT_TIMEOUT_MS, GLOBUS_TIMEOUT_MS). */
  readonly timeouts: { readonly connectMs: number; readonly totalMs: number };
  /** Retries of the JWKS GET only; token and revoke POSTs are never retried. */
  readonly retries: number;
  readonly userAgent?: string;
  readonly retryBaseDelayMs?: number;
  /** Longest `Retry-After` waited for (default 5 s); a longer one fails the call at once. */
  readonly maxRetryAfterMs?: number;
  /** Don't refetch the JWKS after an unknown-key failure more often than this (default 30 s). */
  readonly jwksCooldownMs?: number;
  /** Refetch the JWKS when the cached copy is older than this (default 10 min). */
  readonly jwksMaxAgeMs?: number;
  /** Metrics hook, called once per HTTP attempt to Globus Auth (token, revoke, jwks); never breaks a call. */
  readonly onCall?: GlobusCallObserver;
  /** Failed attempts and id_token rejections (with their reason, e.g. a clock offset) are logged here. */
  readonly logger?: GlobusLogger;
  /** Keep-alive sockets shared by this service's adapters (the composition root closes them at shutdown). */
  readonly connections?: GlobusConnectionPool;
}

/** Defaults for the settings a deployment rarely changes. */
export const GLOBUS_AUTH_DEFAULTS = {
  authUrl: 'https://auth.globus.org/',
  issuer: 'https://auth.globus.org',
  clockLeewaySeconds: 60,
  timeouts: DEFAULT_GLOBUS_TIMEOUTS,
  retries: DEFAULT_GLOBUS_RETRIES,
} as const;
