import { silentAuthEvents, type AuthEvents } from './ports/auth-events.js';
import type { IdentityProvider } from './ports/identity-provider.js';
import type { TokenStore } from './ports/token-store.js';
import { revokeSessionTokens } from './revoke-all.js';

export interface EndedSessions {
  /** Sessions taken from the store (their tokens are gone from it, revoked or not). */
  readonly ended: number;
  /** Of those, sessions with a token Globus could not revoke. */
  readonly unrevoked: number;
}

/**
 * Logs out sessions whose lifetime ran out while nobody used them: a browser that never comes
 * back must not leave live tokens at Globus (refresh tokens stay valid for months).
 */
export class EndExpiredSessions {
  constructor(
    private readonly idp: IdentityProvider,
    private readonly store: TokenStore,
    private readonly events: AuthEvents = silentAuthEvents,
  ) {}

  /** Ends at most `limit` expired sessions, one after another so Globus sees no burst. */
  async execute(limit: number): Promise<EndedSessions> {
    const expired = await this.store.takeExpired(limit);
    let unrevoked = 0;
    for (const user of expired) {
      const failed = await revokeSessionTokens(this.idp, user, this.events);
      if (failed.length > 0) unrevoked += 1;
    }
    return { ended: expired.length, unrevoked };
  }
}
