import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { createRedisClient } from '../../../src/adapters/redis/redis-client.js';
import { RedisSessionStore } from '../../../src/adapters/redis/redis-session-store.js';
import { UpstreamUnavailable } from '../../../src/domain/errors.js';
import { connectOrSkip, deleteUnder, useSuiteRedis } from '../token-store/redis-test-support.js';
import { runSessionStoreContract } from './session-store.contract.js';

describe('RedisSessionStore', function () {
  const redisForSuite = useSuiteRedis<Redis>('session-store', async (context) => ({ connection: await connectOrSkip(context) }));
  const client = redisForSuite.client;
  const runPrefix = redisForSuite.runPrefix;

  runSessionStoreContract('koa-session store contract', async () => {
    const keyPrefix = redisForSuite.nextPrefix();
    return {
      store: new RedisSessionStore(client(), { keyPrefix }),
      cleanup: () => deleteUnder(client(), keyPrefix),
    };
  });


  it('keeps each session as JSON in <prefix>ks:<key> with PX maxAge', async () => {
    const store = new RedisSessionStore(client(), { keyPrefix: runPrefix });
    await store.set('abc', { sid: 'x' }, 60_000);
    expect(await client().get(`${runPrefix}ks:abc`)).to.equal('{"sid":"x"}');
    expect(await client().pttl(`${runPrefix}ks:abc`)).to.be.within(50_000, 60_000);
  });

  it('answers undefined for a stored value that is not a JSON object', async () => {
    const store = new RedisSessionStore(client(), { keyPrefix: runPrefix });
    await client().set(`${runPrefix}ks:garbage`, 'not json', 'PX', 60_000);
    await client().set(`${runPrefix}ks:array`, '[1,2]', 'PX', 60_000);
    expect(await store.get('garbage')).to.equal(undefined);
    expect(await store.get('array')).to.equal(undefined);
  });

  describe('.isReady', () => {
    it('is true while Redis answers', async () => {
      expect(await new RedisSessionStore(client(), { keyPrefix: runPrefix }).isReady()).to.equal(true);
    });
  });
});

describe('RedisSessionStore when Redis is unreachable', function () {
  this.timeout(10_000);
  let redis: Redis;
  let store: RedisSessionStore;

  before(() => {
    // Port 1 refuses connections: nothing listens there.
    redis = createRedisClient('redis://127.0.0.1:1', { onError: () => {} });
    store = new RedisSessionStore(redis, { keyPrefix: 'unreachable:' });
  });

  after(() => redis.disconnect());

  it('.isReady is false, promptly', async () => {
    const started = Date.now();
    expect(await store.isReady()).to.equal(false);
    expect(Date.now() - started).to.be.below(3000);
  });

  const operations: [string, () => Promise<unknown>][] = [
    ['get', () => store.get('k')],
    ['set', () => store.set('k', { sid: 'x' }, 1000)],
    ['destroy', () => store.destroy('k')],
  ];

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
});
