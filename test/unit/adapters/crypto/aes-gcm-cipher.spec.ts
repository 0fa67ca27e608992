import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AesGcmCipher } from '../../../../src/adapters/crypto/aes-gcm-cipher.js';
import { CipherError } from '../../../../src/adapters/crypto/cipher-error.js';

const SECRET = 'AgT0k3n-secret-value';

function decryptError(cipher: AesGcmCipher, ciphertext: string): CipherError {
  try {
    cipher.decrypt(ciphertext);
  } catch (error) {
    if (CipherError.is(error)) return error;
    throw error;
  }
  throw new Error('decrypt did not throw');
}

/** Replaces one base64url character of part `index` with a different one. */
function flipChar(ciphertext: string, index: number): string {
  const parts = ciphertext.split('.');
  const part = parts[index] ?? '';
  const replacement = part[2] === 'A' ? 'B' : 'A';
  parts[index] = `${part.slice(0, 2)}${replacement}${part.slice(3)}`;
  return parts.join('.');
}

describe('AesGcmCipher', () => {
  const key1 = randomBytes(32);
  const key2 = randomBytes(32);

  describe('constructor', () => {
    it('rejects a key that is not 32 bytes, naming its position', () => {
      expect(() => new AesGcmCipher([key1, randomBytes(16)])).to.throw('encryption key #2 is 16 bytes');
    });

    it('rejects an empty key list', () => {
      expect(() => new AesGcmCipher([])).to.throw('at least one key');
    });
  });

  describe('.encrypt', () => {
    it('produces v1.<keyId>.<iv>.<tag>.<data> without the plaintext', () => {
      const sealed = new AesGcmCipher([key1]).encrypt(SECRET);
      expect(sealed).to.match(/^v1\.[0-9a-f]{8}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
      expect(sealed).not.to.include(SECRET);
    });

    it('deflates a long plaintext before sealing, so the record stays small', () => {
      const json = JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ resourceServer: 'transfer.api.globus.org', i })));
      const sealed = new AesGcmCipher([key1]).encrypt(json);
      expect(sealed).to.match(/^v1z\./);
      expect(sealed.length).to.be.below(json.length / 2);
    });

    it('leaves a plaintext under 512 bytes uncompressed (v1), such as a pending login', () => {
      expect(new AesGcmCipher([key1]).encrypt('a'.repeat(100))).to.match(/^v1\./);
      expect(new AesGcmCipher([key1]).encrypt('a'.repeat(511))).to.match(/^v1\./);
      expect(new AesGcmCipher([key1]).encrypt('a'.repeat(512))).to.match(/^v1z\./);
    });

    it('uses a fresh IV each time', () => {
      const cipher = new AesGcmCipher([key1]);
      const first = cipher.encrypt(SECRET).split('.');
      const second = cipher.encrypt(SECRET).split('.');
      expect(first[2]).not.to.equal(second[2]);
      expect(first[4]).not.to.equal(second[4]);
    });
  });

  describe('.decrypt', () => {
    const cipher = new AesGcmCipher([key1]);

    for (const plaintext of [SECRET, '', 'üñï©ødé ✓ 🔑', 'x'.repeat(10_000), randomBytes(600).toString('base64')]) {
      it(`round-trips a ${plaintext.length}-character string`, () => {
        expect(cipher.decrypt(cipher.encrypt(plaintext))).to.equal(plaintext);
      });
    }

    for (const [part, index] of [['iv', 2], ['tag', 3], ['data', 4]] as const) {
      it(`throws CipherError 'tampered' when the ${part} was altered, without the plaintext`, () => {
        const error = decryptError(cipher, flipChar(cipher.encrypt(SECRET), index));
        expect(error.kind).to.equal('tampered');
        expect(error.message).not.to.include(SECRET);
      });
    }

    it("throws 'unknown-key' for a key it does not hold", () => {
      const foreign = new AesGcmCipher([key2]).encrypt(SECRET);
      expect(decryptError(cipher, foreign).kind).to.equal('unknown-key');
    });

    it("throws 'tampered' when the compression mark was added or removed", () => {
      const plain = cipher.encrypt(SECRET);
      expect(decryptError(cipher, plain.replace(/^v1\./, 'v1z.')).kind).to.equal('tampered');
      const deflated = cipher.encrypt('a'.repeat(600));
      expect(deflated).to.match(/^v1z\./);
      expect(decryptError(cipher, deflated.replace(/^v1z\./, 'v1.')).kind).to.equal('tampered');
    });

    it("throws 'tampered' when the key id was relabelled to another configured key", () => {
      const both = new AesGcmCipher([key1, key2]);
      const sealed = new AesGcmCipher([key2]).encrypt(SECRET).split('.');
      const relabelled = [sealed[0], both.encrypt('x').split('.')[1], ...sealed.slice(2)].join('.');
      expect(decryptError(both, relabelled).kind).to.equal('tampered');
    });

    for (const malformed of ['', 'not-a-ciphertext', 'v2.a.b.c.d', 'v1.a.b.c', 'v1.00000000.AAAA.AAAA.AAAA']) {
      it(`throws a CipherError for ${JSON.stringify(malformed)}`, () => {
        expect(['malformed', 'unknown-key']).to.include(decryptError(cipher, malformed).kind);
      });
    }
  });

  describe('having two keys (rotation)', () => {
    const before = new AesGcmCipher([key1]);
    const rotated = new AesGcmCipher([key2, key1]);

    it('decrypts what the old key sealed', () => {
      expect(rotated.decrypt(before.encrypt(SECRET))).to.equal(SECRET);
    });

    it('seals with the first (new) key only', () => {
      const sealed = rotated.encrypt(SECRET);
      expect(new AesGcmCipher([key2]).decrypt(sealed)).to.equal(SECRET);
      expect(decryptError(before, sealed).kind).to.equal('unknown-key');
    });
  });
});
