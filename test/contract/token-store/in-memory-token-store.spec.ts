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
  hasKeyFor: (sealed: string) => cipher.hasKeyFor(sealed),
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
    it('reads the profile without decrypting the tokens', async () => {
      let decrypts = 0;
      const counting = { ...cipherMethods(cipher), decrypt: (sealed: string) => ((decrypts += 1), cipher.decrypt(sealed)) };
      const store = new InMemoryTokenStore(counting, { sessionTtlMs: 1000, attemptTtlMs: 1000 });
      const session = aSessionId();
      const user = aUserSession();
      await store.putSession(session, user);
      expect(await store.getProfile(session)).to.deep.equal(profileOf(user));
      expect(decrypts).to.equal(0);
      expect(await store.getSession(session)).to.deep.equal(user);
      expect(decrypts).to.equal(1);
      store.close();
    });

    it('keeps the tokens sealed and only the profile readable in memory', async () => {
      const store = new InMemoryTokenStore(cipher, { sessionTtlMs: 1000, attemptTtlMs: 1000 });
      const user = aUserSession();
      await store.putSession(aSessionId(), user);
      const raw = store.dumpRaw();
      for (const token of Object.values(user.tokens)) expect(raw).not.to.include(token.accessToken);
      expect(raw).to.include(user.identity.sub);
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
        hasKeyFor: (sealed: string) => !keyRetired && cipher.hasKeyFor(sealed),
      };
      const store = new InMemoryTokenStore(retiring, { sessionTtlMs: 1000, attemptTtlMs: 1000 });
      const session = aSessionId();
      const attempt = anAttempt();
      await store.putSession(session, aUserSession());
      await store.putAttempt(session, attempt);
      keyRetired = true;
      expect(await store.getProfile(session)).to.equal(undefined);
      expect(await store.getSession(session)).to.equal(undefined);
      expect(await store.takeAttempt(session, attempt.state)).to.equal(undefined);
      expect(store.dumpRaw()).not.to.include(session);
      store.close();
    });
  });
});
