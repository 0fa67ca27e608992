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

/** A token string to revoke, with its resource server for logging (never the token itself). */
export interface Revocable {
  readonly token: string;
  readonly resourceServer: string;
}

/** Every access and refresh token held: Globus may not revoke one with the other. */
export const revocablesOf = (tokens: Iterable<Token>): Revocable[] => {
  const seen = new Map<string, Revocable>();
  for (const t of tokens) {
    for (const token of t.refreshToken ? [t.accessToken, t.refreshToken] : [t.accessToken]) {
      seen.set(token, { token, resourceServer: t.resourceServer });
    }
  }
  return [...seen.values()];
};
