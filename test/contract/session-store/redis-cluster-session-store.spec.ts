import { expect } from 'chai';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '../../../src/adapters/redis/redis-client.js';
import { RedisSessionStore } from '../../../src/adapters/redis/redis-session-store.js';
import { type LocalRedisCluster, startClusterOrSkip } from '../token-store/redis-cluster-support.js';
import { deleteUnder, uniquePrefix } from '../token-store/redis-test-support.js';
import { runSessionStoreContract } from './session-store.contract.js';

describe('RedisSessionStore on a Redis Cluster', function () {
  this.timeout(60_000);
  const runPrefix = uniquePrefix('cluster-session-store');
  let cluster: LocalRedisCluster | undefined;
  let redis: RedisConnection | undefined;
  let stores = 0;

  const client = (): RedisConnection => {
    if (!redis) throw new Error('Redis Cluster client not connected');
    return redis;
  };

  before(async function () {
    cluster = await startClusterOrSkip(this);
    redis = createRedisConnection('redis://127.0.0.1', { clusterNodes: cluster.nodes, onError: () => {} });
    await waitUntilReady(redis, 10_000);
  });

  after(async () => {
    if (redis) {
      await deleteUnder(redis, runPrefix).catch(() => undefined);
      await redis.quit().catch(() => redis?.disconnect());
    }
    await cluster?.stop();
  });

  runSessionStoreContract('koa-session store contract', async () => {
    const keyPrefix = `${runPrefix}${stores++}:`;
    return {
      store: new RedisSessionStore(client(), { keyPrefix }),
      cleanup: () => deleteUnder(client(), keyPrefix),
    };
  });

  it('.count adds up the sessions of every master', async () => {
    const store = new RedisSessionStore(client(), { keyPrefix: `${runPrefix}count:` });
    for (let i = 0; i < 30; i++) await store.set(`key-${i}`, { sid: String(i) }, 60_000);
    expect(await store.count()).to.equal(30);
  });

  it('.isReady is true while the Cluster answers', async () => {
    expect(await new RedisSessionStore(client(), { keyPrefix: runPrefix }).isReady()).to.equal(true);
  });
});
