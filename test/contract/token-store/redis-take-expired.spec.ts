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
});
