export interface RandomSource {
  /** A URL-safe string carrying `bytes` bytes of cryptographic randomness. */
  token(bytes: number): string;
}
