import type { TokenStore } from '../../application/ports/token-store.js';
import type { LoginAttempt } from '../../domain/login-attempt.js';
import type { SessionId } from '../../domain/session-id.js';
import { profileOf, type SessionProfile, type UserSession } from '../../domain/user-session.js';
import { dropExpired, expiryOf, payloadOf, readLive, settle, withExpiry } from './expiring-entries.js';
import { OpenedProfiles } from '../shared/opened-profiles.js';
import type { SealingCipher } from '../shared/sealing-cipher.js';
import { lifetimeEndOf, openSealed, pendingAttemptsLimit, type TokenStoreOptions } from '../shared/token-store-options.js';
import { type PendingAttempts, pendingAttemptsSchema } from '../shared/token-store-records.js';

export interface InMemoryTokenStoreOptions extends TokenStoreOptions {
  /** How often expired records are swept. Default 60 s. */
  readonly sweepIntervalMs?: number;
}

/**
 * TokenStore in process memory, for the demo and tests. Every record is sealed with the
 * cipher, so a heap dump holds no usable token or PKCE verifier. Expired records vanish on
 * read and on a periodic sweep; call `close()` to stop the sweep timer.
 * A session's entry is `withExpiry(kept until, withExpiry(lifetime ends, sealed user))`: the
 * end of its lifetime is read without opening the record.
 */
export class InMemoryTokenStore implements TokenStore {
  private readonly sessions = new Map<SessionId, string>();
  /** All pending logins of a session sealed together: one string per session. */
  private readonly attempts = new Map<SessionId, string>();
  private readonly profiles: OpenedProfiles;
  private readonly maxPendingAttempts: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly cipher: SealingCipher,
    private readonly options: InMemoryTokenStoreOptions,
  ) {
    this.maxPendingAttempts = pendingAttemptsLimit(options);
    this.profiles = new OpenedProfiles(options.profileCacheSize);
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 60_000);
    this.sweeper.unref();
  }

  /** Remembers a pending login; beyond `maxPendingAttempts` the oldest is dropped. */
  putAttempt(session: SessionId, attempt: LoginAttempt): Promise<void> {
    return settle(() => {
      const now = this.now();
      const pending = [...this.readAttempts(session, now), { e: now + this.options.attemptTtlMs, a: attempt }];
      this.writeAttempts(session, pending.slice(-this.maxPendingAttempts));
    });
  }

  /** Returns and deletes the pending login with this state; others stay. */
  takeAttempt(session: SessionId, state: string): Promise<LoginAttempt | undefined> {
    return settle(() => {
      const pending = this.readAttempts(session, this.now());
      const index = pending.findIndex((p) => p.a.state === state);
      if (index < 0) return undefined;
      const [taken] = pending.splice(index, 1);
      this.writeAttempts(session, pending);
      return taken?.a;
    });
  }

  /** Replaces the session's user and restarts its `sessionTtlMs`; a replaced user keeps the session's end. */
  putSession(session: SessionId, user: UserSession): Promise<void> {
    return settle(() => {
      const now = this.now();
      const sealed = this.cipher.encrypt(JSON.stringify(user));
      const existing = readLive(this.sessions, session, now);
      const endsAt = existing === undefined ? lifetimeEndOf(user, this.options) : expiryOf(existing);
      const entry = withExpiry(now + this.options.sessionTtlMs, withExpiry(endsAt, sealed));
      this.sessions.set(session, entry);
      // The next page reads this profile at once (login redirects to it): no need to open the record again.
      this.profiles.remember(session, payloadOf(entry), profileOf(user));
    });
  }

  /** Moves the session's end; its record, and how long that is kept, stay as they are. */
  keepAlive(session: SessionId, until: number): Promise<void> {
    return settle(() => {
      const entry = this.sessions.get(session);
      const record = readLive(this.sessions, session, this.now());
      if (entry === undefined || record === undefined) return;
      this.sessions.set(session, withExpiry(expiryOf(entry), withExpiry(until, payloadOf(record))));
    });
  }

  /** The logged-in user, or undefined when absent, expired or unreadable (e.g. its key was retired). */
  getSession(session: SessionId): Promise<UserSession | undefined> {
    return settle(() => this.openSession(session, readLive(this.sessions, session, this.now())));
  }

  /** Takes sessions past their lifetime (a scan of the entries: once a reaper round, not per request). */
  takeExpired(limit: number): Promise<UserSession[]> {
    return settle(() => {
      const now = this.now();
      const taken: UserSession[] = [];
      for (const [session, entry] of this.sessions) {
        if (taken.length >= limit) break;
        const record = payloadOf(entry);
        if (expiryOf(record) > now) continue;
        const user = this.openSession(session, record);
        this.clearNow(session);
        if (user !== undefined) taken.push(user);
      }
      return taken;
    });
  }

  /** The profile, opened once per stored record (see OpenedProfiles). */
  getProfile(session: SessionId): Promise<SessionProfile | undefined> {
    return settle(() => {
      const record = readLive(this.sessions, session, this.now());
      const known = this.profiles.get(session, record);
      if (known !== undefined || record === undefined) return known;
      const user = this.openSession(session, record);
      if (user === undefined) return undefined;
      const profile = profileOf(user);
      this.profiles.remember(session, record, profile);
      return profile;
    });
  }

  /** Moves pending logins to `to` (replacing any there) and deletes everything of `from`. */
  rotate(from: SessionId, to: SessionId): Promise<void> {
    return settle(() => {
      if (from === to) return;
      // Records are not bound to the session id, so the sealed string moves as is.
      const pending = this.attempts.get(from);
      if (pending !== undefined) this.attempts.set(to, pending);
      this.clearNow(from);
    });
  }

  /** Deletes the session's user and pending logins. */
  clear(session: SessionId): Promise<void> {
    return settle(() => this.clearNow(session));
  }

  /** Drops every expired record; runs periodically, callable directly. */
  sweep(): void {
    const now = this.now();
    dropExpired(this.sessions, now);
    dropExpired(this.attempts, now);
    this.profiles.retain((session) => {
      const entry = this.sessions.get(session);
      return entry === undefined ? undefined : payloadOf(entry);
    });
  }

  /** The raw stored strings, as a heap dump would show them; for tests and diagnostics. */
  dumpRaw(): string {
    return JSON.stringify({ sessions: [...this.sessions], attempts: [...this.attempts] });
  }

  /** Stops the sweep timer; the store keeps working, without the periodic sweep. */
  close(): void {
    clearInterval(this.sweeper);
  }

  private clearNow(session: SessionId): void {
    this.sessions.delete(session);
    this.profiles.forget(session);
    this.attempts.delete(session);
  }

  /** Opens a session record (`withExpiry(lifetime ends, sealed user)`); an unreadable one is deleted. */
  private openSession(session: SessionId, record: string | undefined): UserSession | undefined {
    if (record === undefined) return undefined;
    // Authenticated by AES-GCM and sealed by this process only: no re-validation.
    const user = openSealed(this.cipher, payloadOf(record), (json) => json as UserSession);
    if (user === undefined) this.sessions.delete(session);
    return user;
  }

  private readAttempts(session: SessionId, now: number): PendingAttempts {
    const sealed = readLive(this.attempts, session, now);
    if (sealed === undefined) return [];
    const pending = openSealed(this.cipher, sealed, (json) => pendingAttemptsSchema.parse(json));
    if (pending === undefined) this.attempts.delete(session);
    return (pending ?? []).filter((p) => p.e > now);
  }

  private writeAttempts(session: SessionId, pending: PendingAttempts): void {
    if (pending.length === 0) {
      this.attempts.delete(session);
      return;
    }
    const expiresAt = Math.max(...pending.map((p) => p.e));
    this.attempts.set(session, withExpiry(expiresAt, this.cipher.encrypt(JSON.stringify(pending))));
  }

}
