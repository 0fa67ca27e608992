import { dropExpired, payloadOf, readLive, settle, withExpiry } from './expiring-entries.js';

/** JSON this process wrote from koa-session's object in `set`; no schema needed to read it back. */
function parseRecord(json: string): Record<string, unknown> | undefined {
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** koa-session's default cookie lifetime, used when it passes `maxAge: 'session'`. */
const ONE_DAY_MS = 24 * 60 * 60 * 1000;

export interface InMemorySessionStoreOptions {
  /** Entries kept at most; beyond it the least recently written is evicted. Default 100 000. */
  readonly maxEntries?: number;
  /** Lifetime when koa-session passes `maxAge: 'session'` (browser-session cookies). Default 1 day. */
  readonly sessionCookieTtlMs?: number;
  /**
   * Told about a session the cap pushed out, so its tokens can be revoked and deleted rather than
   * left unreachable until they expire.
   */
  readonly onEvict?: (session: Record<string, unknown>) => void;
  /** How often expired entries are swept. Default 60 s. */
  readonly sweepIntervalMs?: number;
  /** Epoch milliseconds; injectable for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * koa-session external `store` in process memory: the cookie carries only koa-session's key,
 * this holds the small session object as JSON with a TTL of `maxAge`. Memory is bounded by
 * `maxEntries`. Call `close()` to stop the sweep timer.
 */
export class InMemorySessionStore {
  private readonly entries = new Map<string, string>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: InMemorySessionStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => dropExpired(this.entries, this.now()), options.sweepIntervalMs ?? 60_000);
    this.sweeper.unref();
  }

  /** The session object stored under `key`, or undefined when absent or expired. */
  get(key: string): Promise<Record<string, unknown> | undefined> {
    return settle(() => {
      const json = readLive(this.entries, key, this.now());
      if (json === undefined) return undefined;
      return parseRecord(json);
    });
  }

  /** Stores `sess` as JSON for `maxAge` ms, replacing what was there. */
  set(key: string, sess: unknown, maxAge: number | 'session' | undefined): Promise<void> {
    return settle(() => {
      const json = JSON.stringify(sess);
      if (typeof json !== 'string') throw new TypeError('session data must be JSON-serialisable');
      const ttl = typeof maxAge === 'number' ? maxAge : (this.options.sessionCookieTtlMs ?? ONE_DAY_MS);
      // Re-inserting moves the key to the end of the Map's order, which eviction relies on.
      this.entries.delete(key);
      this.evictOverflow();
      this.entries.set(key, withExpiry(this.now() + ttl, json));
    });
  }

  /** Forgets the session stored under `key`. */
  destroy(key: string): Promise<void> {
    return settle(() => {
      this.entries.delete(key);
    });
  }

  /** Number of live sessions (sweeps expired ones first), for a sessions-active metric. */
  size(): number {
    dropExpired(this.entries, this.now());
    return this.entries.size;
  }

  /** Stops the sweep timer. */
  close(): void {
    clearInterval(this.sweeper);
  }

  private evictOverflow(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size < this.maxEntries) return;
      this.entries.delete(key);
      const evicted = parseRecord(payloadOf(entry));
      if (evicted !== undefined) this.options.onEvict?.(evicted);
    }
  }
}
