import type { LoginAttempt } from '../../domain/login-attempt.js';
import type { SessionId } from '../../domain/session-id.js';
import type { SessionProfile, UserSession } from '../../domain/user-session.js';

/**
 * Server-side auth state of each browser session: pending logins and the logged-in user's
 * tokens. Implementations: in-memory (demo, tests) and Redis; both encrypt tokens at rest.
 */
export interface TokenStore {
  /** Remembers a pending login; keeps only the newest few per session so state never grows. */
  putAttempt(session: SessionId, attempt: LoginAttempt): Promise<void>;
  /** Reads and deletes in one step, so a callback can be redeemed once. */
  takeAttempt(session: SessionId, state: string): Promise<LoginAttempt | undefined>;
  /**
   * Replaces (never merges) the logged-in user of a session. A new session lasts the store's
   * `sessionLifetimeMs` from `loggedInAt`; replacing the user (a token refresh) leaves that end
   * where it was.
   */
  putSession(session: SessionId, user: UserSession): Promise<void>;
  getSession(session: SessionId): Promise<UserSession | undefined>;
  /** Who is logged in, without the tokens: for pages that use none, so stores may skip opening them. */
  getProfile(session: SessionId): Promise<SessionProfile | undefined>;
  /** Moves pending logins to a new session id (login rotates the id); the old id is left empty. */
  rotate(from: SessionId, to: SessionId): Promise<void>;
  /** Deletes everything of the session. */
  clear(session: SessionId): Promise<void>;
  /** The session is in use: it lasts until `until` (epoch ms). Does nothing for a session with no user. */
  keepAlive(session: SessionId, until: number): Promise<void>;
  /**
   * Takes (reads and deletes) at most `limit` sessions whose lifetime has run out, each handed to
   * one caller only, so their tokens can be revoked. Stores keep a session's record a while past
   * its lifetime precisely so that it can still be taken.
   */
  takeExpired(limit: number): Promise<UserSession[]>;
}
