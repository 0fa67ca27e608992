import type { DemoIdentity, IdentityRecord } from './identities.js';

export const VIEW_IDENTITY_SET = 'urn:globus:auth:scope:auth.globus.org:view_identity_set';

export interface IdentitySetEntry extends IdentityRecord {
  last_authentication: number | null;
}

/** The identity set: the signed-in identity first, linked ones with last_authentication null. */
export function identitySet(identity: DemoIdentity, authTimeSeconds: number): IdentitySetEntry[] {
  const primary: IdentitySetEntry = {
    sub: identity.sub,
    username: identity.username,
    name: identity.name,
    email: identity.email,
    organization: identity.organization,
    identity_provider: identity.identity_provider,
    identity_provider_display_name: identity.identity_provider_display_name,
    last_authentication: authTimeSeconds,
  };
  return [
    primary,
    ...identity.linked.map((linked) => ({ ...linked, last_authentication: null })),
  ];
}

/** Claims that depend on granted scopes, shared by userinfo and the id_token (fact sheet §4, §5). */
export function scopedClaims(identity: DemoIdentity, granted: ReadonlySet<string>, authTimeSeconds: number): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: identity.sub };
  if (granted.has('profile')) {
    Object.assign(claims, {
      preferred_username: identity.username,
      name: identity.name,
      organization: identity.organization,
      identity_provider: identity.identity_provider,
      identity_provider_display_name: identity.identity_provider_display_name,
      last_authentication: authTimeSeconds,
    });
  }
  if (granted.has('email')) claims['email'] = identity.email;
  return claims;
}
