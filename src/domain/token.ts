/** One Globus token: Globus issues one per resource server. */
export interface Token {
  readonly resourceServer: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly scope: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export const AUTH_RESOURCE_SERVER = 'auth.globus.org';
export const TRANSFER_RESOURCE_SERVER = 'transfer.api.globus.org';

/** Tokens indexed by resource server, as Globus groups them. */
export type TokensByResourceServer = Readonly<Record<string, Token>>;

export const indexByResourceServer = (tokens: readonly Token[]): TokensByResourceServer =>
  Object.fromEntries(tokens.map((t) => [t.resourceServer, t]));

/** Every distinct token string (access and refresh) that must be revoked at logout. */
export const revocableTokens = (tokens: TokensByResourceServer): string[] => {
  const all = Object.values(tokens).flatMap((t) => (t.refreshToken ? [t.accessToken, t.refreshToken] : [t.accessToken]));
  return [...new Set(all)];
};
