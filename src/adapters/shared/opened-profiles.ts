import type { SessionId } from '../../domain/session-id.js';
import type { SessionProfile } from '../../domain/user-session.js';

/**
 * Profiles of recently read sessions, each kept with the exact sealed record it was opened
 * from: pages read the profile on every request, and opening a record (AES-GCM, inflate, JSON)
 * is most of a page's cost. A lookup hits only when the store still holds that same record, so
 * a replaced, cleared or expired session is never answered from here. Bounded: a fixed cost,
 * not one per session; the oldest entry goes first. Holds profiles only, never tokens.
 */
export class OpenedProfiles {
  private readonly entries = new Map<SessionId, { readonly record: string; readonly profile: SessionProfile }>();

  constructor(private readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** The profile opened from `record`, if it is the one remembered for this session. */
  get(session: SessionId, record: string | undefined): SessionProfile | undefined {
    const entry = this.entries.get(session);
    if (entry === undefined) return undefined;
    if (entry.record === record) return entry.profile;
    this.entries.delete(session);
    return undefined;
  }

  remember(session: SessionId, record: string, profile: SessionProfile): void {
    this.entries.delete(session);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(session, { record, profile });
  }

  forget(session: SessionId): void {
    this.entries.delete(session);
  }

  /** Drops every entry whose session no longer holds its record (after a sweep). */
  retain(current: (session: SessionId) => string | undefined): void {
    for (const [session, entry] of this.entries) if (current(session) !== entry.record) this.entries.delete(session);
  }
}
