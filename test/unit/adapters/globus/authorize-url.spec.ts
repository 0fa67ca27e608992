import { expect } from 'chai';
import { authorizeUrl } from '../../../../src/adapters/globus/authorize-url.js';

const settings = {
  authUrl: 'https://auth.globus.org/',
  clientId: '7cb20c91-aec7-48ac-b345-4c5dc452117d',
  redirectUri: 'https://app.example.org/login',
};
const scopes = ['openid', 'profile', 'email', 'urn:globus:auth:scope:transfer.api.globus.org:all'];

describe('authorizeUrl', () => {
  describe('having no verifier and online access', () => {
    it('builds the code-flow URL with state and nonce, scopes space-joined and encoded', () => {
      expect(authorizeUrl(settings, { state: 'p0Zr7dXq', nonce: 'n-0S6', scopes, offline: false })).to.equal(
        'https://auth.globus.org/v2/oauth2/authorize?client_id=7cb20c91-aec7-48ac-b345-4c5dc452117d' +
          '&redirect_uri=https%3A%2F%2Fapp.example.org%2Flogin' +
          '&scope=openid%20profile%20email%20urn%3Aglobus%3Aauth%3Ascope%3Atransfer.api.globus.org%3Aall' +
          '&state=p0Zr7dXq&response_type=code&nonce=n-0S6',
      );
    });
  });

  describe('having a verifier and offline access', () => {
    it('adds the S256 challenge and access_type=offline', () => {
      const url = new URL(
        authorizeUrl(settings, {
          state: 's',
          nonce: 'n',
          scopes: ['openid'],
          codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
          offline: true,
        }),
      );

      expect(url.searchParams.get('code_challenge')).to.equal('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
      expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
      expect(url.searchParams.get('access_type')).to.equal('offline');
      expect(url.searchParams.has('code_verifier')).to.equal(false);
    });
  });

  it('encodes dependent-scope brackets and works with an authUrl lacking the trailing slash', () => {
    const url = authorizeUrl(
      { ...settings, authUrl: 'http://127.0.0.1:5001' },
      { state: 's', nonce: 'n', scopes: ['urn:globus:auth:scope:transfer.api.globus.org:all[*https://x/data_access]'], offline: false },
    );

    expect(url).to.match(/^http:\/\/127\.0\.0\.1:5001\/v2\/oauth2\/authorize\?/);
    expect(url).to.include('%5B*https%3A%2F%2Fx%2Fdata_access%5D');
  });
});
