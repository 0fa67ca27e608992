/**
 * What the store needs from a cipher (the composition root passes an AesGcmCipher).
 * Declared here so this adapter does not import the crypto adapter.
 */
export interface SealingCipher {
  encrypt(plaintext: string): string;
  /** Throws when the ciphertext was tampered with or its key is gone. */
  decrypt(ciphertext: string): string;
}
