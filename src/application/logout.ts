import type { SessionId } from '../domain/session-id.js';
import { silentAuthEvents, type AuthEvents } from './ports/auth-events.js';
import type { IdentityProvider } from './ports/identity-provider.js';
import type { TokenStore } from './ports/token-store.js';
import { revokeSessionTokens } from './revoke-all.js';

export interface LogoutOutput {
  /** Globus Auth's logout page; the browser must navigate there itself. */
  readonly logoutUrl: string;
  /** Resource servers whose tokens Globus could not revoke (deleted locally all the same). */
  readonly unrevoked: readonly string[];
}

/** Revokes every token at Globus Auth, then forgets the session whatever Globus answered. */
export class Logout {
  constructor(
    private readonly idp: IdentityProvider,
    private readonly store: TokenStore,
    private readonly events: AuthEvents = silentAuthEvents,
  ) {}

  async execute(session: SessionId | undefined): Promise<LogoutOutput> {
    let unrevoked: string[] = [];
    if (session) {
      const user = await this.store.getSession(session);
      if (user) unrevoked = await revokeSessionTokens(this.idp, user, this.events);
      await this.store.clear(session);
    }
    return { logoutUrl: this.idp.logoutUrl(), unrevoked };
  }
}
