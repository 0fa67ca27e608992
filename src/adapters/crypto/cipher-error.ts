const BRAND = Symbol.for('globus-koa-login/CipherError');

export type CipherErrorKind = 'malformed' | 'unknown-key' | 'tampered';

/**
 * A ciphertext could not be opened. The message names only the kind of failure,
 * never plaintext, key material or the ciphertext itself.
 */
export class CipherError extends Error {
  readonly [BRAND] = true;

  constructor(readonly kind: CipherErrorKind) {
    super(`cannot decrypt: ${kind}`);
    this.name = 'CipherError';
  }

  /** Brand check that survives the module being loaded twice (unlike `instanceof`). */
  static is(value: unknown): value is CipherError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
