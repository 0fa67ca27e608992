import { expect } from 'chai';
// keygrip itself (what Koa's cookies used before, installed with them): cookies it signed must stay valid.
import Keygrip from 'keygrip';
import { cookieSigner } from '../../../../src/adapters/http/cookie-signer.js';

const keygripSignature = (data: string, secret: string): string => new Keygrip([secret]).sign(data);

describe('cookieSigner', () => {
  const data = 'sid=Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4';

  it('signs exactly as keygrip does, so cookies signed before stay valid', () => {
    // Many inputs, so a signature with +, / or = padding in base64 is among them.
    for (let i = 0; i < 50; i += 1) {
      expect(cookieSigner(['current', 'old']).sign(`${data}${i}`)).to.equal(keygripSignature(`${data}${i}`, 'current'));
    }
  });

  it('tells which secret signed, and -1 for a forged, truncated or empty signature', () => {
    const signer = cookieSigner(['new', 'old']);
    expect(signer.index(data, keygripSignature(data, 'new'))).to.equal(0);
    expect(signer.index(data, keygripSignature(data, 'old'))).to.equal(1);
    expect(signer.index(data, keygripSignature(data, 'someone else'))).to.equal(-1);
    expect(signer.index(data, keygripSignature(data, 'new').slice(0, -1))).to.equal(-1);
    expect(signer.index(data, '')).to.equal(-1);
    expect(signer.index(`${data}x`, keygripSignature(data, 'new'))).to.equal(-1);
  });

  it('verifies with any secret but signs with the first', () => {
    const signer = cookieSigner(['new', 'old']);
    expect(signer.verify(data, keygripSignature(data, 'old'))).to.equal(true);
    expect(signer.verify(data, keygripSignature(data, 'forged'))).to.equal(false);
    expect(signer.sign(data)).to.equal(keygripSignature(data, 'new'));
  });

  it('refuses to exist without a secret', () => {
    expect(() => cookieSigner([])).to.throw(/at least one secret/);
  });
});
