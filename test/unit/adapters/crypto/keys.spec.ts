import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { generateKey, parseKeys } from '../../../../src/adapters/crypto/keys.js';

describe('parseKeys', () => {
  const raw = randomBytes(32);

  for (const [format, text] of [
    ['hex', raw.toString('hex')],
    ['upper-case hex', raw.toString('hex').toUpperCase()],
    ['padded base64', raw.toString('base64')],
    ['base64url', raw.toString('base64url')],
  ] as const) {
    it(`reads a 32-byte key in ${format}`, () => {
      expect(parseKeys(text)).to.deep.equal([raw]);
    });
  }

  it('reads a comma-separated list in order, ignoring spaces and empty items', () => {
    const other = randomBytes(32);
    expect(parseKeys(` ${raw.toString('base64url')} ,, ${other.toString('hex')},`)).to.deep.equal([raw, other]);
  });

  it('rejects a key of the wrong length, naming its position but not its value', () => {
    const short = randomBytes(16).toString('base64url');
    expect(() => parseKeys(`${raw.toString('hex')},${short}`))
      .to.throw('encryption key #2 is 16 bytes; AES-256 needs exactly 32')
      .with.property('message')
      .that.does.not.include(short);
  });

  it('rejects 62 hex characters as the wrong length', () => {
    expect(() => parseKeys(raw.toString('hex').slice(0, 62))).to.throw('encryption key #1 is');
  });

  it('rejects characters outside hex and base64', () => {
    expect(() => parseKeys('not a key!')).to.throw('encryption key #1 is neither 64 hex characters nor base64');
  });

  it('rejects an empty spec', () => {
    expect(() => parseKeys(' , ')).to.throw('no encryption key given');
  });
});

describe('generateKey', () => {
  it('makes a fresh key that parseKeys accepts as 32 bytes', () => {
    const [key] = parseKeys(generateKey());
    expect(key).to.have.length(32);
    expect(generateKey()).not.to.equal(generateKey());
  });
});
