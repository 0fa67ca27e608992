import { expect } from 'chai';
import { FreshTokens } from '../../../src/application/fresh-tokens.js';
import { ListEndpoints } from '../../../src/application/list-endpoints.js';
import { DEFAULT_SCOPES } from '../../../src/application/login-settings.js';
import { asSessionId, type SessionId } from '../../../src/domain/session-id.js';
import type { UserSession } from '../../../src/domain/user-session.js';
import { FakeIdentityProvider, JANE, token } from '../../fakes/fake-identity-provider.js';
import { FakeTransferService } from '../../fakes/fake-transfer-service.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { MapTokenStore } from '../../fakes/map-token-store.js';

const TRANSFER = 'transfer.api.globus.org';
const session = asSessionId('s1');
const settings = { scopes: DEFAULT_SCOPES, pkce: true, refreshTokens: true, expiryMarginMs: 60_000 };

/** A MapTokenStore that counts session reads: each one opens a sealed record in the real stores. */
class CountingStore extends MapTokenStore {
  reads = 0;
  override async getSession(id: SessionId): Promise<UserSession | undefined> {
    this.reads += 1;
    return super.getSession(id);
  }
}

describe('ListEndpoints: the logged-in user comes with the listing', () => {
  let idp: FakeIdentityProvider;
  let store: CountingStore;
  let transfer: FakeTransferService;
  let clock: FixedClock;
  let useCase: ListEndpoints;

  beforeEach(async () => {
    idp = new FakeIdentityProvider();
    store = new CountingStore();
    transfer = new FakeTransferService(3);
    clock = FixedClock.at('2026-01-01T00:00:00Z');
    useCase = new ListEndpoints(transfer, new FreshTokens(idp, store, clock, settings));
    await store.putSession(session, { identity: JANE, tokens: { [TRANSFER]: token(TRANSFER, 'valid', { refreshToken: 'rt' }) }, grantedScopes: ['openid'], loggedInAt: 7 });
    transfer.acceptedTokens.add(`access-${TRANSFER}-valid`);
  });

  it('returns the profile of the user it read for the token, without tokens, reading the store once', async () => {
    const result = await useCase.execute({ session, page: 1 });
    if (!result.ok) expect.fail(result.error);
    expect(result.value.user).to.deep.equal({ identity: JANE, grantedScopes: ['openid'], loggedInAt: 7 });
    expect(result.value.user).to.not.have.property('tokens');
    expect(result.value.endpoints).to.have.length(3);
    expect(store.reads).to.equal(1);
  });

  it('returns the user after a refresh too, and the session then holds the refreshed token', async () => {
    await store.putSession(session, {
      identity: JANE,
      tokens: { [TRANSFER]: token(TRANSFER, 'old', { refreshToken: 'rt', expiresAt: clock.now() + 30_000 }) },
      grantedScopes: [],
      loggedInAt: 0,
    });
    idp.refreshResult = async () => token(TRANSFER, 'valid', { expiresAt: clock.now() + 3_600_000 });
    const result = await useCase.execute({ session, page: 1 });
    if (!result.ok) expect.fail(result.error);
    expect(result.value.user.identity).to.deep.equal(JANE);
    expect(transfer.calls.map((c) => c.accessToken)).to.deep.equal([`access-${TRANSFER}-valid`]);
    expect((await store.getSession(session))?.tokens[TRANSFER]?.accessToken).to.equal(`access-${TRANSFER}-valid`);
  });

  it('FreshTokens.get still hands out the token alone', async () => {
    const found = await new FreshTokens(idp, store, clock, settings).get(session, TRANSFER);
    expect(found.ok && found.value.accessToken).to.equal(`access-${TRANSFER}-valid`);
    expect(await new FreshTokens(idp, store, clock, settings).get(asSessionId('nobody'), TRANSFER)).to.deep.equal({ ok: false, error: 'not-logged-in' });
  });
});
