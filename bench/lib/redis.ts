import { Redis } from 'ioredis';

/** Where the bench's Redis rows store sessions: the machine's Redis unless REDIS_URL says otherwise. */
export const BENCH_REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const connect = (): Redis => new Redis(BENCH_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null });

/** True when Redis answers PING within a second. */
export async function redisReachable(): Promise<boolean> {
  const redis = connect();
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await Promise.race([redis.ping(), new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 1000))])) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix` (what the bench's Redis app wrote). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = connect();
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
