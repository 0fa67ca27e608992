import { expect } from 'chai';
import { CompleteLogin } from '../../../src/application/complete-login.js';
import { UpstreamUnavailable } from '../../../src/domain/errors.js';
import type { LoginAttempt } from '../../../src/domain/login-attempt.js';
import { asSessionId } from '../../../src/domain/session-id.js';
import { CountingRandom } from '../../fakes/counting-random.js';
import { FakeIdentityProvider, JANE, token } from '../../fakes/fake-identity-provider.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { MapTokenStore } from '../../fakes/map-token-store.js';

const session = asSessionId('pre-login-session');
const attempt = (overrides: Partial<LoginAttempt> = {}): LoginAttempt => ({
  state: 'state-1',
  nonce: 'nonce-1',
  codeVerifier: 'verifier-1',
  returnTo: '/endpoints',
  scopes: ['openid'],
  createdAt: Date.parse('2026-01-01T00:00:00Z'),
  ...overrides,
});

describe('CompleteLogin', () => {
  let idp: FakeIdentityProvider;
  let store: MapTokenStore;
  let clock: FixedClock;
  let useCase: CompleteLogin;

  beforeEach(async () => {
    idp = new FakeIdentityProvider('good-code');
    store = new MapTokenStore();
    clock = FixedClock.at('2026-01-01T00:01:00Z');
    useCase = new CompleteLogin(idp, store, clock, new CountingRandom());
    await store.putAttempt(session, attempt());
  });

  describe('.execute', () => {
    it('exchanges the code with the verifier, stores every token under a new session id and returns the identity', async () => {
      const result = await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });

      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.value.session).to.not.equal(session);
      expect(result.value.identity).to.deep.equal(JANE);
      expect(result.value.returnTo).to.equal('/endpoints');
      expect(idp.exchanges).to.deep.equal([{ code: 'good-code', verifier: 'verifier-1' }]);
      const stored = await store.getSession(result.value.session);
      expect(Object.keys(stored?.tokens ?? {})).to.have.members(['auth.globus.org', 'transfer.api.globus.org']);
      expect(stored?.grantedScopes).to.include.members(['openid', 'urn:globus:auth:scope:transfer.api.globus.org:all']);
      expect(await store.getSession(session)).to.equal(undefined);
    });

    it('refuses a state this session did not issue, without calling Globus', async () => {
      const result = await useCase.execute({ session, state: 'forged', outcome: { code: 'good-code' } });
      expect(result).to.deep.equal({ ok: false, error: 'no-pending-login' });
      expect(idp.exchanges).to.have.length(0);
      expect(store.sessions.size).to.equal(0);
    });

    it('refuses a callback without a session', async () => {
      const result = await useCase.execute({ session: undefined, state: 'state-1', outcome: { code: 'good-code' } });
      expect(result).to.deep.equal({ ok: false, error: 'no-pending-login' });
      expect(idp.exchanges).to.have.length(0);
    });

    it('redeems a pending login only once', async () => {
      await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });
      const second = await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });
      expect(second).to.deep.equal({ ok: false, error: 'no-pending-login' });
      expect(idp.exchanges).to.have.length(1);
    });

    it('refuses an expired pending login', async () => {
      clock.advance(11 * 60_000);
      const result = await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });
      expect(result).to.deep.equal({ ok: false, error: 'login-expired' });
      expect(idp.exchanges).to.have.length(0);
    });

    it('reports a declined login only when the state is valid', async () => {
      expect(await useCase.execute({ session, state: 'other', outcome: { error: 'access_denied' } })).to.deep.equal({ ok: false, error: 'no-pending-login' });
      expect(await useCase.execute({ session, state: 'state-1', outcome: { error: 'access_denied' } })).to.deep.equal({ ok: false, error: 'declined' });
    });

    it('reports a rejected code and stores nothing', async () => {
      const result = await useCase.execute({ session, state: 'state-1', outcome: { code: 'bad-code' } });
      expect(result).to.deep.equal({ ok: false, error: 'code-rejected' });
      expect(store.sessions.size).to.equal(0);
    });

    it('revokes the tokens and stores nothing when the id_token does not verify', async () => {
      idp.idTokenValid = false;
      const result = await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });
      expect(result).to.deep.equal({ ok: false, error: 'id-token-invalid' });
      expect(idp.revoked).to.have.members(idp.grant.tokens.map((t) => t.accessToken));
      expect(store.sessions.size).to.equal(0);
    });

    it('revokes the tokens when the response has no id_token', async () => {
      idp.grant = { ...idp.grant, idToken: null };
      const result = await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });
      expect(result).to.deep.equal({ ok: false, error: 'id-token-invalid' });
      expect(idp.revoked).to.have.length(2);
    });

    it('lets infrastructure failures propagate so the edge can show an unavailable page', async () => {
      idp.exchangeCode = () => Promise.reject(new UpstreamUnavailable('Globus Auth', true));
      try {
        await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });
        expect.fail('should have thrown');
      } catch (error) {
        expect(error).to.be.instanceOf(UpstreamUnavailable);
      }
      expect(store.sessions.size).to.equal(0);
    });

    it('replaces a previous login wholesale and revokes its superseded tokens', async () => {
      const old = { identity: { ...JANE, sub: 'someone-else' }, tokens: { 'auth.globus.org': token('auth.globus.org', 'old') }, grantedScopes: [], loggedInAt: 0 };
      await store.putSession(session, old);
      const result = await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });
      if (!result.ok) expect.fail(result.error);
      const stored = await store.getSession(result.value.session);
      expect(stored?.identity.sub).to.equal(JANE.sub);
      expect(stored?.tokens['auth.globus.org']?.accessToken).to.equal('access-auth.globus.org-1');
      expect(idp.revoked).to.deep.equal(['access-auth.globus.org-old']);
    });

    it('keeps other pending logins of the same browser alive across the session rotation', async () => {
      await store.putAttempt(session, attempt({ state: 'state-2' }));
      const first = await useCase.execute({ session, state: 'state-1', outcome: { code: 'good-code' } });
      if (!first.ok) expect.fail(first.error);
      const second = await useCase.execute({ session: first.value.session, state: 'state-2', outcome: { code: 'good-code' } });
      expect(second.ok).to.equal(true);
    });
  });
});
