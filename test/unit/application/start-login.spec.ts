import { expect } from 'chai';
import { StartLogin } from '../../../src/application/start-login.js';
import { DEFAULT_SCOPES, type LoginSettings } from '../../../src/application/login-settings.js';
import { asSessionId } from '../../../src/domain/session-id.js';
import { CountingRandom } from '../../fakes/counting-random.js';
import { FakeIdentityProvider } from '../../fakes/fake-identity-provider.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { MapTokenStore } from '../../fakes/map-token-store.js';

const settings = (overrides: Partial<LoginSettings> = {}): LoginSettings => ({
  scopes: DEFAULT_SCOPES,
  pkce: true,
  refreshTokens: false,
  expiryMarginMs: 60_000,
  ...overrides,
});

describe('StartLogin', () => {
  let idp: FakeIdentityProvider;
  let store: MapTokenStore;
  const clock = FixedClock.at('2026-01-01T00:00:00Z');

  beforeEach(() => {
    idp = new FakeIdentityProvider();
    store = new MapTokenStore();
  });

  describe('.execute', () => {
    it('creates a session, remembers state, nonce and verifier, and asks for the configured scopes', async () => {
      const useCase = new StartLogin(idp, store, clock, new CountingRandom(), settings());
      const out = await useCase.execute({ session: undefined, returnTo: '/endpoints' });

      const [attempt] = store.attempts.get(out.session) ?? [];
      expect(attempt).to.include({ returnTo: '/endpoints', createdAt: clock.now() });
      expect(attempt?.codeVerifier).to.be.a('string');
      const [request] = idp.authorizationRequests;
      expect(request).to.deep.include({ state: attempt?.state, nonce: attempt?.nonce, codeVerifier: attempt?.codeVerifier, offline: false });
      expect(request?.scopes).to.deep.equal([...DEFAULT_SCOPES]);
      expect(out.authorizationUrl).to.contain(attempt?.state);
    });

    it('uses distinct values for session, state, nonce and verifier', async () => {
      const out = await new StartLogin(idp, store, clock, new CountingRandom(), settings()).execute({ session: undefined });
      const [attempt] = store.attempts.get(out.session) ?? [];
      const values = [out.session, attempt?.state, attempt?.nonce, attempt?.codeVerifier];
      expect(new Set(values).size).to.equal(4);
    });

    it('keeps an existing session id so several tabs can log in at once', async () => {
      const useCase = new StartLogin(idp, store, clock, new CountingRandom(), settings());
      const session = asSessionId('existing');
      await useCase.execute({ session });
      await useCase.execute({ session });
      expect(store.attempts.get(session)).to.have.length(2);
    });

    it('omits PKCE when switched off and asks for refresh tokens when configured', async () => {
      const out = await new StartLogin(idp, store, clock, new CountingRandom(), settings({ pkce: false, refreshTokens: true })).execute({
        session: undefined,
      });
      const [attempt] = store.attempts.get(out.session) ?? [];
      expect(attempt).to.not.have.property('codeVerifier');
      expect(idp.authorizationRequests[0]).to.not.have.property('codeVerifier');
      expect(idp.authorizationRequests[0]?.offline).to.equal(true);
    });

    it('never keeps a return path that leaves the app', async () => {
      for (const evil of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
        const out = await new StartLogin(idp, store, clock, new CountingRandom(), settings()).execute({ session: undefined, returnTo: evil });
        expect(store.attempts.get(out.session)?.[0]?.returnTo, evil).to.equal('/');
      }
    });

    it('adds scopes a resource server asked for, without duplicates', async () => {
      const extra = 'urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/abc/data_access]';
      await new StartLogin(idp, store, clock, new CountingRandom(), settings()).execute({ session: undefined, extraScopes: [extra, 'openid'] });
      expect(idp.authorizationRequests[0]?.scopes).to.deep.equal([...DEFAULT_SCOPES, extra]);
    });

    it('ignores extra scopes that are not dependent forms of its own (a link cannot widen the grant)', async () => {
      const wider = ['urn:globus:auth:scope:groups.api.globus.org:all', 'urn:globus:auth:scope:transfer.api.globus.org:all2', 'openid[x'];
      await new StartLogin(idp, store, clock, new CountingRandom(), settings()).execute({ session: undefined, extraScopes: wider });
      expect(idp.authorizationRequests[0]?.scopes).to.deep.equal([...DEFAULT_SCOPES]);
    });
  });
});
