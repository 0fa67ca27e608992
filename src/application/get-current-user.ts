import type { SessionId } from '../domain/session-id.js';
import type { SessionProfile } from '../domain/user-session.js';
import type { TokenStore } from './ports/token-store.js';

/** Who is logged in on this session, if anyone: the profile only, tokens stay sealed. */
export class GetCurrentUser {
  constructor(private readonly store: TokenStore) {}

  async execute(session: SessionId | undefined): Promise<SessionProfile | undefined> {
    return session ? this.store.getProfile(session) : undefined;
  }
}
