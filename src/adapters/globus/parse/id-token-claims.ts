import type { Identity } from '../../../domain/identity.js';

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Maps verified id_token claims to the domain Identity
 * (https://docs.globus.org/api/auth/reference/#oidc_userinfo_endpoint). Null without a usable `sub`.
 */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>): Identity | null {
  const sub = stringOrNull(claims['sub']);
  if (sub === null) return null;
  return {
    sub,
    name: stringOrNull(claims['name']),
    preferredUsername: stringOrNull(claims['preferred_username']),
    email: stringOrNull(claims['email']),
    organization: stringOrNull(claims['organization']),
    identityProvider: stringOrNull(claims['identity_provider']),
    identityProviderDisplayName: stringOrNull(claims['identity_provider_display_name']),
  };
}
