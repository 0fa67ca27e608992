import { expect } from 'chai';
import type { TokenStore } from '../../../src/application/ports/token-store.js';
import { profileOf } from '../../../src/domain/user-session.js';
import { describeTakeExpired } from './expired-sessions.contract.js';
import { aSessionId, anAttempt, anAttemptWithoutPkce, aUserSession, tokenStringsOf } from './token-store-fixtures.js';

export interface TokenStoreSettings {
  readonly sessionTtlMs: number;
  readonly sessionLifetimeMs?: number;
  readonly attemptTtlMs: number;
  readonly maxPendingAttempts: number;
}

export interface TokenStoreSubject {
  readonly store: TokenStore;
  /** Removes whatever this store wrote. */
  cleanup(): Promise<void>;
  /** Every stored key and value, as raw text (what a dump of memory or of Redis would show). */
  rawDump(): Promise<string>;
  /** Lets `ms` pass for the store: a fake clock, or real waiting when absent. */
  elapse?(ms: number): Promise<void>;
  /** The store's clock (epoch ms) when it is not the real one. */
  now?(): number;
}

const LONG: TokenStoreSettings = { sessionTtlMs: 60_000, attemptTtlMs: 60_000, maxPendingAttempts: 3 };
const SHORT_TTL_MS = 150;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every TokenStore must show; run once per implementation. */
export function runTokenStoreContract(
  name: string,
  makeStore: (settings: TokenStoreSettings) => Promise<TokenStoreSubject>,
): void {
  describe(name, () => {
    const subjects: TokenStoreSubject[] = [];
    let store: TokenStore;

    const make = async (settings: TokenStoreSettings): Promise<TokenStoreSubject> => {
      const subject = await makeStore(settings);
      subjects.push(subject);
      return subject;
    };
    const elapse = (subject: TokenStoreSubject, ms: number): Promise<void> => subject.elapse?.(ms) ?? sleep(ms);

    beforeEach(async () => {
      ({ store } = await make(LONG));
    });

    afterEach(async () => {
      await Promise.all(subjects.splice(0).map((s) => s.cleanup()));
    });

    describeTakeExpired(make);

    describe('.putAttempt and .takeAttempt', () => {
      it('return the attempt once, then undefined', async () => {
        const session = aSessionId();
        const attempt = anAttempt();
        await store.putAttempt(session, attempt);
        expect(await store.takeAttempt(session, attempt.state)).to.deep.equal(attempt);
        expect(await store.takeAttempt(session, attempt.state)).to.equal(undefined);
      });

      it('keep an attempt without a PKCE verifier exactly as it was', async () => {
        const session = aSessionId();
        const attempt = anAttemptWithoutPkce();
        await store.putAttempt(session, attempt);
        const taken = await store.takeAttempt(session, attempt.state);
        expect(taken).to.deep.equal(attempt);
        expect(taken).not.to.have.property('codeVerifier');
      });

      it('answer undefined for a wrong state and keep the right attempt', async () => {
        const session = aSessionId();
        const attempt = anAttempt();
        await store.putAttempt(session, attempt);
        expect(await store.takeAttempt(session, `${attempt.state}x`)).to.equal(undefined);
        expect(await store.takeAttempt(session, attempt.state)).to.deep.equal(attempt);
      });

      it('answer undefined for a session that has no attempt', async () => {
        expect(await store.takeAttempt(aSessionId(), 'any-state')).to.equal(undefined);
      });

      it('keep several attempts of one session apart (several tabs)', async () => {
        const session = aSessionId();
        const [first, second] = [anAttempt(), anAttempt()];
        await store.putAttempt(session, first);
        await store.putAttempt(session, second);
        expect(await store.takeAttempt(session, second.state)).to.deep.equal(second);
        expect(await store.takeAttempt(session, first.state)).to.deep.equal(first);
      });

      it('keep only the newest maxPendingAttempts, dropping the oldest', async () => {
        const session = aSessionId();
        const oldest = anAttempt();
        const newer = [anAttempt(), anAttempt(), anAttempt()];
        for (const attempt of [oldest, ...newer]) await store.putAttempt(session, attempt);
        expect(await store.takeAttempt(session, oldest.state)).to.equal(undefined);
        for (const attempt of newer) {
          expect(await store.takeAttempt(session, attempt.state)).to.deep.equal(attempt);
        }
      });

      it('forget an attempt after attemptTtlMs', async () => {
        const subject = await make({ ...LONG, attemptTtlMs: SHORT_TTL_MS });
        const session = aSessionId();
        const attempt = anAttempt();
        await subject.store.putAttempt(session, attempt);
        await elapse(subject, SHORT_TTL_MS * 2);
        expect(await subject.store.takeAttempt(session, attempt.state)).to.equal(undefined);
      });
    });

    describe('.putSession and .getSession', () => {
      it('round-trip identity, every token and the granted scopes', async () => {
        const session = aSessionId();
        const user = aUserSession();
        await store.putSession(session, user);
        expect(await store.getSession(session)).to.deep.equal(user);
      });

      it('keep a token without a refresh token exactly as it was', async () => {
        const session = aSessionId();
        const user = aUserSession({ refresh: false });
        await store.putSession(session, user);
        const stored = await store.getSession(session);
        expect(stored).to.deep.equal(user);
        expect(Object.values(stored?.tokens ?? {}).some((t) => 'refreshToken' in t)).to.equal(false);
      });

      it('answer undefined for a session nobody logged into', async () => {
        expect(await store.getSession(aSessionId())).to.equal(undefined);
      });

      it('replace the user, never merge tokens of the previous one', async () => {
        const session = aSessionId();
        const replacement = aUserSession({ transfer: false });
        await store.putSession(session, aUserSession());
        await store.putSession(session, replacement);
        expect(await store.getSession(session)).to.deep.equal(replacement);
      });

      it('forget the user after sessionTtlMs', async () => {
        const subject = await make({ ...LONG, sessionTtlMs: SHORT_TTL_MS });
        const session = aSessionId();
        await subject.store.putSession(session, aUserSession());
        await elapse(subject, SHORT_TTL_MS * 2);
        expect(await subject.store.getSession(session)).to.equal(undefined);
      });
    });

    describe('.getProfile', () => {
      it('answers the stored user without the tokens', async () => {
        const session = aSessionId();
        const user = aUserSession();
        await store.putSession(session, user);
        expect(await store.getProfile(session)).to.deep.equal(profileOf(user));
      });

      it('answers undefined for a session nobody logged into, a cleared one and an expired one', async () => {
        const subject = await make({ ...LONG, sessionTtlMs: SHORT_TTL_MS });
        const [cleared, expired] = [aSessionId(), aSessionId()];
        await subject.store.putSession(cleared, aUserSession());
        await subject.store.putSession(expired, aUserSession());
        await subject.store.clear(cleared);
        expect(await subject.store.getProfile(cleared)).to.equal(undefined);
        expect(await subject.store.getProfile(aSessionId())).to.equal(undefined);
        await elapse(subject, SHORT_TTL_MS * 2);
        expect(await subject.store.getProfile(expired)).to.equal(undefined);
      });

      it('follows a replaced user', async () => {
        const session = aSessionId();
        const replacement = aUserSession({ transfer: false });
        await store.putSession(session, aUserSession());
        await store.putSession(session, replacement);
        expect(await store.getProfile(session)).to.deep.equal(profileOf(replacement));
      });
    });

    describe('.rotate', () => {
      it('moves pending attempts to the new id and leaves the old id empty', async () => {
        const [from, to] = [aSessionId(), aSessionId()];
        const [first, second] = [anAttempt(), anAttempt()];
        await store.putAttempt(from, first);
        await store.putAttempt(from, second);
        await store.putSession(from, aUserSession());
        await store.rotate(from, to);
        expect(await store.takeAttempt(from, first.state)).to.equal(undefined);
        expect(await store.getSession(from)).to.equal(undefined);
        expect(await store.takeAttempt(to, first.state)).to.deep.equal(first);
        expect(await store.takeAttempt(to, second.state)).to.deep.equal(second);
      });

      it('leaves the user already stored under the new id alone', async () => {
        const [from, to] = [aSessionId(), aSessionId()];
        const user = aUserSession();
        await store.putSession(to, user);
        await store.putAttempt(from, anAttempt());
        await store.rotate(from, to);
        expect(await store.getSession(to)).to.deep.equal(user);
      });

      it('succeeds for a session that has nothing stored', async () => {
        const [from, to] = [aSessionId(), aSessionId()];
        await store.rotate(from, to);
        expect(await store.getSession(to)).to.equal(undefined);
      });
    });

    describe('.clear', () => {
      it('removes the user and every pending attempt of the session, and nothing else', async () => {
        const [session, other] = [aSessionId(), aSessionId()];
        const [attempt, otherAttempt] = [anAttempt(), anAttempt()];
        const otherUser = aUserSession();
        await store.putAttempt(session, attempt);
        await store.putSession(session, aUserSession());
        await store.putAttempt(other, otherAttempt);
        await store.putSession(other, otherUser);
        await store.clear(session);
        expect(await store.getSession(session)).to.equal(undefined);
        expect(await store.takeAttempt(session, attempt.state)).to.equal(undefined);
        expect(await store.getSession(other)).to.deep.equal(otherUser);
        expect(await store.takeAttempt(other, otherAttempt.state)).to.deep.equal(otherAttempt);
      });
    });

    describe('having two sessions', () => {
      it('keeps their users and attempts isolated', async () => {
        const [a, b] = [aSessionId(), aSessionId()];
        const [userA, userB] = [aUserSession(), aUserSession()];
        const attemptA = anAttempt();
        await store.putSession(a, userA);
        await store.putSession(b, userB);
        await store.putAttempt(a, attemptA);
        expect(await store.getSession(a)).to.deep.equal(userA);
        expect(await store.getSession(b)).to.deep.equal(userB);
        expect(await store.takeAttempt(b, attemptA.state)).to.equal(undefined);
        expect(await store.takeAttempt(a, attemptA.state)).to.deep.equal(attemptA);
      });
    });

    describe('at rest', () => {
      it('holds no access token, refresh token or PKCE verifier in clear', async () => {
        const subject = await make(LONG);
        const session = aSessionId();
        const user = aUserSession();
        const attempts = [anAttempt(), anAttempt()];
        await subject.store.putSession(session, user);
        for (const attempt of attempts) await subject.store.putAttempt(session, attempt);
        const dump = await subject.rawDump();
        // The dump must really cover the stored records for the check below to mean anything.
        expect(dump).to.include(session);
        for (const secret of [...tokenStringsOf(user), ...attempts.map((a) => a.codeVerifier ?? '')]) {
          expect(secret).to.have.length.above(10);
          expect(dump).not.to.include(secret);
        }
      });
    });
  });
}
