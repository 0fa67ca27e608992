import { expect } from 'chai';
import { canonicalScope, parseScopeParameter, splitScopes, tokenScopeString } from '../../src/fake-globus/scopes.js';

describe('fake Globus: scope strings', () => {
  describe('splitScopes', () => {
    it('splits on whitespace outside brackets only', () => {
      expect(splitScopes('openid  a[b c] d')).to.deep.equal(['openid', 'a[b c]', 'd']);
    });
    it('returns null for unbalanced brackets', () => {
      expect(splitScopes('a[b')).to.equal(null);
      expect(splitScopes('a]b[')).to.equal(null);
    });
  });

  describe('parseScopeParameter', () => {
    it('places scopes on their resource servers and notes offline_access', () => {
      const parsed = parseScopeParameter('openid urn:globus:auth:scope:transfer.api.globus.org:all offline_access https://auth.globus.org/scopes/abc-123/data_access');
      if (!parsed.ok) throw new Error('expected a parse');
      expect(parsed.offlineAccess).to.equal(true);
      expect(parsed.scopes.map((s) => s.resourceServer)).to.deep.equal(['auth.globus.org', 'transfer.api.globus.org', 'abc-123']);
    });
    it('keeps dependent scopes', () => {
      const parsed = parseScopeParameter('urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c0/data_access]');
      if (!parsed.ok) throw new Error('expected a parse');
      expect(parsed.scopes[0]).to.deep.include({ base: 'urn:globus:auth:scope:transfer.api.globus.org:all', dependencies: ['*https://auth.globus.org/scopes/c0/data_access'] });
    });
    it('rejects words it cannot place', () => {
      expect(parseScopeParameter('openid bogus')).to.deep.equal({ ok: false, invalid: 'bogus' });
      expect(parseScopeParameter('offline_access').ok).to.equal(false);
    });
  });

  it('compares scopes canonically (whitespace inside brackets)', () => {
    expect(canonicalScope('urn:globus:auth:scope:x:all[ https://auth.globus.org/scopes/a/b ]')).to.equal(
      'urn:globus:auth:scope:x:all[https://auth.globus.org/scopes/a/b]',
    );
  });

  it('lists OIDC scopes in Globus order rather than request order', () => {
    const parsed = parseScopeParameter('openid email profile');
    if (!parsed.ok) throw new Error('expected a parse');
    expect(tokenScopeString(parsed.scopes)).to.equal('profile email openid');
  });
});
