import { expect } from 'chai';
import { parseJwks } from '../../../../../src/adapters/globus/parse/jwks.js';

describe('parseJwks', () => {
  it('keeps a Globus key set: one RSA key without kid', () => {
    const jwks = { keys: [{ kty: 'RSA', alg: 'RS512', use: 'sig', e: 'AQAB', n: 'sXch' }] };
    expect(parseJwks(jwks)).to.deep.equal(jwks);
  });

  it('returns null for an empty or malformed set', () => {
    for (const body of [undefined, {}, { keys: [] }, { keys: [{ n: 'x' }] }]) expect(parseJwks(body)).to.equal(null);
  });
});
