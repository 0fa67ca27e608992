import { expect } from 'chai';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '../../../src/adapters/redis/redis-client.js';
import { RedisSessionStore } from '../../../src/adapters/redis/redis-session-store.js';
import { startClusterOrSkip } from '../token-store/redis-cluster-support.js';
import { deleteUnder, useSuiteRedis } from '../token-store/redis-test-support.js';
import { runSessionStoreContract } from './session-store.contract.js';

describe('RedisSessionStore on a Redis Cluster', function () {
  this.timeout(60_000);
  const redisForSuite = useSuiteRedis<RedisConnection>('cluster-session-store', async (context) => {
    const cluster = await startClusterOrSkip(context);
    const connection = createRedisConnection('redis://127.0.0.1', { clusterNodes: cluster.nodes, onError: () => {} });
    await waitUntilReady(connection, 10_000);
    return { connection, stop: () => cluster.stop() };
  });
  const client = redisForSuite.client;
  const runPrefix = redisForSuite.runPrefix;

  runSessionStoreContract('koa-session store contract', async () => {
    const keyPrefix = redisForSuite.nextPrefix();
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
