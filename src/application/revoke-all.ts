import { revocablesOf, type Revocable } from '../domain/token.js';
import type { UserSession } from '../domain/user-session.js';
import { silentAuthEvents, type AuthEvents } from './ports/auth-events.js';
import type { IdentityProvider } from './ports/identity-provider.js';

/** Revokes every token, in parallel; returns the resource servers whose tokens could not be revoked. */
export async function revokeAll(idp: IdentityProvider, items: readonly Revocable[], events: AuthEvents = silentAuthEvents): Promise<string[]> {
  const outcomes = await Promise.allSettled(items.map((item) => idp.revoke(item.token)));
  outcomes.forEach((o, i) => events.tokenRevoked(o.status === 'fulfilled' ? 'success' : 'failed', items[i]?.resourceServer ?? 'unknown'));
  const failed = items.filter((_, i) => outcomes[i]?.status === 'rejected').map((item) => item.resourceServer);
  return [...new Set(failed)];
}

/** Revokes every access and refresh token a session holds; the resource servers Globus would not revoke. */
export const revokeSessionTokens = (idp: IdentityProvider, user: UserSession, events: AuthEvents = silentAuthEvents): Promise<string[]> =>
  revokeAll(idp, revocablesOf(Object.values(user.tokens)), events);
