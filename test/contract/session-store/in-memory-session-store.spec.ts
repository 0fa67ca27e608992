import { expect } from 'chai';
import { InMemorySessionStore } from '../../../src/adapters/memory/in-memory-session-store.js';
import { runSessionStoreContract } from './session-store.contract.js';

describe('InMemorySessionStore', () => {
  runSessionStoreContract('koa-session store contract', async () => {
    let now = 1_767_225_600_000;
    const store = new InMemorySessionStore({ now: () => now });
    return {
      store,
      cleanup: async () => store.close(),
      elapse: async (ms) => {
        now += ms;
      },
    };
  });


  describe('.size', () => {
    it('counts live sessions only', async () => {
      let now = 0;
      const store = new InMemorySessionStore({ now: () => now });
      await store.set('short', { sid: 'a' }, 100);
      await store.set('long', { sid: 'b' }, 1000);
      await store.set('gone', { sid: 'c' }, 1000);
      await store.destroy('gone');
      expect(store.size()).to.equal(2);
      now = 101;
      expect(store.size()).to.equal(1);
      store.close();
    });
  });

  describe('having maxEntries', () => {
    it('evicts the least recently written session to stay within it', async () => {
      const store = new InMemorySessionStore({ maxEntries: 2 });
      await store.set('first', { n: 1 }, 1000);
      await store.set('second', { n: 2 }, 1000);
      await store.set('first', { n: 11 }, 1000);
      await store.set('third', { n: 3 }, 1000);
      expect(store.size()).to.equal(2);
      expect(await store.get('second')).to.equal(undefined);
      expect(await store.get('first')).to.deep.equal({ n: 11 });
      expect(await store.get('third')).to.deep.equal({ n: 3 });
      store.close();
    });

    it('tells onEvict which session it pushed out (not one replaced or destroyed)', async () => {
      const evicted: unknown[] = [];
      const store = new InMemorySessionStore({ maxEntries: 2, onEvict: (session) => evicted.push(session) });
      await store.set('first', { sid: 'a' }, 1000);
      await store.set('second', { sid: 'b' }, 1000);
      await store.set('second', { sid: 'b2' }, 1000);
      await store.destroy('second');
      await store.set('third', { sid: 'c' }, 1000);
      expect(evicted).to.deep.equal([]);
      await store.set('fourth', { sid: 'd' }, 1000);
      expect(evicted).to.deep.equal([{ sid: 'a' }]);
      store.close();
    });
  });

  describe('.set', () => {
    it('rejects data that is not JSON', async () => {
      const store = new InMemorySessionStore();
      const error: unknown = await store.set('k', undefined, 1000).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(TypeError);
      store.close();
    });
  });
});
