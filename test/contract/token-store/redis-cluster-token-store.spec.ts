import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AesGcmCipher } from '../../../src/adapters/crypto/aes-gcm-cipher.js';
import { isCluster } from '../../../src/adapters/redis/redis-client.js';
import { RedisTokenStore } from '../../../src/adapters/redis/redis-token-store.js';
import { useLocalRedisCluster } from './redis-cluster-support.js';
import { dumpUnder, redisTokenStoreSubject } from './redis-test-support.js';
import { aSessionId, anAttempt, aUserSession } from './token-store-fixtures.js';
import { runTokenStoreContract } from './token-store.contract.js';

const cipher = new AesGcmCipher([randomBytes(32)]);
const LONG = { sessionTtlMs: 60_000, attemptTtlMs: 60_000, maxPendingAttempts: 5 };

describe('RedisTokenStore on a Redis Cluster', function () {
  this.timeout(60_000);
  const redisForSuite = useLocalRedisCluster('cluster-token-store');
  const client = redisForSuite.client;
  const runPrefix = redisForSuite.runPrefix;

  it('is connected through a Cluster client to 3 masters', () => {
    const connection = client();
    expect(isCluster(connection)).to.equal(true);
    if (isCluster(connection)) expect(connection.nodes('master')).to.have.length(3);
  });

  runTokenStoreContract('TokenStore contract', async (settings) => redisTokenStoreSubject(redisForSuite, cipher, settings));

  describe('key layout', () => {
    it('puts both keys of a session in one slot and spreads sessions over the masters', async () => {
      const keyPrefix = `${runPrefix}slots:`;
      const store = new RedisTokenStore(client(), cipher, { keyPrefix, ...LONG });
      const sessions = Array.from({ length: 12 }, () => aSessionId());
      const slots = new Set<number>();
      for (const session of sessions) {
        await store.putSession(session, aUserSession());
        await store.putAttempt(session, anAttempt());
        const sessionSlot = await client().call('CLUSTER', 'KEYSLOT', `${keyPrefix}sess:{${session}}`);
        const attemptsSlot = await client().call('CLUSTER', 'KEYSLOT', `${keyPrefix}att:{${session}}`);
        expect(sessionSlot).to.equal(attemptsSlot);
        slots.add(Number(sessionSlot));
      }
      expect(slots.size).to.be.greaterThan(1);
      for (const session of sessions) await store.clear(session);
      expect(await dumpUnder(client(), keyPrefix)).to.equal('[]');
    });

    it('moves the attempts across slots when rotating, keeping their TTL and deleting the old keys', async () => {
      const keyPrefix = `${runPrefix}rotate:`;
      const store = new RedisTokenStore(client(), cipher, { keyPrefix, ...LONG });
      const [from, to] = [aSessionId(), aSessionId()];
      const [first, second] = [anAttempt(), anAttempt()];
      await store.putSession(from, aUserSession());
      await store.putAttempt(from, first);
      await store.putAttempt(from, second);
      await client().pexpire(`${keyPrefix}att:{${from}}`, 40_000);
      await store.rotate(from, to);
      expect(await client().exists(`${keyPrefix}sess:{${from}}`)).to.equal(0);
      expect(await client().exists(`${keyPrefix}att:{${from}}`)).to.equal(0);
      expect(await client().pttl(`${keyPrefix}att:{${to}}`)).to.be.within(30_000, 40_000);
      expect(await store.takeAttempt(to, second.state)).to.deep.equal(second);
      expect(await store.takeAttempt(to, first.state)).to.deep.equal(first);
    });

    it('rotating from a session without attempts removes any attempts at the new id', async () => {
      const keyPrefix = `${runPrefix}rotate-empty:`;
      const store = new RedisTokenStore(client(), cipher, { keyPrefix, ...LONG });
      const [from, to] = [aSessionId(), aSessionId()];
      const stale = anAttempt();
      await store.putAttempt(to, stale);
      await store.rotate(from, to);
      expect(await store.takeAttempt(to, stale.state)).to.equal(undefined);
    });
  });
});
