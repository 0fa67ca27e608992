import type { SessionId } from '../domain/session-id.js';
import type { TokenStore } from './ports/token-store.js';

/**
 * A session in use must not be ended by EndExpiredSessions: each time the browser is seen, its
 * end moves to its idle limit from now (the edge, which owns the limits, never passes one beyond
 * the absolute limit).
 */
export class KeepSessionAlive {
  constructor(private readonly store: TokenStore) {}

  execute(session: SessionId, until: number): Promise<void> {
    return this.store.keepAlive(session, until);
  }
}
