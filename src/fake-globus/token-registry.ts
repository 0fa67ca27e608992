import { newOpaqueToken } from './random.js';
import type { IssuedToken } from './types.js';

/** What a grant authorised for one resource server. */
export interface TokenGrant {
  clientId: string;
  sub: string;
  resourceServer: string;
  /** Space-separated scope string as returned in the token response. */
  scope: string;
  /** Full requested scope strings (with dependencies), for ConsentRequired checks. */
  consentedScopes: string[];
  /** Epoch ms of the sign-in that produced the grant. */
  authTime: number;
}

export interface AccessTokenRecord extends TokenGrant {
  accessToken: string;
  refreshToken?: string;
  grantType: IssuedToken['grant'];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

interface RefreshTokenRecord extends TokenGrant {
  refreshToken: string;
  revoked: boolean;
  /** Replaced by a rotated one: refused like an unknown token, yet not revoked. */
  retired: boolean;
}

export type RefreshMode = 'none' | 'new' | { echo: string };

/** Copy only the grant fields, so records passed back in never leak their own state. */
function grantOf(source: TokenGrant): TokenGrant {
  const { clientId, sub, resourceServer, scope, consentedScopes, authTime } = source;
  return { clientId, sub, resourceServer, scope, consentedScopes: [...consentedScopes], authTime };
}

/** Every token the fake issued: lookups for Auth and Transfer, revocation, inspection. */
export class TokenRegistry {
  private readonly access = new Map<string, AccessTokenRecord>();
  private readonly refresh = new Map<string, RefreshTokenRecord>();
  private readonly revoked: string[] = [];

  constructor(private readonly now: () => number) {}

  /** Issue an access token, with no refresh token, a new one, or an existing one echoed back. */
  issue(grant: TokenGrant, lifetimeSeconds: number, refresh: RefreshMode, grantType: IssuedToken['grant']): AccessTokenRecord {
    const issuedAt = this.now();
    const record: AccessTokenRecord = {
      ...grantOf(grant),
      accessToken: newOpaqueToken(),
      grantType,
      issuedAt,
      expiresAt: issuedAt + lifetimeSeconds * 1000,
      revoked: false,
    };
    if (refresh === 'new') {
      record.refreshToken = newOpaqueToken();
      this.refresh.set(record.refreshToken, { ...grantOf(grant), refreshToken: record.refreshToken, revoked: false, retired: false });
    } else if (refresh !== 'none') {
      record.refreshToken = refresh.echo;
    }
    this.access.set(record.accessToken, record);
    return record;
  }

  /** Active = known, not revoked, not expired. */
  activeAccessToken(token: string): AccessTokenRecord | undefined {
    const record = this.access.get(token);
    return record !== undefined && !record.revoked && record.expiresAt > this.now() ? record : undefined;
  }

  activeRefreshToken(token: string): TokenGrant | undefined {
    const record = this.refresh.get(token);
    return record !== undefined && !record.revoked && !record.retired ? grantOf(record) : undefined;
  }

  /** A rotated-away refresh token stops working; unlike revoke() it is not listed in revokedTokens(). */
  retireRefreshToken(token: string): void {
    const record = this.refresh.get(token);
    if (record !== undefined) record.retired = true;
  }

  /**
   * Revoke exactly the given token (access or refresh) if `clientId` owns it. Sibling tokens stay
   * valid on purpose: an app that only revokes some of its tokens should see that in tests.
   */
  revoke(token: string, clientId: string): void {
    const record = this.access.get(token) ?? this.refresh.get(token);
    if (record === undefined || record.clientId !== clientId || record.revoked) return;
    record.revoked = true;
    this.revoked.push(token);
  }

  expireAllAccessTokens(): void {
    const now = this.now();
    for (const record of this.access.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  revokedTokens(): string[] {
    return [...this.revoked];
  }

  snapshot(): IssuedToken[] {
    return [...this.access.values()].map((record) => {
      const issued: IssuedToken = {
        access_token: record.accessToken,
        resource_server: record.resourceServer,
        scope: record.scope,
        sub: record.sub,
        client_id: record.clientId,
        revoked: record.revoked,
        refreshRevoked: record.refreshToken === undefined ? false : this.refresh.get(record.refreshToken)?.revoked === true,
        grant: record.grantType,
        issuedAt: new Date(record.issuedAt),
        expiresAt: new Date(record.expiresAt),
      };
      if (record.refreshToken !== undefined) issued.refresh_token = record.refreshToken;
      return issued;
    });
  }
}
