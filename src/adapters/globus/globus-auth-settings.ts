import type { GlobusTransport } from './globus-http.js';

/**
 * Everything the Globus Auth adapters need; secrets come from the environment, never config
 * files. Of the transport, only the JWKS GET is retried (`retries`); token and revoke POSTs
 * never are. The logger also receives id_token rejections with their reason (e.g. a clock offset).
 */
export interface GlobusAuthSettings extends GlobusTransport {
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
  /** Don't refetch the JWKS after an unknown-key failure more often than this (default 30 s). */
  readonly jwksCooldownMs?: number;
  /** Refetch the JWKS when the cached copy is older than this (default 10 min). */
  readonly jwksMaxAgeMs?: number;
}
