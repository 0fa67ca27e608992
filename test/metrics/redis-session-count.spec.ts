import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { RedisSessionStore } from '../../src/adapters/redis/redis-session-store.js';
import { UpstreamUnavailable } from '../../src/domain/errors.js';
import { createRedisClient } from '../../src/adapters/redis/redis-client.js';
import { connectOrSkip, deleteUnder, uniquePrefix } from '../contract/token-store/redis-test-support.js';

describe('RedisSessionStore.count (sessions_active with Redis)', function () {
  this.timeout(20_000);
  const prefix = uniquePrefix('session-count');
  let redis: Redis | undefined;

  before(async function () {
    redis = await connectOrSkip(this);
  });

  after(async () => {
    if (!redis) return;
    await deleteUnder(redis, prefix);
    await redis.quit();
  });

  it('counts the live session objects under its own prefix only', async () => {
    const mine = new RedisSessionStore(redis!, { keyPrefix: `${prefix}[x]*:` });
    const lookalike = new RedisSessionStore(redis!, { keyPrefix: `${prefix}[x]*:more:` });
    const other = new RedisSessionStore(redis!, { keyPrefix: `${prefix}ax:` });
    expect(await mine.count()).to.equal(0);
    for (let i = 0; i < 1200; i += 1) await mine.set(`k${i}`, { sid: `s${i}` }, 60_000);
    await lookalike.set('k', { sid: 's' }, 60_000);
    await other.set('k', { sid: 's' }, 60_000);
    await redis!.set(`${prefix}[x]*:sess:not-a-session-object`, 'x', 'PX', 60_000);
    expect(await mine.count(), 'a glob character in the prefix is taken literally').to.equal(1200);
    await mine.destroy('k0');
    expect(await mine.count()).to.equal(1199);
    expect(await other.count()).to.equal(1);
  });

  it("rejects with UpstreamUnavailable('Redis') when Redis is unreachable", async () => {
    const down = createRedisClient('redis://127.0.0.1:1', { onError: () => undefined });
    try {
      const error: unknown = await new RedisSessionStore(down, { keyPrefix: 'x:' }).count().then(
        () => new Error('resolved'),
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(UpstreamUnavailable).with.property('service', 'Redis');
    } finally {
      down.disconnect();
    }
  });
});
