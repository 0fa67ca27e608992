import { expect } from 'chai';
import { RedisSessionStore } from '../../../src/adapters/redis/redis-session-store.js';
import { useLocalRedisCluster } from '../token-store/redis-cluster-support.js';
import { redisSessionStoreSubject } from '../token-store/redis-test-support.js';
import { runSessionStoreContract } from './session-store.contract.js';

describe('RedisSessionStore on a Redis Cluster', function () {
  this.timeout(60_000);
  const redisForSuite = useLocalRedisCluster('cluster-session-store');
  const client = redisForSuite.client;
  const runPrefix = redisForSuite.runPrefix;

  runSessionStoreContract('koa-session store contract', async () => redisSessionStoreSubject(redisForSuite));

  it('.count adds up the sessions of every master', async () => {
    const store = new RedisSessionStore(client(), { keyPrefix: `${runPrefix}count:` });
    for (let i = 0; i < 30; i++) await store.set(`key-${i}`, { sid: String(i) }, 60_000);
    expect(await store.count()).to.equal(30);
  });

  it('.isReady is true while the Cluster answers', async () => {
    expect(await new RedisSessionStore(client(), { keyPrefix: runPrefix }).isReady()).to.equal(true);
  });
});
