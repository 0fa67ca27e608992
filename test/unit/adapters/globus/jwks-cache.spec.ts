import { expect } from 'chai';
import type { JSONWebKeySet } from 'jose';
import { JwksCache } from '../../../../src/adapters/globus/jwks-cache.js';
import { UpstreamUnavailable } from '../../../../src/domain/errors.js';

const JWKS: JSONWebKeySet = { keys: [{ kty: 'RSA', alg: 'RS512', use: 'sig', e: 'AQAB', n: 'sXch' }] };

describe('JwksCache', () => {
  let now: number;
  let fetches: number;
  let failing: boolean;
  let cache: JwksCache;

  beforeEach(() => {
    now = 0;
    fetches = 0;
    failing = false;
    const fetchJwks = async (): Promise<JSONWebKeySet> => {
      fetches += 1;
      if (failing) throw new UpstreamUnavailable('Globus Auth JWKS');
      return JWKS;
    };
    cache = new JwksCache(fetchJwks, { now: () => now }, { maxAgeMs: 1000, cooldownMs: 100 });
  });

  describe('.current', () => {
    it('fetches once while fresh, shared by concurrent callers', async () => {
      await Promise.all([cache.current(), cache.current()]);
      await cache.current();
      expect(fetches).to.equal(1);
    });

    it('refetches when stale and keeps the stale set if that fails', async () => {
      const first = await cache.current();
      now = 1000;
      failing = true;

      const second = await cache.current();

      expect(fetches).to.equal(2);
      expect(second).to.equal(first);
    });

    it('throws when cold and the fetch fails', async () => {
      failing = true;
      let caught: unknown;
      try {
        await cache.current();
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(UpstreamUnavailable);
    });
  });

  describe('.refreshed', () => {
    it('refetches only once per cooldown', async () => {
      await cache.current();
      now = 100;

      expect(await cache.refreshed()).to.be.a('function');
      expect(await cache.refreshed()).to.equal(undefined);
      expect(fetches).to.equal(2);
    });

    it('answers undefined when the refetch fails', async () => {
      await cache.current();
      now = 500;
      failing = true;

      expect(await cache.refreshed()).to.equal(undefined);
    });
  });
});
