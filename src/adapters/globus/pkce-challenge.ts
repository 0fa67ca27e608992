import { createHash } from 'node:crypto';

/** RFC 7636 S256 challenge: base64url(sha256(verifier)), no padding. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
