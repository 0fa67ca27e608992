import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { createRedisClient, isCluster, type RedisConnection, waitUntilReady } from '../../../src/adapters/redis/redis-client.js';
import { RedisSessionStore } from '../../../src/adapters/redis/redis-session-store.js';
import { RedisTokenStore } from '../../../src/adapters/redis/redis-token-store.js';
import type { SealingCipher } from '../../../src/adapters/shared/sealing-cipher.js';
import { UpstreamUnavailable } from '../../../src/domain/errors.js';
import type { SessionStoreSubject } from '../session-store/session-store.contract.js';
import type { TokenStoreSettings, TokenStoreSubject } from './token-store.contract.js';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run shares. */
export const uniquePrefix = (suite: string): string => `test:${suite}:${process.pid}:${randomUUID()}:`;

/**
 * Connects to the test Redis from a `before` hook. When it is unreachable the suite fails
 * under CI=true and is marked pending (with the reason printed) everywhere else.
 */
export async function connectOrSkip(context: Mocha.Context): Promise<Redis> {
  const client = createRedisClient(REDIS_URL, { onError: () => {} });
  try {
    await waitUntilReady(client, 2000);
    return client;
  } catch {
    client.disconnect();
    const reason = `Redis is not reachable at ${REDIS_URL}`;
    if (process.env['CI'] === 'true') throw new Error(`${reason}; CI=true requires it (set REDIS_URL)`);
    console.warn(`  skipping ${context.test?.parent?.title ?? 'Redis suite'}: ${reason}`);
    return context.skip();
  }
}

const globEscape = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/** Keys under the prefix, sorted; in a Cluster, of every master. */
async function keysUnder(redis: RedisConnection, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const node of isCluster(redis) ? redis.nodes('master') : [redis]) {
    for await (const batch of node.scanStream({ match: `${globEscape(prefix)}*`, count: 500 })) {
      if (Array.isArray(batch)) keys.push(...batch.filter((k): k is string => typeof k === 'string'));
    }
  }
  return keys.sort();
}

export async function deleteUnder(redis: RedisConnection, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  // One DEL per key: in a Cluster the keys are in different slots.
  if (isCluster(redis)) await Promise.all(keys.map((key) => redis.del(key)));
  else if (keys.length > 0) await redis.del(...keys);
}

/** Every key under the prefix with its raw value(s), whatever the Redis type. */
export async function dumpUnder(redis: RedisConnection, prefix: string): Promise<string> {
  const entries: [string, unknown][] = [];
  for (const key of await keysUnder(redis, prefix)) {
    const type = await redis.type(key);
    if (type === 'string') entries.push([key, await redis.get(key)]);
    else if (type === 'list') entries.push([key, await redis.lrange(key, 0, -1)]);
    else if (type === 'hash') entries.push([key, await redis.hgetall(key)]);
    else if (type === 'set') entries.push([key, await redis.smembers(key)]);
    else if (type === 'zset') entries.push([key, await redis.zrange(key, 0, -1)]);
    else entries.push([key, `<${type}>`]);
  }
  return JSON.stringify(entries);
}

/** A Redis connection for one suite: opened in `before`, its keys deleted and closed in `after`. */
export interface SuiteRedis<C extends RedisConnection> {
  /** The connection; throws when used before `before` ran. */
  readonly client: () => C;
  /** A fresh key prefix under this suite's, one per store. */
  readonly nextPrefix: () => string;
  readonly runPrefix: string;
}

/**
 * Registers the before/after hooks every Redis-backed suite needs. `open` connects (or skips,
 * or fails under CI=true); `stop` releases anything else it started, such as a local Cluster.
 */
export function useSuiteRedis<C extends RedisConnection>(
  suite: string,
  open: (context: Mocha.Context) => Promise<{ connection: C; stop?: () => Promise<void> }>,
): SuiteRedis<C> {
  const runPrefix = uniquePrefix(suite);
  let connection: C | undefined;
  let stop: (() => Promise<void>) | undefined;
  let stores = 0;
  before(async function () {
    ({ connection, stop } = await open(this));
  });
  after(async () => {
    if (connection) {
      await deleteUnder(connection, runPrefix).catch(() => undefined);
      await connection.quit().catch(() => connection?.disconnect());
    }
    await stop?.();
  });
  return {
    runPrefix,
    client: () => {
      if (!connection) throw new Error(`Redis for ${suite} is not connected`);
      return connection;
    },
    nextPrefix: () => `${runPrefix}${stores++}:`,
  };
}

/** useSuiteRedis on the test Redis server (REDIS_URL). */
export const useTestRedis = (suite: string): SuiteRedis<Redis> => useSuiteRedis<Redis>(suite, async (context) => ({ connection: await connectOrSkip(context) }));

/** The TokenStore contract's subject: a RedisTokenStore on the suite's connection under a fresh key prefix. */
export function redisTokenStoreSubject(redis: SuiteRedis<RedisConnection>, cipher: SealingCipher, settings: TokenStoreSettings): TokenStoreSubject {
  const keyPrefix = redis.nextPrefix();
  return {
    store: new RedisTokenStore(redis.client(), cipher, { keyPrefix, ...settings }),
    cleanup: () => deleteUnder(redis.client(), keyPrefix),
    rawDump: () => dumpUnder(redis.client(), keyPrefix),
  };
}

/** The koa-session store contract's subject: a RedisSessionStore on the suite's connection under a fresh key prefix. */
export function redisSessionStoreSubject(redis: SuiteRedis<RedisConnection>): SessionStoreSubject {
  const keyPrefix = redis.nextPrefix();
  return {
    store: new RedisSessionStore(redis.client(), { keyPrefix }),
    cleanup: () => deleteUnder(redis.client(), keyPrefix),
  };
}

/** A client to a port where nothing listens (port 1 refuses connections), made in `before` and disconnected in `after`. */
export function useUnreachableRedis(): () => Redis {
  let redis: Redis | undefined;
  before(() => {
    redis = createRedisClient('redis://127.0.0.1:1', { onError: () => {} });
  });
  after(() => redis?.disconnect());
  return () => {
    if (!redis) throw new Error('the unreachable Redis client is made in `before`');
    return redis;
  };
}

/** One test per named operation: with Redis unreachable, it rejects with UpstreamUnavailable('Redis') within 3 s. */
export function itRejectsWhileRedisIsUnreachable(operations: Array<[string, () => Promise<unknown>]>): void {
  for (const [name, operation] of operations) {
    it(`.${name} rejects with UpstreamUnavailable('Redis') within 3 s`, async () => {
      const started = Date.now();
      const error: unknown = await operation().then(
        () => new Error('resolved'),
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(UpstreamUnavailable).with.property('service', 'Redis');
      expect(Date.now() - started).to.be.below(3000);
    });
  }
}
