import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { playBrowserAgainst } from './koa-session-round-trip.js';

/** koa-session 7's external `store` as it calls it (maxAge is `'session'` for browser-session cookies). */
export interface KoaSessionStore {
  get(key: string, maxAge: number | undefined, opts: { rolling: boolean; ctx?: unknown }): Promise<unknown>;
  set(
    key: string,
    sess: unknown,
    maxAge: number | 'session',
    opts: { rolling: boolean; changed: boolean; ctx?: unknown },
  ): Promise<void>;
  destroy(key: string, opts: { ctx?: unknown }): Promise<void>;
}

export interface SessionStoreSubject {
  readonly store: KoaSessionStore;
  /** Removes whatever this store wrote. */
  cleanup(): Promise<void>;
  /** Lets `ms` pass for the store: a fake clock, or real waiting when absent. */
  elapse?(ms: number): Promise<void>;
}

const MAX_AGE = 60_000;
const SHORT_MAX_AGE = 150;
const GET_OPTS = { rolling: false };
const SET_OPTS = { rolling: false, changed: true };

const aKey = (): string => randomBytes(24).toString('base64url');
/** What koa-session hands to `set`: the data plus its own expiry bookkeeping. */
const someData = (): Record<string, unknown> => ({
  sid: randomBytes(32).toString('base64url'),
  flash: { notice: 'Logged out' },
  tabs: [1, 2],
  _expire: 1_767_225_600_000,
  _maxAge: MAX_AGE,
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every koa-session store must show; run once per implementation. */
export function runSessionStoreContract(name: string, makeStore: () => Promise<SessionStoreSubject>): void {
  describe(name, () => {
    let subject: SessionStoreSubject;
    let store: KoaSessionStore;

    beforeEach(async () => {
      subject = await makeStore();
      ({ store } = subject);
    });

    afterEach(() => subject.cleanup());

    describe('.get', () => {
      it('answers undefined for an unknown key', async () => {
        expect(await store.get(aKey(), MAX_AGE, GET_OPTS)).to.equal(undefined);
      });
    });

    describe('.set', () => {
      it('round-trips the session object', async () => {
        const key = aKey();
        const data = someData();
        await store.set(key, data, MAX_AGE, SET_OPTS);
        expect(await store.get(key, MAX_AGE, GET_OPTS)).to.deep.equal(data);
      });

      it('stores a copy: changing the object afterwards changes nothing stored', async () => {
        const key = aKey();
        const data = someData();
        await store.set(key, data, MAX_AGE, SET_OPTS);
        const expected = structuredClone(data);
        data['sid'] = 'changed';
        const read = await store.get(key, MAX_AGE, GET_OPTS);
        expect(read).to.deep.equal(expected);
      });

      it('replaces what was stored, never merges', async () => {
        const key = aKey();
        await store.set(key, { sid: 'old', flash: 'gone' }, MAX_AGE, SET_OPTS);
        await store.set(key, { sid: 'new' }, MAX_AGE, SET_OPTS);
        expect(await store.get(key, MAX_AGE, GET_OPTS)).to.deep.equal({ sid: 'new' });
      });

      it('forgets the data after maxAge', async () => {
        const key = aKey();
        await store.set(key, someData(), SHORT_MAX_AGE, SET_OPTS);
        await (subject.elapse?.(SHORT_MAX_AGE * 2) ?? sleep(SHORT_MAX_AGE * 2));
        expect(await store.get(key, SHORT_MAX_AGE, GET_OPTS)).to.equal(undefined);
      });

      it("keeps data of a browser-session cookie (maxAge 'session')", async () => {
        const key = aKey();
        const data = { sid: 'abc', _session: true };
        await store.set(key, data, 'session', SET_OPTS);
        expect(await store.get(key, undefined, GET_OPTS)).to.deep.equal(data);
      });
    });

    describe('as koa-session’s external store', () => {
      it('keeps the session across visits and forgets it at logout; the cookie holds only the key', async () => {
        const { visits, cookie } = await playBrowserAgainst(store);
        expect(visits).to.deep.equal([1, 2, 1]);
        expect(cookie).to.match(/^sid=[^;]+; sid\.sig=/);
        expect(cookie).not.to.include('visits');
      });
    });

    describe('.destroy', () => {
      it('forgets the key and only that key', async () => {
        const [key, other] = [aKey(), aKey()];
        const otherData = someData();
        await store.set(key, someData(), MAX_AGE, SET_OPTS);
        await store.set(other, otherData, MAX_AGE, SET_OPTS);
        await store.destroy(key, {});
        expect(await store.get(key, MAX_AGE, GET_OPTS)).to.equal(undefined);
        expect(await store.get(other, MAX_AGE, GET_OPTS)).to.deep.equal(otherData);
      });

      it('succeeds for an unknown key', async () => {
        await store.destroy(aKey(), {});
        expect(await store.get(aKey(), MAX_AGE, GET_OPTS)).to.equal(undefined);
      });
    });
  });
}
