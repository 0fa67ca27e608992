import { expect } from 'chai';
import { parseTokenResponse } from '../../../../../src/adapters/globus/parse/token-response.js';
import { globusFixture, withoutFields } from '../../../../contract/globus/support/globus-fixture.js';

const NOW = 1_795_860_000_000;

describe('parseTokenResponse', () => {
  describe('having the code-exchange fixture', () => {
    it('returns the top-level token first, then other_tokens, with expiresAt = now + expires_in', () => {
      const grant = parseTokenResponse(globusFixture('auth-token-code-exchange'), NOW);

      expect(grant?.tokens.map((t) => [t.resourceServer, t.expiresAt, typeof t.refreshToken])).to.deep.equal([
        ['auth.globus.org', NOW + 172_800_000, 'string'],
        ['transfer.api.globus.org', NOW + 172_800_000, 'string'],
      ]);
      expect(grant?.idToken).to.match(/^eyJ/);
    });
  });

  describe('having the refresh fixture', () => {
    it('returns the single token and no id_token', () => {
      const grant = parseTokenResponse(globusFixture('auth-token-refresh'), NOW);

      expect(grant?.tokens).to.have.length(1);
      expect(grant?.idToken).to.equal(null);
    });
  });

  describe('having a token without refresh_token (online access)', () => {
    it('leaves refreshToken out instead of setting it to undefined', () => {
      const body = { ...globusFixture('auth-token-refresh'), refresh_token: null };

      const [token] = parseTokenResponse(body, NOW)?.tokens ?? [];

      expect(token).not.to.have.property('refreshToken');
    });
  });

  it('tolerates a missing other_tokens', () => {
    const body = withoutFields(globusFixture('auth-token-refresh'), 'other_tokens');

    expect(parseTokenResponse(body, NOW)?.tokens).to.have.length(1);
  });

  for (const [label, body] of [
    ['a non-object', 'access_token'],
    ['undefined (a non-JSON body)', undefined],
    ['a token without resource_server', { access_token: 'a', expires_in: 1, scope: 's', other_tokens: [] }],
    ['a string expires_in', { access_token: 'a', expires_in: '1', resource_server: 'r', scope: 's', other_tokens: [] }],
    ['a malformed other_tokens entry', { ...globusFixture('auth-token-refresh'), other_tokens: [{ access_token: 'b' }] }],
  ] as const) {
    it(`returns null for ${label}`, () => {
      expect(parseTokenResponse(body, NOW)).to.equal(null);
    });
  }
});
