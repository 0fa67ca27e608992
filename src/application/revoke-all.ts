import type { Revocable } from '../domain/token.js';
import type { IdentityProvider } from './ports/identity-provider.js';

/** Revokes every token, in parallel; returns the resource servers whose tokens could not be revoked. */
export async function revokeAll(idp: IdentityProvider, items: readonly Revocable[]): Promise<string[]> {
  const outcomes = await Promise.allSettled(items.map((item) => idp.revoke(item.token)));
  const failed = items.filter((_, i) => outcomes[i]?.status === 'rejected').map((item) => item.resourceServer);
  return [...new Set(failed)];
}
