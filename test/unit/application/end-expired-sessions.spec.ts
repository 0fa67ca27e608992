import { expect } from 'chai';
import { EndExpiredSessions } from '../../../src/application/end-expired-sessions.js';
import { KeepSessionAlive } from '../../../src/application/keep-session-alive.js';
import { asSessionId } from '../../../src/domain/session-id.js';
import type { UserSession } from '../../../src/domain/user-session.js';
import { FakeIdentityProvider, JANE, token } from '../../fakes/fake-identity-provider.js';
import { MapTokenStore } from '../../fakes/map-token-store.js';

const LIFETIME_MS = 1_000;
const NOW = 10_000;

const userWith = (suffix: string, loggedInAt: number): UserSession => ({
  identity: JANE,
  tokens: {
    'auth.globus.org': token('auth.globus.org', suffix, { refreshToken: `refresh-auth-${suffix}` }),
    'transfer.api.globus.org': token('transfer.api.globus.org', suffix),
  },
  grantedScopes: [],
  loggedInAt,
});

describe('EndExpiredSessions', () => {
  let idp: FakeIdentityProvider;
  let store: MapTokenStore;

  beforeEach(async () => {
    idp = new FakeIdentityProvider();
    store = new MapTokenStore(LIFETIME_MS, () => NOW);
    await store.putSession(asSessionId('old'), userWith('old', NOW - LIFETIME_MS - 1));
    await store.putSession(asSessionId('older'), userWith('older', 0));
    await store.putSession(asSessionId('live'), userWith('live', NOW - 10));
  });

  it('revokes every access and refresh token of each expired session and leaves live sessions alone', async () => {
    const out = await new EndExpiredSessions(idp, store).execute(10);
    expect(out).to.deep.equal({ ended: 2, unrevoked: 0 });
    expect(idp.revoked).to.have.members([
      'access-auth.globus.org-old',
      'refresh-auth-old',
      'access-transfer.api.globus.org-old',
      'access-auth.globus.org-older',
      'refresh-auth-older',
      'access-transfer.api.globus.org-older',
    ]);
    expect(await store.getSession(asSessionId('live'))).to.not.equal(undefined);
  });

  it('leaves a session alone whose end KeepSessionAlive moved', async () => {
    await new KeepSessionAlive(store).execute(asSessionId('old'), NOW + 60_000);
    expect(await new EndExpiredSessions(idp, store).execute(10)).to.deep.equal({ ended: 1, unrevoked: 0 });
    expect(await store.getSession(asSessionId('old'))).to.not.equal(undefined);
  });

  it('ends no more than the limit at a time', async () => {
    expect(await new EndExpiredSessions(idp, store).execute(1)).to.deep.equal({ ended: 1, unrevoked: 0 });
    expect(idp.revoked).to.have.length(3);
  });

  it('counts the sessions Globus would not revoke, and still ends them', async () => {
    idp.failRevocationOf.add('refresh-auth-old');
    const useCase = new EndExpiredSessions(idp, store);
    expect(await useCase.execute(10)).to.deep.equal({ ended: 2, unrevoked: 1 });
    expect(await useCase.execute(10)).to.deep.equal({ ended: 0, unrevoked: 0 });
  });
});
