import { expect } from 'chai';
import type { UserSession } from '../../../src/domain/user-session.js';
import { aSessionId, anAttempt, aUserSession } from './token-store-fixtures.js';
import type { TokenStoreSettings, TokenStoreSubject } from './token-store.contract.js';

const LIFETIME_MS = 60_000;
const SETTINGS: TokenStoreSettings = { sessionTtlMs: 2 * LIFETIME_MS, sessionLifetimeMs: LIFETIME_MS, attemptTtlMs: 60_000, maxPendingAttempts: 3 };

/** `.takeExpired`, part of the TokenStore contract: sessions past their lifetime, handed out once for revocation. */
export function describeTakeExpired(make: (settings: TokenStoreSettings) => Promise<TokenStoreSubject>): void {
  describe('.takeExpired', () => {
    /** A user who logged in `agoMs` before the store's now. */
    const loggedIn = (subject: TokenStoreSubject, agoMs: number): UserSession => ({ ...aUserSession(), loggedInAt: (subject.now?.() ?? Date.now()) - agoMs });
    const ended = (subject: TokenStoreSubject): UserSession => loggedIn(subject, LIFETIME_MS + 1_000);

    it('hands out a session whose lifetime from loggedInAt has run out, tokens and all, and deletes it; live ones stay', async () => {
      const subject = await make(SETTINGS);
      const [old, current] = [aSessionId(), aSessionId()];
      const [oldUser, currentUser] = [ended(subject), loggedIn(subject, 1_000)];
      await subject.store.putSession(old, oldUser);
      await subject.store.putAttempt(old, anAttempt());
      await subject.store.putSession(current, currentUser);

      expect(await subject.store.takeExpired(10)).to.deep.equal([oldUser]);
      expect(await subject.store.getSession(old)).to.equal(undefined);
      expect(await subject.store.getSession(current)).to.deep.equal(currentUser);
      expect(await subject.store.takeExpired(10)).to.deep.equal([]);
    });

    it('hands out at most `limit` sessions a call, the rest on later calls, each once', async () => {
      const subject = await make(SETTINGS);
      const users = [ended(subject), ended(subject), ended(subject)];
      for (const user of users) await subject.store.putSession(aSessionId(), user);
      const first = await subject.store.takeExpired(2);
      const second = await subject.store.takeExpired(2);
      expect(first).to.have.length(2);
      expect([...first, ...second]).to.have.deep.members(users);
      expect(await subject.store.takeExpired(2)).to.deep.equal([]);
    });

    it('never hands out a session that was cleared (logged out) first', async () => {
      const subject = await make(SETTINGS);
      const session = aSessionId();
      await subject.store.putSession(session, ended(subject));
      await subject.store.clear(session);
      expect(await subject.store.takeExpired(10)).to.deep.equal([]);
    });

    it('leaves a session kept alive past its first end until the end keepAlive set', async () => {
      const subject = await make(SETTINGS);
      const session = aSessionId();
      const user = ended(subject);
      await subject.store.putSession(session, user);
      const now = subject.now?.() ?? Date.now();
      await subject.store.keepAlive(session, now + 60_000);
      expect(await subject.store.takeExpired(10)).to.deep.equal([]);
      expect(await subject.store.getSession(session)).to.deep.equal(user);
      await subject.store.keepAlive(session, now - 1);
      expect(await subject.store.takeExpired(10)).to.deep.equal([user]);
    });

    it('keeps an end set by keepAlive when the user is replaced (a token refresh)', async () => {
      const subject = await make(SETTINGS);
      const session = aSessionId();
      const user = ended(subject);
      await subject.store.putSession(session, user);
      await subject.store.keepAlive(session, (subject.now?.() ?? Date.now()) + 60_000);
      await subject.store.putSession(session, { ...aUserSession(), loggedInAt: user.loggedInAt });
      expect(await subject.store.takeExpired(10)).to.deep.equal([]);
    });

    it('does nothing on keepAlive for a session without a user: never logged in, logged out, or already taken', async () => {
      const subject = await make(SETTINGS);
      const [never, loggedOut, taken] = [aSessionId(), aSessionId(), aSessionId()];
      await subject.store.putSession(loggedOut, ended(subject));
      await subject.store.clear(loggedOut);
      await subject.store.putSession(taken, ended(subject));
      expect(await subject.store.takeExpired(10)).to.have.length(1);
      const later = (subject.now?.() ?? Date.now()) + 60_000;
      for (const session of [never, loggedOut, taken]) await subject.store.keepAlive(session, later);
      for (const session of [never, loggedOut, taken]) expect(await subject.store.getSession(session)).to.equal(undefined);
      expect(await subject.store.takeExpired(10)).to.deep.equal([]);
    });

    it('counts from loggedInAt, not from the last putSession: refreshed tokens do not extend the lifetime', async () => {
      const subject = await make(SETTINGS);
      const session = aSessionId();
      const original = ended(subject);
      const refreshed = { ...aUserSession(), loggedInAt: original.loggedInAt };
      await subject.store.putSession(session, original);
      await subject.store.putSession(session, refreshed);
      expect(await subject.store.takeExpired(10)).to.deep.equal([refreshed]);
    });
  });
}
