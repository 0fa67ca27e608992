import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AesGcmCipher } from '../../../src/adapters/crypto/aes-gcm-cipher.js';
import { createRedisClient, waitUntilReady } from '../../../src/adapters/redis/redis-client.js';
import { RedisTokenStore } from '../../../src/adapters/redis/redis-token-store.js';
import { UpstreamUnavailable } from '../../../src/domain/errors.js';
import { profileOf } from '../../../src/domain/user-session.js';
import { itRejectsWhileRedisIsUnreachable, REDIS_URL, redisTokenStoreSubject, useTestRedis, useUnreachableRedis } from './redis-test-support.js';
import { TcpProxy } from './tcp-proxy.js';
import { aSessionId, anAttempt, aUserSession } from './token-store-fixtures.js';
import { runTokenStoreContract } from './token-store.contract.js';

const cipher = new AesGcmCipher([randomBytes(32)]);
const LONG = { sessionTtlMs: 60_000, attemptTtlMs: 60_000, maxPendingAttempts: 5 };

describe('RedisTokenStore', function () {
  const redisForSuite = useTestRedis('token-store');
  const client = redisForSuite.client;
  const runPrefix = redisForSuite.runPrefix;

  runTokenStoreContract('TokenStore contract', async (settings) => redisTokenStoreSubject(redisForSuite, cipher, settings));

  describe('key layout', () => {
    it('keeps a session in <prefix>sess:{<id>} and its attempts in <prefix>att:{<id>}, both with a TTL', async () => {
      const keyPrefix = `${runPrefix}layout:`;
      const store = new RedisTokenStore(client(), cipher, { keyPrefix, ...LONG });
      const session = aSessionId();
      await store.putSession(session, aUserSession());
      await store.putAttempt(session, anAttempt());
      for (const key of [`${keyPrefix}sess:{${session}}`, `${keyPrefix}att:{${session}}`]) {
        const ttl = await client().pttl(key);
        expect(ttl, key).to.be.within(50_000, 60_000);
      }
      await store.clear(session);
      expect(await client().exists(`${keyPrefix}sess:{${session}}`, `${keyPrefix}att:{${session}}`)).to.equal(0);
    });

    it('keeps the attempts TTL when rotating', async () => {
      const keyPrefix = `${runPrefix}rotate-ttl:`;
      const store = new RedisTokenStore(client(), cipher, { keyPrefix, ...LONG });
      const [from, to] = [aSessionId(), aSessionId()];
      await store.putAttempt(from, anAttempt());
      await store.rotate(from, to);
      expect(await client().pttl(`${keyPrefix}att:{${to}}`)).to.be.within(50_000, 60_000);
    });
  });

  describe('.getProfile with two instances sharing Redis', () => {
    it('opens a record once per instance, yet sees the other instance\'s replacement and logout at once', async () => {
      const keyPrefix = `${runPrefix}profiles:`;
      let opened = 0;
      const counting = { encrypt: (p: string) => cipher.encrypt(p), decrypt: (s: string) => ((opened += 1), cipher.decrypt(s)) };
      const [reader, writer] = [new RedisTokenStore(client(), counting, { keyPrefix, ...LONG }), new RedisTokenStore(client(), cipher, { keyPrefix, ...LONG })];
      const session = aSessionId();
      const [user, replacement] = [aUserSession(), aUserSession({ transfer: false })];
      await writer.putSession(session, user);
      expect(await reader.getProfile(session)).to.deep.equal(profileOf(user));
      expect(await reader.getProfile(session)).to.deep.equal(profileOf(user));
      expect(opened).to.equal(1);
      await reader.putSession(session, user);
      expect(await reader.getProfile(session)).to.deep.equal(profileOf(user));
      expect(opened).to.equal(1); // its own write: the profile is known without opening the record
      await writer.putSession(session, replacement);
      expect(await reader.getProfile(session)).to.deep.equal(profileOf(replacement));
      await writer.clear(session);
      expect(await reader.getProfile(session)).to.equal(undefined);
    });
  });

  describe('when Redis goes away and comes back', () => {
    it('fails with UpstreamUnavailable meanwhile, then works again without a new client', async () => {
      const target = new URL(REDIS_URL);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
      const port = await proxy.up();
      const viaProxy = createRedisClient(`redis://127.0.0.1:${port}`, { onError: () => {}, maxReconnectDelayMs: 200 });
      try {
        await waitUntilReady(viaProxy, 2000);
        const store = new RedisTokenStore(viaProxy, cipher, { keyPrefix: `${runPrefix}blip:`, ...LONG });
        const [session, user] = [aSessionId(), aUserSession()];
        await store.putSession(session, user);
        await proxy.down();
        const error: unknown = await store.getSession(session).then(
          () => new Error('resolved'),
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(UpstreamUnavailable);
        await proxy.up();
        await waitUntilReady(viaProxy, 3000);
        expect(await store.getSession(session)).to.deep.equal(user);
      } finally {
        viaProxy.disconnect();
        await proxy.down();
      }
    });
  });

  describe('having a record that no configured key opens', () => {
    it('treats it as absent instead of failing (e.g. after its key was retired)', async () => {
      const keyPrefix = `${runPrefix}retired:`;
      const session = aSessionId();
      await new RedisTokenStore(client(), cipher, { keyPrefix, ...LONG }).putSession(session, aUserSession());
      const rotated = new RedisTokenStore(client(), new AesGcmCipher([randomBytes(32)]), { keyPrefix, ...LONG });
      expect(await rotated.getSession(session)).to.equal(undefined);
    });
  });
});

describe('RedisTokenStore when Redis is unreachable', function () {
  this.timeout(10_000);
  const unreachable = useUnreachableRedis();
  let store: RedisTokenStore;

  before(() => {
    store = new RedisTokenStore(unreachable(), cipher, { keyPrefix: 'unreachable:', ...LONG });
  });

  itRejectsWhileRedisIsUnreachable([
    ['putAttempt', () => store.putAttempt(aSessionId(), anAttempt())],
    ['takeAttempt', () => store.takeAttempt(aSessionId(), 'state')],
    ['putSession', () => store.putSession(aSessionId(), aUserSession())],
    ['getSession', () => store.getSession(aSessionId())],
    ['rotate', () => store.rotate(aSessionId(), aSessionId())],
    ['clear', () => store.clear(aSessionId())],
    ['takeExpired', () => store.takeExpired(10)],
  ]);
});
