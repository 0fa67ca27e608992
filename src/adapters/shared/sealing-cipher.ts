/**
 * What the store needs from a cipher (the composition root passes an AesGcmCipher).
 * Declared in shared/ so the stores do not import the crypto adapter.
 */
export interface SealingCipher {
  encrypt(plaintext: string): string;
  /** Throws when the ciphertext was tampered with or its key is gone. */
  decrypt(ciphertext: string): string;
}
