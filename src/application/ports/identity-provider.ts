import type { Identity } from '../../domain/identity.js';
import type { Token } from '../../domain/token.js';

export interface AuthorizationRequest {
  readonly state: string;
  readonly nonce: string;
  readonly scopes: readonly string[];
  /** PKCE verifier; the adapter derives the S256 challenge. Absent: no PKCE. */
  readonly codeVerifier?: string;
  /** Ask Globus for refresh tokens (`access_type=offline`). */
  readonly offline: boolean;
}

/** What a successful code exchange yields: one token per resource server, plus the id_token. */
export interface CodeGrant {
  readonly tokens: readonly Token[];
  readonly idToken: string | null;
}

/**
 * Globus Auth as the app needs it (https://docs.globus.org/api/auth/reference/).
 * Adapters throw GrantRejected, ClientRejected, IdTokenInvalid or UpstreamUnavailable.
 */
export interface IdentityProvider {
  /** The URL the browser is sent to for the authorize leg. */
  authorizationUrl(request: AuthorizationRequest): string;
  /** Redeems an authorization code (the one step that must never be retried). */
  exchangeCode(code: string, codeVerifier: string | undefined): Promise<CodeGrant>;
  /** Verifies signature, issuer, audience, lifetime and nonce; returns who logged in. */
  verifyIdToken(idToken: string, nonce: string): Promise<Identity>;
  /** Exchanges a refresh token for a new token of the same resource server. */
  refresh(refreshToken: string): Promise<Token>;
  /** Revokes one access or refresh token. */
  revoke(token: string): Promise<void>;
  /** Globus Auth's browser logout page, returning to the app. */
  logoutUrl(): string;
}
