import type { Redis } from 'ioredis';
import { z } from 'zod';
import { isCluster, pingRedis, type RedisConnection } from './redis-client.js';
import { callRedis } from './redis-errors.js';

const sessionDataSchema = z.record(z.string(), z.unknown());

/** koa-session's default cookie lifetime, used when it passes `maxAge: 'session'`. */
const ONE_DAY_MS = 24 * 60 * 60 * 1000;

export interface RedisSessionStoreOptions {
  /** Namespace of every key; entries live at `<keyPrefix>ks:<key>`. */
  readonly keyPrefix: string;
  /** Lifetime when koa-session passes `maxAge: 'session'` (browser-session cookies). Default 1 day. */
  readonly sessionCookieTtlMs?: number;
}

/**
 * koa-session external `store` in Redis: the session object as JSON with `PX maxAge`.
 * Failures are thrown as UpstreamUnavailable('Redis'). The caller owns the client.
 */
export class RedisSessionStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisSessionStoreOptions,
  ) {}

  /** The session object stored under `key`, or undefined when absent, expired or not an object. */
  async get(key: string): Promise<Record<string, unknown> | undefined> {
    const json = await callRedis(() => this.redis.get(this.key(key)));
    if (json === null) return undefined;
    const parsed = sessionDataSchema.safeParse(parseJson(json));
    return parsed.success ? parsed.data : undefined;
  }

  /** Stores `sess` as JSON for `maxAge` ms, replacing what was there. */
  async set(key: string, sess: unknown, maxAge: number | 'session' | undefined): Promise<void> {
    const json = JSON.stringify(sess);
    if (typeof json !== 'string') throw new TypeError('session data must be JSON-serialisable');
    const ttl = typeof maxAge === 'number' ? maxAge : (this.options.sessionCookieTtlMs ?? ONE_DAY_MS);
    await callRedis(() => this.redis.set(this.key(key), json, 'PX', Math.max(1, Math.ceil(ttl))));
  }

  /** Forgets the session stored under `key`. */
  async destroy(key: string): Promise<void> {
    await callRedis(() => this.redis.del(this.key(key)));
  }

  /**
   * How many session objects live under this prefix, for a sessions-active gauge: one
   * non-blocking SCAN over the keyspace (COUNT 1000 per round trip) — of every master in a
   * Cluster — so call it seldom (the metrics adapter caches it) and prefer a Redis database
   * of the app's own.
   */
  async count(): Promise<number> {
    const match = `${globEscape(this.options.keyPrefix)}ks:*`;
    return callRedis(async () => {
      if (!isCluster(this.redis)) return countKeys(this.redis, match);
      const masters = this.redis.nodes('master');
      if (masters.length === 0) throw new Error('no Redis Cluster master is known yet');
      const counts = await Promise.all(masters.map((node) => countKeys(node, match)));
      return counts.reduce((a, b) => a + b, 0);
    });
  }

  /** Readiness probe: connected and answering PING. Never throws. */
  isReady(): Promise<boolean> {
    return pingRedis(this.redis);
  }

  private key(key: string): string {
    return `${this.options.keyPrefix}ks:${key}`;
  }
}

/** Keys of one Redis matching `match`, by SCAN. */
function countKeys(redis: Redis, match: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let total = 0;
    const stream = redis.scanStream({ match, count: 1000 });
    stream.on('data', (keys: unknown) => {
      if (Array.isArray(keys)) total += keys.length;
    });
    stream.on('end', () => resolve(total));
    stream.on('error', reject);
  });
}

/** A prefix taken literally in a SCAN MATCH pattern. */
const globEscape = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
