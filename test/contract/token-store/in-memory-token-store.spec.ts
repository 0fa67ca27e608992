import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AesGcmCipher } from '../../../src/adapters/crypto/aes-gcm-cipher.js';
import { InMemoryTokenStore } from '../../../src/adapters/memory/in-memory-token-store.js';
import { profileOf } from '../../../src/domain/user-session.js';
import { aSessionId, anAttempt, aUserSession } from './token-store-fixtures.js';
import { runTokenStoreContract } from './token-store.contract.js';

const cipherMethods = (cipher: AesGcmCipher) => ({
  encrypt: (plaintext: string) => cipher.encrypt(plaintext),
  decrypt: (sealed: string) => cipher.decrypt(sealed),
});

describe('InMemoryTokenStore', () => {
  const cipher = new AesGcmCipher([randomBytes(32)]);

  runTokenStoreContract('TokenStore contract', async (settings) => {
    let now = 1_767_225_600_000;
    const store = new InMemoryTokenStore(cipher, { ...settings, now: () => now });
    return {
      store,
      cleanup: async () => store.close(),
      rawDump: async () => store.dumpRaw(),
      elapse: async (ms) => {
        now += ms;
      },
      now: () => now,
    };
  });

  describe('.sweep', () => {
    it('drops expired records without anyone reading them', async () => {
      let now = 0;
      const store = new InMemoryTokenStore(cipher, { sessionTtlMs: 1000, attemptTtlMs: 500, now: () => now });
      const [session, attempted] = [aSessionId(), aSessionId()];
      await store.putSession(session, aUserSession());
      await store.putAttempt(attempted, anAttempt());
      now = 600;
      store.sweep();
      expect(store.dumpRaw()).to.include(session).and.not.include(attempted);
      now = 1001;
      store.sweep();
      expect(store.dumpRaw()).not.to.include(session);
      store.close();
    });
  });

  describe('.getProfile', () => {
    const countingStore = (options: { profileCacheSize?: number; now?: () => number } = {}) => {
      const opened = { count: 0 };
      const counting = { ...cipherMethods(cipher), decrypt: (sealed: string) => ((opened.count += 1), cipher.decrypt(sealed)) };
      return { opened, store: new InMemoryTokenStore(counting, { sessionTtlMs: 1000, attemptTtlMs: 1000, ...options }) };
    };

    it('reads the profile of a session it just wrote without opening its record, and the profile carries no token', async () => {
      const { opened, store } = countingStore();
      const session = aSessionId();
      const user = aUserSession();
      await store.putSession(session, user);
      for (let i = 0; i < 3; i += 1) expect(await store.getProfile(session)).to.deep.equal(profileOf(user));
      expect(opened.count).to.equal(0);
      expect(await store.getSession(session)).to.deep.equal(user);
      expect(opened.count).to.equal(1);
      store.close();
    });

    it('opens a record once however often its profile is read, once activity has moved the session\'s end', async () => {
      const { opened, store } = countingStore();
      const session = aSessionId();
      const user = aUserSession();
      await store.putSession(session, user);
      await store.keepAlive(session, 900);
      for (let i = 0; i < 3; i += 1) expect(await store.getProfile(session)).to.deep.equal(profileOf(user));
      expect(opened.count).to.equal(1);
      store.close();
    });

    it('sees a replaced user, a cleared session and an expired one at once', async () => {
      let now = 0;
      const { store } = countingStore({ now: () => now });
      const [replaced, cleared, expiring] = [aSessionId(), aSessionId(), aSessionId()];
      const replacement = aUserSession({ transfer: false });
      for (const session of [replaced, cleared, expiring]) {
        await store.putSession(session, aUserSession());
        await store.getProfile(session);
      }
      await store.putSession(replaced, replacement);
      await store.clear(cleared);
      now = 500;
      await store.putSession(replaced, replacement);
      now = 1001;
      expect(await store.getProfile(replaced)).to.deep.equal(profileOf(replacement));
      expect(await store.getProfile(cleared)).to.equal(undefined);
      expect(await store.getProfile(expiring)).to.equal(undefined);
      store.close();
    });

    it('keeps at most profileCacheSize profiles open, so memory does not grow with sessions', async () => {
      const { opened, store } = countingStore({ profileCacheSize: 2 });
      const sessions = [aSessionId(), aSessionId(), aSessionId()];
      for (const session of sessions) await store.putSession(session, aUserSession());
      await store.getProfile(sessions[1] ?? aSessionId());
      await store.getProfile(sessions[2] ?? aSessionId());
      expect(opened.count).to.equal(0);
      await store.getProfile(sessions[0] ?? aSessionId()); // dropped as the oldest: opened again
      expect(opened.count).to.equal(1);
      await store.getProfile(sessions[1] ?? aSessionId()); // pushed out by sessions[0]
      expect(opened.count).to.equal(2);
      store.close();
    });
  });

  describe('having the default maxPendingAttempts', () => {
    it('keeps five attempts per session', async () => {
      const store = new InMemoryTokenStore(cipher, { sessionTtlMs: 1000, attemptTtlMs: 1000 });
      const session = aSessionId();
      const attempts = Array.from({ length: 6 }, () => anAttempt());
      for (const attempt of attempts) await store.putAttempt(session, attempt);
      const taken = await Promise.all(attempts.map((a) => store.takeAttempt(session, a.state)));
      expect(taken.map((a) => a !== undefined)).to.deep.equal([false, true, true, true, true, true]);
      store.close();
    });
  });

  describe('having a record that no configured key opens', () => {
    it('treats it as absent instead of failing (e.g. after its key was retired)', async () => {
      let keyRetired = false;
      const retiring = {
        encrypt: (plaintext: string) => cipher.encrypt(plaintext),
        decrypt: (sealed: string) => {
          if (keyRetired) throw new Error('unknown key');
          return cipher.decrypt(sealed);
        },
      };
      // A process's keys never change, so this is simulated; a one-profile cache and a second
      // session make getProfile open the record rather than answer the profile it wrote.
      const store = new InMemoryTokenStore(retiring, { sessionTtlMs: 1000, attemptTtlMs: 1000, profileCacheSize: 1 });
      const session = aSessionId();
      const attempt = anAttempt();
      await store.putSession(session, aUserSession());
      await store.putAttempt(session, attempt);
      await store.putSession(aSessionId(), aUserSession());
      keyRetired = true;
      expect(await store.getProfile(session)).to.equal(undefined);
      expect(await store.getSession(session)).to.equal(undefined);
      expect(await store.takeAttempt(session, attempt.state)).to.equal(undefined);
      expect(store.dumpRaw()).not.to.include(session);
      store.close();
    });
  });
});
