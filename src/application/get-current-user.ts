import type { SessionId } from '../domain/session-id.js';
import type { UserSession } from '../domain/user-session.js';
import type { TokenStore } from './ports/token-store.js';

/** Who is logged in on this session, if anyone. */
export class GetCurrentUser {
  constructor(private readonly store: TokenStore) {}

  async execute(session: SessionId | undefined): Promise<UserSession | undefined> {
    return session ? this.store.getSession(session) : undefined;
  }
}
