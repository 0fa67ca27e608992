import { expect } from 'chai';
import { pkceChallenge } from '../../../../src/adapters/globus/pkce-challenge.js';

describe('pkceChallenge', () => {
  it('computes the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).to.equal('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});
