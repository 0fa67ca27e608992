import { expect } from 'chai';
import { identityFromClaims } from '../../../../../src/adapters/globus/parse/id-token-claims.js';

describe('identityFromClaims', () => {
  it('maps the Globus profile claims', () => {
    expect(
      identityFromClaims({
        sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f',
        name: 'Jane Doe',
        preferred_username: 'jdoe@uchicago.edu',
        email: 'jdoe@uchicago.edu',
        organization: 'University of Chicago',
        identity_provider: '91ded6ab-0799-43a3-a1fc-52464472df0e',
        identity_provider_display_name: 'University of Chicago',
      }),
    ).to.deep.equal({
      sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f',
      name: 'Jane Doe',
      preferredUsername: 'jdoe@uchicago.edu',
      email: 'jdoe@uchicago.edu',
      organization: 'University of Chicago',
      identityProvider: '91ded6ab-0799-43a3-a1fc-52464472df0e',
      identityProviderDisplayName: 'University of Chicago',
    });
  });

  it('maps missing, null and non-string claims to null', () => {
    expect(identityFromClaims({ sub: 's', name: null, email: 7 })).to.deep.equal({
      sub: 's',
      name: null,
      preferredUsername: null,
      email: null,
      organization: null,
      identityProvider: null,
      identityProviderDisplayName: null,
    });
  });

  it('returns null without a string sub', () => {
    expect(identityFromClaims({ sub: 42 })).to.equal(null);
    expect(identityFromClaims({})).to.equal(null);
  });
});
