import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AesGcmCipher } from '../../../src/adapters/crypto/aes-gcm-cipher.js';
import { RedisTokenStore } from '../../../src/adapters/redis/redis-token-store.js';
import { aSessionId, aUserSession } from './token-store-fixtures.js';
import { useTestRedis } from './redis-test-support.js';

const cipher = new AesGcmCipher([randomBytes(32)]);
const LIFETIME_MS = 60_000;
const SETTINGS = { sessionTtlMs: 2 * LIFETIME_MS, sessionLifetimeMs: LIFETIME_MS, attemptTtlMs: 60_000, maxPendingAttempts: 5 };
const endedUser = () => ({ ...aUserSession(), loggedInAt: Date.now() - LIFETIME_MS - 1_000 });

describe('RedisTokenStore.takeExpired with several instances sharing Redis', function () {
  const redisForSuite = useTestRedis('take-expired');
  const client = redisForSuite.client;

  it('hands each expired session to exactly one instance, however many ask at once', async () => {
    const keyPrefix = redisForSuite.nextPrefix();
    const instances = [1, 2, 3].map(() => new RedisTokenStore(client(), cipher, { keyPrefix, ...SETTINGS }));
    const users = Array.from({ length: 20 }, endedUser);
    for (const user of users) await instances[0]?.putSession(aSessionId(), user);

    const taken = (await Promise.all(instances.flatMap((store) => [store.takeExpired(7), store.takeExpired(7)]))).flat();
    expect(taken).to.have.length(users.length);
    expect(new Set(taken.map((user) => user.tokens['auth.globus.org']?.accessToken)).size).to.equal(users.length);
    expect(taken).to.have.deep.members(users);
  });

  it('keeps the lifetimes set to live sessions: logout removes the id, and an id whose record is gone is dropped', async () => {
    const keyPrefix = redisForSuite.nextPrefix();
    const store = new RedisTokenStore(client(), cipher, { keyPrefix, ...SETTINGS });
    const [loggedOut, vanished, live] = [aSessionId(), aSessionId(), aSessionId()];
    await store.putSession(loggedOut, aUserSession());
    await store.putSession(vanished, endedUser());
    await store.putSession(live, { ...aUserSession(), loggedInAt: Date.now() });
    await store.clear(loggedOut);
    // As if its TTL had run out while no instance was running.
    await client().del(`${keyPrefix}sess:{${vanished}}`);
    expect(await client().zrange(`${keyPrefix}lifetimes`, 0, -1)).to.have.members([vanished, live]);

    expect(await store.takeExpired(10)).to.deep.equal([]);
    expect(await client().zrange(`${keyPrefix}lifetimes`, 0, -1)).to.deep.equal([live]);
  });

  it('puts an id back, due at once, when Redis fails to hand its record over, so the next round takes it', async () => {
    const keyPrefix = redisForSuite.nextPrefix();
    const flaky = client().duplicate();
    try {
      const realMulti = flaky.multi.bind(flaky);
      let dropConnection = true;
      // The claim script succeeds; the GETDEL transaction after it fails, as on a connection lost in between.
      flaky.multi = ((...args: Parameters<typeof realMulti>) => {
        const transaction = realMulti(...args);
        if (dropConnection) transaction.exec = () => Promise.reject(new Error('Connection is closed.'));
        return transaction;
      }) as typeof flaky.multi;
      const store = new RedisTokenStore(flaky, cipher, { keyPrefix, ...SETTINGS });
      const [session, user] = [aSessionId(), endedUser()];
      await store.putSession(session, user);

      expect(await store.takeExpired(10)).to.deep.equal([]);
      expect(await client().zrange(`${keyPrefix}lifetimes`, 0, -1)).to.deep.equal([session]);
      dropConnection = false;
      expect(await store.takeExpired(10)).to.deep.equal([user]);
      expect(await client().exists(`${keyPrefix}sess:{${session}}`)).to.equal(0);
    } finally {
      flaky.disconnect();
    }
  });
});
