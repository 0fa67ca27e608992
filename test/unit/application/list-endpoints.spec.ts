import { expect } from 'chai';
import { FreshTokens } from '../../../src/application/fresh-tokens.js';
import { ENDPOINTS_PAGE_SIZE, ListEndpoints } from '../../../src/application/list-endpoints.js';
import { DEFAULT_SCOPES } from '../../../src/application/login-settings.js';
import { ConsentRequired, UpstreamUnavailable } from '../../../src/domain/errors.js';
import { asSessionId } from '../../../src/domain/session-id.js';
import type { Token } from '../../../src/domain/token.js';
import { FakeIdentityProvider, JANE, token } from '../../fakes/fake-identity-provider.js';
import { FakeTransferService } from '../../fakes/fake-transfer-service.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { MapTokenStore } from '../../fakes/map-token-store.js';

const TRANSFER = 'transfer.api.globus.org';
const session = asSessionId('s1');
const settings = { scopes: DEFAULT_SCOPES, pkce: true, refreshTokens: true, expiryMarginMs: 60_000 };

describe('ListEndpoints', () => {
  let idp: FakeIdentityProvider;
  let store: MapTokenStore;
  let transfer: FakeTransferService;
  let clock: FixedClock;
  let useCase: ListEndpoints;

  const login = async (transferToken: Token) =>
    store.putSession(session, { identity: JANE, tokens: { [TRANSFER]: transferToken }, grantedScopes: [], loggedInAt: 0 });

  beforeEach(async () => {
    idp = new FakeIdentityProvider();
    store = new MapTokenStore();
    transfer = new FakeTransferService(250);
    clock = FixedClock.at('2026-01-01T00:00:00Z');
    useCase = new ListEndpoints(transfer, new FreshTokens(idp, store, clock, settings));
    await login(token(TRANSFER, 'valid', { refreshToken: 'rt' }));
    transfer.acceptedTokens.add(`access-${TRANSFER}-valid`);
  });

  describe('.execute', () => {
    it('lists one UI page with the Transfer token, within Transfer limits', async () => {
      const result = await useCase.execute({ session, page: 2 });
      if (!result.ok) expect.fail(result.error);
      expect(result.value.endpoints).to.have.length(ENDPOINTS_PAGE_SIZE);
      expect(result.value.endpoints[0]?.displayName).to.equal(`Endpoint ${ENDPOINTS_PAGE_SIZE + 1}`);
      expect(result.value).to.include({ page: 2, hasNextPage: true, hasPreviousPage: true });
      expect(transfer.calls[0]).to.deep.equal({ accessToken: `access-${TRANSFER}-valid`, query: { offset: 50, limit: 50 } });
    });

    it('knows the last page and clamps pages past the offset ceiling', async () => {
      const last = await useCase.execute({ session, page: 5 });
      if (!last.ok) expect.fail(last.error);
      expect(last.value.hasNextPage).to.equal(false);
      await useCase.execute({ session, page: 9999 });
      const query = transfer.calls[1]?.query;
      expect((query?.offset ?? 0) + (query?.limit ?? 0)).to.be.at.most(1000);
    });

    it('passes a search as filter_fulltext', async () => {
      await useCase.execute({ session, page: 1, search: '  lab share ' });
      expect(transfer.calls[0]?.query).to.deep.equal({ offset: 0, limit: 50, fulltext: 'lab share' });
    });

    it('needs a logged-in session', async () => {
      expect(await useCase.execute({ session: undefined, page: 1 })).to.deep.equal({ ok: false, error: 'not-logged-in' });
      expect(await useCase.execute({ session: asSessionId('nobody'), page: 1 })).to.deep.equal({ ok: false, error: 'not-logged-in' });
      expect(transfer.calls).to.have.length(0);
    });

    it('refreshes an expiring token before use, once for concurrent requests', async () => {
      await login(token(TRANSFER, 'old', { refreshToken: 'rt', expiresAt: clock.now() + 30_000 }));
      idp.refreshResult = async () => token(TRANSFER, 'valid', { expiresAt: clock.now() + 3_600_000 });
      const results = await Promise.all(Array.from({ length: 10 }, () => useCase.execute({ session, page: 1 })));
      expect(results.every((r) => r.ok)).to.equal(true);
      expect(idp.refreshed).to.deep.equal(['rt']);
      const stored = await store.getSession(session);
      expect(stored?.tokens[TRANSFER]?.accessToken).to.equal(`access-${TRANSFER}-valid`);
      expect(stored?.tokens[TRANSFER]?.refreshToken).to.equal('rt');
    });

    it('asks for a new login when an expired token cannot be refreshed', async () => {
      await login(token(TRANSFER, 'old', { expiresAt: clock.now() - 1 }));
      expect(await useCase.execute({ session, page: 1 })).to.deep.equal({ ok: false, error: 'login-required' });
      expect(transfer.calls).to.have.length(0);
    });

    it('ends the session when the refresh token is rejected, revoking what it held', async () => {
      await login(token(TRANSFER, 'old', { refreshToken: 'rt', expiresAt: clock.now() - 1 }));
      expect(await useCase.execute({ session, page: 1 })).to.deep.equal({ ok: false, error: 'login-required' });
      expect(await store.getSession(session)).to.equal(undefined);
      expect(idp.revoked).to.have.members([`access-${TRANSFER}-old`, 'rt']);
    });

    it('uses a token another request refreshed meanwhile instead of refreshing again', async () => {
      const stale = token(TRANSFER, 'old', { refreshToken: 'rt', expiresAt: clock.now() - 1 });
      await login(token(TRANSFER, 'valid', { refreshToken: 'rt', expiresAt: clock.now() + 3_600_000 }));
      const fresh = await new FreshTokens(idp, store, clock, settings).refresh(session, stale);
      expect(fresh.ok && fresh.value.accessToken).to.equal(`access-${TRANSFER}-valid`);
      expect(idp.refreshed).to.have.length(0);
    });

    it('keeps the session when the refresh fails transiently', async () => {
      await login(token(TRANSFER, 'old', { refreshToken: 'rt', expiresAt: clock.now() - 1 }));
      idp.refreshResult = () => Promise.reject(new UpstreamUnavailable('Globus Auth'));
      try {
        await useCase.execute({ session, page: 1 });
        expect.fail('should have thrown');
      } catch (error) {
        expect(error).to.be.instanceOf(UpstreamUnavailable);
      }
      expect(await store.getSession(session)).to.not.equal(undefined);
    });

    it('refreshes once and retries once when Transfer rejects a token we believed valid', async () => {
      await login(token(TRANSFER, 'revoked', { refreshToken: 'rt' }));
      idp.refreshResult = async () => token(TRANSFER, 'valid');
      const result = await useCase.execute({ session, page: 1 });
      expect(result.ok).to.equal(true);
      expect(transfer.calls.map((c) => c.accessToken)).to.deep.equal([`access-${TRANSFER}-revoked`, `access-${TRANSFER}-valid`]);
    });

    it('asks for a new login when the retried token is rejected too', async () => {
      await login(token(TRANSFER, 'revoked', { refreshToken: 'rt' }));
      idp.refreshResult = async () => token(TRANSFER, 'also-revoked');
      expect(await useCase.execute({ session, page: 1 })).to.deep.equal({ ok: false, error: 'login-required' });
      expect(transfer.calls).to.have.length(2);
    });

    it('lets consent-required through for the edge to send the user back to Globus', async () => {
      transfer.failure = new ConsentRequired(['scope-x']);
      try {
        await useCase.execute({ session, page: 1 });
        expect.fail('should have thrown');
      } catch (error) {
        expect(error).to.be.instanceOf(ConsentRequired);
      }
    });
  });
});
