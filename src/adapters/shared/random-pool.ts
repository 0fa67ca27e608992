import { randomBytes, randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG per refill. */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/**
 * Cryptographically secure random bytes, drawn from the CSPRNG 4 KB at a time. Every
 * `randomBytes` call costs ~6 µs whatever its size, and a login needs about ten small values
 * (session ids, CSRF token, state, nonce, PKCE verifier, IVs), every request an id. Each byte
 * is handed out once: the pool is refilled, never rewound. (Node's randomUUID pools likewise.)
 */
export function randomChunk(bytes: number): Buffer {
  if (bytes > POOL_BYTES) return randomBytes(bytes);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  // A copy: the caller may keep it past the next refill.
  return Buffer.from(pool.subarray(used - bytes, used));
}

/** A URL-safe string of `bytes` random bytes (base64url). */
export const randomToken = (bytes: number): string => randomChunk(bytes).toString('base64url');

/** `bytes` random bytes as hex. */
export const randomHex = (bytes: number): string => randomChunk(bytes).toString('hex');
