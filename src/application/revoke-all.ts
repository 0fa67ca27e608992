import type { Revocable } from '../domain/token.js';
import { silentAuthEvents, type AuthEvents } from './ports/auth-events.js';
import type { IdentityProvider } from './ports/identity-provider.js';

/** Revokes every token, in parallel; returns the resource servers whose tokens could not be revoked. */
export async function revokeAll(idp: IdentityProvider, items: readonly Revocable[], events: AuthEvents = silentAuthEvents): Promise<string[]> {
  const outcomes = await Promise.allSettled(items.map((item) => idp.revoke(item.token)));
  outcomes.forEach((o, i) => events.tokenRevoked(o.status === 'fulfilled' ? 'success' : 'failed', items[i]?.resourceServer ?? 'unknown'));
  const failed = items.filter((_, i) => outcomes[i]?.status === 'rejected').map((item) => item.resourceServer);
  return [...new Set(failed)];
}
