/** Login choices that come from configuration. */
export interface LoginSettings {
  readonly scopes: readonly string[];
  readonly pkce: boolean;
  readonly refreshTokens: boolean;
  /** Refresh (or re-login) this long before a token expires. */
  readonly expiryMarginMs: number;
}

export const DEFAULT_SCOPES = [
  'openid',
  'profile',
  'email',
  'urn:globus:auth:scope:transfer.api.globus.org:all',
] as const;
