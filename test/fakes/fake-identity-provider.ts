import type { AuthorizationRequest, CodeGrant, IdentityProvider } from '../../src/application/ports/identity-provider.js';
import { GrantRejected, IdTokenInvalid } from '../../src/domain/errors.js';
import type { Identity } from '../../src/domain/identity.js';
import type { Token } from '../../src/domain/token.js';

export const JANE: Identity = {
  sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f',
  name: 'Jane Doe',
  preferredUsername: 'jdoe@uchicago.edu',
  email: 'jdoe@uchicago.edu',
  organization: 'University of Chicago',
  identityProvider: '91ded6ab-0799-43a3-a1fc-52464472df0e',
  identityProviderDisplayName: 'University of Chicago',
};

export const token = (resourceServer: string, suffix: string, extra: Partial<Token> = {}): Token => ({
  resourceServer,
  accessToken: `access-${resourceServer}-${suffix}`,
  scope: resourceServer === 'auth.globus.org' ? 'openid profile email' : 'urn:globus:auth:scope:transfer.api.globus.org:all',
  expiresAt: Date.parse('2026-01-03T00:00:00Z'),
  ...extra,
});

/** In-memory IdentityProvider: one valid code, records what it was asked. */
export class FakeIdentityProvider implements IdentityProvider {
  readonly authorizationRequests: AuthorizationRequest[] = [];
  readonly exchanges: { code: string; verifier: string | undefined }[] = [];
  readonly revoked: string[] = [];
  readonly refreshed: string[] = [];
  grant: CodeGrant = { tokens: [token('auth.globus.org', '1'), token('transfer.api.globus.org', '1')], idToken: 'id-token' };
  identity: Identity = JANE;
  idTokenValid = true;
  failRevocationOf = new Set<string>();
  refreshResult: () => Promise<Token> = () => Promise.reject(new GrantRejected());

  constructor(private readonly validCode = 'good-code') {}

  authorizationUrl(request: AuthorizationRequest): string {
    this.authorizationRequests.push(request);
    return `https://auth.example/authorize?state=${request.state}`;
  }
  async exchangeCode(code: string, verifier: string | undefined): Promise<CodeGrant> {
    this.exchanges.push({ code, verifier });
    if (code !== this.validCode) throw new GrantRejected();
    return this.grant;
  }
  async verifyIdToken(idToken: string, nonce: string): Promise<Identity> {
    if (!this.idTokenValid || idToken !== this.grant.idToken || !nonce) throw new IdTokenInvalid('test says no');
    return this.identity;
  }
  async refresh(refreshToken: string): Promise<Token> {
    this.refreshed.push(refreshToken);
    return this.refreshResult();
  }
  async revoke(t: string): Promise<void> {
    if (this.failRevocationOf.has(t)) throw new Error('revocation failed');
    this.revoked.push(t);
  }
  logoutUrl(): string {
    return 'https://auth.example/v2/web/logout';
  }
}
