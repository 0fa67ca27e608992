import type { TokenStore } from '../../src/application/ports/token-store.js';
import type { LoginAttempt } from '../../src/domain/login-attempt.js';
import type { SessionId } from '../../src/domain/session-id.js';
import { profileOf, type SessionProfile, type UserSession } from '../../src/domain/user-session.js';

/** Plain Map TokenStore for use-case tests; the real stores pass the shared contract suite. */
export class MapTokenStore implements TokenStore {
  constructor(
    private readonly lifetimeMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  readonly attempts = new Map<SessionId, LoginAttempt[]>();
  readonly sessions = new Map<SessionId, UserSession>();

  async putAttempt(session: SessionId, attempt: LoginAttempt): Promise<void> {
    this.attempts.set(session, [...(this.attempts.get(session) ?? []), attempt].slice(-5));
  }
  async takeAttempt(session: SessionId, state: string): Promise<LoginAttempt | undefined> {
    const list = this.attempts.get(session) ?? [];
    const found = list.find((a) => a.state === state);
    if (found) this.attempts.set(session, list.filter((a) => a !== found));
    return found;
  }
  /** Each session's end, as the stores keep it: set by the first put, moved by keepAlive. */
  readonly ends = new Map<SessionId, number>();

  async putSession(session: SessionId, user: UserSession): Promise<void> {
    if (!this.sessions.has(session)) this.ends.set(session, user.loggedInAt + this.lifetimeMs);
    this.sessions.set(session, user);
  }
  async keepAlive(session: SessionId, until: number): Promise<void> {
    if (this.sessions.has(session)) this.ends.set(session, until);
  }
  async getSession(session: SessionId): Promise<UserSession | undefined> {
    return this.sessions.get(session);
  }
  async getProfile(session: SessionId): Promise<SessionProfile | undefined> {
    const user = this.sessions.get(session);
    return user && profileOf(user);
  }
  async rotate(from: SessionId, to: SessionId): Promise<void> {
    this.attempts.set(to, this.attempts.get(from) ?? []);
    this.attempts.delete(from);
    this.sessions.delete(from);
    this.ends.delete(from);
  }
  async clear(session: SessionId): Promise<void> {
    this.attempts.delete(session);
    this.sessions.delete(session);
    this.ends.delete(session);
  }
  /** Every session whose end has passed by `now()`. */
  async takeExpired(limit: number): Promise<UserSession[]> {
    const due = [...this.sessions].filter(([session]) => (this.ends.get(session) ?? Number.POSITIVE_INFINITY) <= this.now()).slice(0, limit);
    for (const [session] of due) void this.clear(session);
    return due.map(([, user]) => user);
  }
}
