import { expect } from 'chai';
import { OpenedProfiles } from '../../../../src/adapters/shared/opened-profiles.js';
import { asSessionId } from '../../../../src/domain/session-id.js';
import type { SessionProfile } from '../../../../src/domain/user-session.js';

const profile = (name: string): SessionProfile => ({
  identity: { sub: name, name, preferredUsername: null, email: null, organization: null, identityProvider: null, identityProviderDisplayName: null },
  grantedScopes: ['openid'],
  loggedInAt: 0,
});
const a = asSessionId('a'.repeat(32));
const b = asSessionId('b'.repeat(32));
const c = asSessionId('c'.repeat(32));

describe('OpenedProfiles', () => {
  it('answers only for the exact record the profile was opened from', () => {
    const profiles = new OpenedProfiles();
    profiles.remember(a, 'record-1', profile('Ann'));
    expect(profiles.get(a, `record-${1}`)?.identity.name).to.equal('Ann');
    expect(profiles.get(a, 'record-2')).to.equal(undefined);
    // A miss forgets the stale entry, so the old record does not come back either.
    expect(profiles.get(a, 'record-1')).to.equal(undefined);
    expect(profiles.get(a, undefined)).to.equal(undefined);
  });

  it('drops the oldest entry beyond its capacity', () => {
    const profiles = new OpenedProfiles(2);
    profiles.remember(a, 'ra', profile('a'));
    profiles.remember(b, 'rb', profile('b'));
    profiles.remember(c, 'rc', profile('c'));
    expect(profiles.get(a, 'ra')).to.equal(undefined);
    expect(profiles.get(b, 'rb')?.identity.sub).to.equal('b');
    expect(profiles.get(c, 'rc')?.identity.sub).to.equal('c');
  });

  it('forgets a session, and retains only sessions still holding their record', () => {
    const profiles = new OpenedProfiles();
    profiles.remember(a, 'ra', profile('a'));
    profiles.remember(b, 'rb', profile('b'));
    profiles.remember(c, 'rc', profile('c'));
    profiles.forget(a);
    profiles.retain((session) => (session === b ? 'rb' : 'changed'));
    expect([profiles.get(a, 'ra'), profiles.get(b, 'rb'), profiles.get(c, 'rc')].map((p) => p?.identity.sub)).to.deep.equal([undefined, 'b', undefined]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new OpenedProfiles(0)).to.throw(RangeError);
  });
});
