import { randomBytes } from 'node:crypto';
import type { LoginAttempt } from '../../../src/domain/login-attempt.js';
import { asSessionId, type SessionId } from '../../../src/domain/session-id.js';
import { AUTH_RESOURCE_SERVER, TRANSFER_RESOURCE_SERVER, type Token } from '../../../src/domain/token.js';
import type { UserSession } from '../../../src/domain/user-session.js';

// Every secret is random, so finding it in a raw dump can only mean it was stored in clear.
// Sizes are Globus's: ~100-character tokens, 32-byte state, nonce and verifier.
const random32 = (): string => randomBytes(32).toString('base64url');
const globusToken = (): string => `Ag${randomBytes(73).toString('base64url')}`;

export const aSessionId = (): SessionId => asSessionId(randomBytes(32).toString('base64url'));

export const anAttempt = (overrides: Partial<LoginAttempt> = {}): LoginAttempt => ({
  state: random32(),
  nonce: random32(),
  codeVerifier: random32(),
  returnTo: '/endpoints?filter=mine',
  scopes: ['openid', 'profile', 'email', 'urn:globus:auth:scope:transfer.api.globus.org:all'],
  createdAt: 1_767_225_600_000,
  ...overrides,
});

/** An attempt made with PKCE switched off: no `codeVerifier` key at all. */
export const anAttemptWithoutPkce = (): LoginAttempt => {
  const { state, nonce, returnTo, scopes, createdAt } = anAttempt();
  return { state, nonce, returnTo, scopes, createdAt };
};

const aToken = (resourceServer: string, scope: string, withRefresh: boolean): Token => ({
  resourceServer,
  accessToken: globusToken(),
  ...(withRefresh ? { refreshToken: globusToken() } : {}),
  scope,
  expiresAt: 1_767_229_200_000,
});

export const aUserSession = (options: { transfer?: boolean; refresh?: boolean } = {}): UserSession => {
  const tokens = [aToken(AUTH_RESOURCE_SERVER, 'profile email openid', options.refresh ?? true)];
  if (options.transfer ?? true) {
    tokens.push(aToken(TRANSFER_RESOURCE_SERVER, 'urn:globus:auth:scope:transfer.api.globus.org:all', options.refresh ?? true));
  }
  return {
    identity: {
      sub: 'c8aad43e-d274-11e5-bf98-8b02896cf782',
      name: 'Ada Lovelace',
      preferredUsername: 'ada@globusid.org',
      email: 'ada@example.org',
      organization: null,
      identityProvider: '41143743-f3c8-4d60-bbdb-eeecaba85bd9',
      identityProviderDisplayName: 'Globus ID',
    },
    tokens: Object.fromEntries(tokens.map((t) => [t.resourceServer, t])),
    grantedScopes: tokens.flatMap((t) => t.scope.split(' ')),
    loggedInAt: 1_767_225_700_000,
  };
};

/** Every access and refresh token string of a session. */
export const tokenStringsOf = (user: UserSession): string[] =>
  Object.values(user.tokens).flatMap((t) => (t.refreshToken ? [t.accessToken, t.refreshToken] : [t.accessToken]));
