import { createHash } from 'node:crypto';
import type { TokenStore } from '../../application/ports/token-store.js';
import type { LoginAttempt } from '../../domain/login-attempt.js';
import type { SessionId } from '../../domain/session-id.js';
import { profileOf, type SessionProfile, type UserSession } from '../../domain/user-session.js';
import { isCluster, type RedisConnection } from './redis-client.js';
import { assertExecOk, callRedis } from './redis-errors.js';
import { OpenedProfiles } from '../shared/opened-profiles.js';
import type { SealingCipher } from '../shared/sealing-cipher.js';
import { lifetimeEndOf, openSealed, pendingAttemptsLimit, type TokenStoreOptions } from '../shared/token-store-options.js';
import { loginAttemptSchema, userSessionSchema } from '../shared/token-store-records.js';
import { PLACE_ATTEMPTS, ROTATE, TAKE_ATTEMPT, TAKE_ALL, TAKE_DUE } from './token-store-scripts.js';

export interface RedisTokenStoreOptions extends TokenStoreOptions {
  /** Namespace of every key, e.g. `globus-login:`. */
  readonly keyPrefix: string;
}

/**
 * TokenStore in Redis (standalone, Sentinel or Cluster).
 * - `<prefix>sess:{<id>}`: the sealed UserSession, `PX sessionTtlMs`.
 * - `<prefix>att:{<id>}`: a list of pending logins, oldest first, each entry
 *   `<sha256(state)>.<expiresAt base36>.<sealed attempt>`, capped, `PX attemptTtlMs` from the last put.
 * - `<prefix>lifetimes`: a sorted set of session ids by the end of their lifetime, so that
 *   `takeExpired` finds them without scanning; written beside the record, not atomically with it.
 * The `{<id>}` hash tag puts both keys of a session in one Cluster slot, so the scripts and
 * transactions on one session work in a Cluster too; the lifetimes set is a slot of its own,
 * updated by separate commands (a failure between them at worst leaves an id the reaper later
 * drops, or a record it never sees, which then expires by its TTL). Tokens and PKCE verifiers
 * are sealed with the cipher; states are stored only as hashes.
 * Every Redis failure is thrown as UpstreamUnavailable('Redis'). The caller owns the client.
 */
export class RedisTokenStore implements TokenStore {
  private readonly now: () => number;
  private readonly profiles: OpenedProfiles;
  private readonly maxPendingAttempts: number;

  constructor(
    private readonly redis: RedisConnection,
    private readonly cipher: SealingCipher,
    private readonly options: RedisTokenStoreOptions,
  ) {
    this.maxPendingAttempts = pendingAttemptsLimit(options);
    this.now = options.now ?? Date.now;
    this.profiles = new OpenedProfiles(options.profileCacheSize);
  }

  /** Appends a pending login, trims to the newest `maxPendingAttempts`, restarts the list's TTL. */
  async putAttempt(session: SessionId, attempt: LoginAttempt): Promise<void> {
    const key = this.attemptsKey(session);
    const expiresAt = this.now() + this.options.attemptTtlMs;
    const entry = `${stateHash(attempt.state)}.${expiresAt.toString(36)}.${this.cipher.encrypt(JSON.stringify(attempt))}`;
    await callRedis(async () =>
      assertExecOk(
        await this.redis
          .multi()
          .rpush(key, entry)
          .ltrim(key, -this.maxPendingAttempts, -1)
          .pexpire(key, this.options.attemptTtlMs)
          .exec(),
      ),
    );
  }

  /** Atomically removes and returns the pending login with this state; others stay. */
  async takeAttempt(session: SessionId, state: string): Promise<LoginAttempt | undefined> {
    const found = await callRedis(() => this.redis.eval(TAKE_ATTEMPT, 1, this.attemptsKey(session), `${stateHash(state)}.`));
    if (typeof found !== 'string') return undefined;
    const [, expiry, sealed] = splitEntry(found);
    if (parseInt(expiry, 36) <= this.now()) return undefined;
    const attempt = openSealed(this.cipher, sealed, (json) => loginAttemptSchema.parse(json));
    // A hash collision alone must never hand out another login's attempt.
    return attempt?.state === state ? attempt : undefined;
  }

  /** Replaces the session's user and restarts its `sessionTtlMs`; a replaced user keeps the session's end (ZADD NX). */
  async putSession(session: SessionId, user: UserSession): Promise<void> {
    const sealed = this.cipher.encrypt(JSON.stringify(user));
    // Two keys in two Cluster slots: two commands, sent together.
    await callRedis(() =>
      Promise.all([
        this.redis.set(this.sessionKey(session), sealed, 'PX', this.options.sessionTtlMs),
        this.redis.zadd(this.lifetimesKey(), 'NX', lifetimeEndOf(user, this.options), session),
      ]),
    );
    // The next page reads this profile at once (login redirects to it): no need to open the record again.
    this.profiles.remember(session, sealed, profileOf(user));
  }

  /** Moves the session's end, only while it is in the lifetimes set (ZADD XX): a session taken or logged out stays gone. */
  async keepAlive(session: SessionId, until: number): Promise<void> {
    await callRedis(() => this.redis.zadd(this.lifetimesKey(), 'XX', until, session));
  }

  /**
   * Claims the ids due in the lifetimes set (one script: an id goes to one instance only), then
   * takes each record with GETDEL. An id whose record is already gone (kept past its TTL while no
   * instance ran) is dropped from the set; one whose record Redis failed to hand over goes back
   * into it, due at once, for the next round. A record no configured key opens is deleted, as
   * logout does.
   */
  async takeExpired(limit: number): Promise<UserSession[]> {
    const claimed: unknown = await callRedis(() => this.redis.eval(TAKE_DUE, 1, this.lifetimesKey(), this.now(), limit));
    const sessions = (Array.isArray(claimed) ? claimed : []).filter((id): id is SessionId => typeof id === 'string');
    const taken = await Promise.allSettled(sessions.map((session) => this.takeRecord(session)));
    const untaken = sessions.filter((_, i) => taken[i]?.status === 'rejected');
    if (untaken.length > 0) {
      const now = this.now();
      await callRedis(() => this.redis.zadd(this.lifetimesKey(), ...untaken.flatMap((session) => [now, session])));
    }
    return taken.flatMap((outcome) => (outcome.status === 'fulfilled' && outcome.value !== undefined ? [outcome.value] : []));
  }

  /**
   * The logged-in user, or undefined when absent, expired or unreadable. Unreadable records
   * are left in place: another instance may still hold the key that opens them.
   */
  async getSession(session: SessionId): Promise<UserSession | undefined> {
    const sealed = await callRedis(() => this.redis.get(this.sessionKey(session)));
    return sealed === null ? undefined : openSealed(this.cipher, sealed, (json) => userSessionSchema.parse(json));
  }

  /**
   * The profile: one GET as for `getSession`, but the record is opened only when it differs
   * from the one this instance opened last for the session (see OpenedProfiles), so another
   * instance's logout or refresh is seen at once.
   */
  async getProfile(session: SessionId): Promise<SessionProfile | undefined> {
    const sealed = await callRedis(() => this.redis.get(this.sessionKey(session)));
    if (sealed === null) {
      this.profiles.forget(session);
      return undefined;
    }
    const known = this.profiles.get(session, sealed);
    if (known !== undefined) return known;
    const user = openSealed(this.cipher, sealed, (json) => userSessionSchema.parse(json));
    if (user === undefined) return undefined;
    const profile = profileOf(user);
    this.profiles.remember(session, sealed, profile);
    return profile;
  }

  /**
   * Moves pending logins to `to` (replacing any there, keeping their TTL) and deletes everything
   * of `from`. One Redis: one atomic script. Cluster: the two ids live in different slots, so it
   * takes two atomic steps — take (and delete) everything of `from`, then place the logins at
   * `to`. Between the steps the logins are at neither id, never at both, so none can be taken
   * twice; if the second step fails they are lost and those logins must be started again. That
   * suffices here: both ids belong to the browser in the middle of its login callback, and `to`
   * is fresh and unguessable, so no one else reads or writes it meanwhile.
   */
  async rotate(from: SessionId, to: SessionId): Promise<void> {
    if (from === to) return;
    this.profiles.forget(from);
    // A logged-in `from` (a re-login) leaves the lifetimes set with its record.
    await Promise.all([this.moveAttempts(from, to), callRedis(() => this.redis.zrem(this.lifetimesKey(), from))]);
  }

  private async moveAttempts(from: SessionId, to: SessionId): Promise<void> {
    if (!isCluster(this.redis)) {
      await callRedis(() => this.redis.eval(ROTATE, 3, this.attemptsKey(from), this.attemptsKey(to), this.sessionKey(from)));
      return;
    }
    const taken: unknown = await callRedis(() => this.redis.eval(TAKE_ALL, 2, this.attemptsKey(from), this.sessionKey(from)));
    const reply: readonly unknown[] = Array.isArray(taken) ? taken : [];
    const ttlMs = Number(reply[0]);
    const moving = reply.slice(1).filter((entry): entry is string => typeof entry === 'string');
    const keep = Number.isInteger(ttlMs) && ttlMs > 0 && moving.length > 0;
    await callRedis(() =>
      keep
        ? this.redis.eval(PLACE_ATTEMPTS, 1, this.attemptsKey(to), ttlMs, ...moving)
        : this.redis.del(this.attemptsKey(to)),
    );
  }

  /** Deletes the session's user and pending logins with one DEL, and its place in the lifetimes set. */
  async clear(session: SessionId): Promise<void> {
    this.profiles.forget(session);
    await callRedis(() => Promise.all([this.redis.del(this.sessionKey(session), this.attemptsKey(session)), this.redis.zrem(this.lifetimesKey(), session)]));
  }

  private sessionKey(session: SessionId): string {
    return `${this.options.keyPrefix}sess:{${session}}`;
  }

  /** GETDEL of the record (and DEL of its pending logins, same slot): only this caller gets it. */
  private async takeRecord(session: SessionId): Promise<UserSession | undefined> {
    this.profiles.forget(session);
    const results = await callRedis(() => this.redis.multi().getdel(this.sessionKey(session)).del(this.attemptsKey(session)).exec());
    assertExecOk(results);
    const sealed = results?.[0]?.[1];
    return typeof sealed === 'string' ? openSealed(this.cipher, sealed, (json) => userSessionSchema.parse(json)) : undefined;
  }

  private lifetimesKey(): string {
    return `${this.options.keyPrefix}lifetimes`;
  }

  private attemptsKey(session: SessionId): string {
    return `${this.options.keyPrefix}att:{${session}}`;
  }

}

/** 128 bits of sha256, base64url: identifies the state without storing it. */
const stateHash = (state: string): string => createHash('sha256').update(state).digest('base64url').slice(0, 22);

/** `<hash>.<expiry>.<sealed>`; the sealed part contains dots of its own. */
function splitEntry(entry: string): [hash: string, expiry: string, sealed: string] {
  const first = entry.indexOf('.');
  const second = entry.indexOf('.', first + 1);
  return [entry.slice(0, first), entry.slice(first + 1, second), entry.slice(second + 1)];
}
