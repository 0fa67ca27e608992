import type { UserSession } from '../../domain/user-session.js';
import type { SealingCipher } from './sealing-cipher.js';

/** What both token stores are told about lifetimes and limits. */
export interface TokenStoreOptions {
  /** How long a logged-in session's record is kept from its last `putSession` (reads do not extend it). */
  readonly sessionTtlMs: number;
  /**
   * How long a new session lasts from its `loggedInAt` unless `keepAlive` moves its end; then
   * `takeExpired` hands it out. Default: `sessionTtlMs`. The composition root keeps records an
   * hour longer than any session can last, so the reaper still finds them.
   */
  readonly sessionLifetimeMs?: number;
  /** Lifetime of a pending login from its `putAttempt`. */
  readonly attemptTtlMs: number;
  /** Pending logins kept per session; the oldest is dropped beyond this. Default 5. */
  readonly maxPendingAttempts?: number;
  /** Profiles kept open for `getProfile` (a fixed cost, not per session); oldest dropped first. Default 10 000. */
  readonly profileCacheSize?: number;
  /** Epoch milliseconds, for expiries and which sessions are due; injectable for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** `maxPendingAttempts`, defaulted and checked. */
export function pendingAttemptsLimit(options: TokenStoreOptions): number {
  const limit = options.maxPendingAttempts ?? 5;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('maxPendingAttempts must be a positive integer');
  return limit;
}

/** When `takeExpired` may hand a new session out (epoch ms), until `keepAlive` moves it. */
export const lifetimeEndOf = (user: UserSession, options: TokenStoreOptions): number =>
  user.loggedInAt + (options.sessionLifetimeMs ?? options.sessionTtlMs);

/** Decrypts and parses a sealed record; an unreadable one (tampered, or its key retired) counts as absent. */
export function openSealed<T>(cipher: SealingCipher, sealed: string, parse: (json: unknown) => T): T | undefined {
  try {
    return parse(JSON.parse(cipher.decrypt(sealed)));
  } catch {
    return undefined;
  }
}
