import { expect } from 'chai';
import { Logout } from '../../../src/application/logout.js';
import { asSessionId } from '../../../src/domain/session-id.js';
import { FakeIdentityProvider, JANE, token } from '../../fakes/fake-identity-provider.js';
import { MapTokenStore } from '../../fakes/map-token-store.js';

describe('Logout', () => {
  const session = asSessionId('s1');
  let idp: FakeIdentityProvider;
  let store: MapTokenStore;

  beforeEach(async () => {
    idp = new FakeIdentityProvider();
    store = new MapTokenStore();
    await store.putSession(session, {
      identity: JANE,
      tokens: {
        'auth.globus.org': token('auth.globus.org', 'a', { refreshToken: 'refresh-auth' }),
        'transfer.api.globus.org': token('transfer.api.globus.org', 't', { refreshToken: 'refresh-transfer' }),
      },
      grantedScopes: [],
      loggedInAt: 0,
    });
  });

  describe('.execute', () => {
    it('revokes every access and refresh token, forgets the session and returns the Globus logout page', async () => {
      const out = await new Logout(idp, store).execute(session);
      expect(idp.revoked).to.have.members(['access-auth.globus.org-a', 'refresh-auth', 'access-transfer.api.globus.org-t', 'refresh-transfer']);
      expect(await store.getSession(session)).to.equal(undefined);
      expect(out).to.deep.equal({ logoutUrl: idp.logoutUrl(), unrevoked: [] });
    });

    it('still forgets the session when Globus cannot revoke, and names the resource server', async () => {
      idp.failRevocationOf.add('access-transfer.api.globus.org-t');
      const out = await new Logout(idp, store).execute(session);
      expect(out.unrevoked).to.deep.equal(['transfer.api.globus.org']);
      expect(await store.getSession(session)).to.equal(undefined);
    });

    it('works without a session', async () => {
      const out = await new Logout(idp, store).execute(undefined);
      expect(out.logoutUrl).to.equal(idp.logoutUrl());
      expect(idp.revoked).to.have.length(0);
    });
  });
});
