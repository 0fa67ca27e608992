import { expect } from 'chai';
import { RedisSessionStore } from '../../../src/adapters/redis/redis-session-store.js';
import { itRejectsWhileRedisIsUnreachable, redisSessionStoreSubject, useTestRedis, useUnreachableRedis } from '../token-store/redis-test-support.js';
import { runSessionStoreContract } from './session-store.contract.js';

describe('RedisSessionStore', function () {
  const redisForSuite = useTestRedis('session-store');
  const client = redisForSuite.client;
  const runPrefix = redisForSuite.runPrefix;

  runSessionStoreContract('koa-session store contract', async () => redisSessionStoreSubject(redisForSuite));

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
  const unreachable = useUnreachableRedis();
  let store: RedisSessionStore;

  before(() => {
    store = new RedisSessionStore(unreachable(), { keyPrefix: 'unreachable:' });
  });

  it('.isReady is false, promptly', async () => {
    const started = Date.now();
    expect(await store.isReady()).to.equal(false);
    expect(Date.now() - started).to.be.below(3000);
  });

  itRejectsWhileRedisIsUnreachable([
    ['get', () => store.get('k')],
    ['set', () => store.set('k', { sid: 'x' }, 1000)],
    ['destroy', () => store.destroy('k')],
  ]);
});
