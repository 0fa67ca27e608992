import { atHash } from './id-token-signer.js';
import { identityBySub } from './identities.js';
import { identitySet, scopedClaims } from './identity-claims.js';
import { AUTH_RESOURCE_SERVER, tokenScopeString, type RequestedScope } from './scopes.js';
import type { FakeServices } from './services.js';
import type { AccessTokenRecord, TokenGrant } from './token-registry.js';
import type { CodeGrant } from './authorization-codes.js';

export interface TokenObject {
  access_token: string;
  expires_in: number;
  resource_server: string;
  scope: string;
  token_type: 'Bearer';
  refresh_token?: string;
  id_token?: string;
  state?: string;
}

/** Token response: `other_tokens` is always present (pitfall 1). */
export interface TokenResponse extends TokenObject {
  other_tokens: TokenObject[];
}

/** One group per resource server; auth.globus.org first so it lands at top level (pitfall 2). */
function groupByResourceServer(scopes: readonly RequestedScope[]): Map<string, RequestedScope[]> {
  const groups = new Map<string, RequestedScope[]>();
  const ordered = [...scopes.filter((s) => s.resourceServer === AUTH_RESOURCE_SERVER), ...scopes.filter((s) => s.resourceServer !== AUTH_RESOURCE_SERVER)];
  for (const scope of ordered) groups.set(scope.resourceServer, [...(groups.get(scope.resourceServer) ?? []), scope]);
  return groups;
}

function tokenObject(record: AccessTokenRecord, lifetimeSeconds: number): TokenObject {
  const token: TokenObject = {
    access_token: record.accessToken,
    expires_in: lifetimeSeconds,
    resource_server: record.resourceServer,
    scope: record.scope,
    token_type: 'Bearer',
  };
  if (record.refreshToken !== undefined) token.refresh_token = record.refreshToken;
  return token;
}

async function idToken(services: FakeServices, grant: CodeGrant, accessToken: string, lifetimeSeconds: number): Promise<string> {
  const identity = identityBySub(grant.sub);
  if (identity === undefined) throw new Error(`fake Globus: no identity ${grant.sub}`);
  const granted = new Set(grant.scopes.map((s) => s.base));
  // Clock skew shifts only the token's own times; auth_time is when the user really signed in.
  const iat = Math.floor(services.now() / 1000) + services.faults.clockSkewSeconds();
  const authTime = Math.floor(grant.authTime / 1000);
  const claims: Record<string, unknown> = {
    ...scopedClaims(identity, granted, authTime),
    iss: services.settings.issuer,
    aud: grant.clientId,
    iat,
    exp: iat + lifetimeSeconds,
    at_hash: atHash(accessToken),
  };
  if (granted.has('profile')) claims['identity_set'] = identitySet(identity, authTime);
  if (grant.nonce !== undefined) claims['nonce'] = grant.nonce;
  return services.signer.sign(claims);
}

/** authorization_code grant: one token per resource server, id_token when openid was granted. */
export async function issueForCode(services: FakeServices, grant: CodeGrant): Promise<TokenResponse> {
  const lifetime = services.faults.tokenLifetimeSeconds();
  const tokens = [...groupByResourceServer(grant.scopes)].map(([resourceServer, scopes]) => {
    const tokenGrant: TokenGrant = {
      clientId: grant.clientId,
      sub: grant.sub,
      resourceServer,
      scope: tokenScopeString(scopes),
      consentedScopes: scopes.map((s) => s.full),
      authTime: grant.authTime,
    };
    return services.tokens.issue(tokenGrant, lifetime, grant.offline ? 'new' : 'none', 'authorization_code');
  });
  const [top, ...others] = tokens.map((record) => tokenObject(record, lifetime));
  if (top === undefined) throw new Error('fake Globus: a grant without scopes reached the token endpoint');
  const response: TokenResponse = { ...top, other_tokens: others };
  if (top.resource_server === AUTH_RESOURCE_SERVER && grant.scopes.some((s) => s.base === 'openid')) {
    response.id_token = await idToken(services, grant, top.access_token, lifetime);
  }
  if (grant.state !== undefined) response.state = grant.state;
  return response;
}

/**
 * refresh_token grant: a single token at top level, the same refresh token echoed (fact sheet §9);
 * with rotation on, a new refresh token instead, and the one used retired.
 */
export function issueForRefresh(services: FakeServices, grant: TokenGrant, refreshToken: string): TokenResponse {
  const lifetime = services.faults.tokenLifetimeSeconds();
  const rotate = services.faults.rotatesRefreshTokens();
  const record = services.tokens.issue(grant, lifetime, rotate ? 'new' : { echo: refreshToken }, 'refresh_token');
  if (rotate) services.tokens.retireRefreshToken(refreshToken);
  return { ...tokenObject(record, lifetime), other_tokens: [] };
}
