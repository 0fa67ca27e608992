import { createHash } from 'node:crypto';
import type { CodeGrant } from './authorization-codes.js';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** RFC 7636: a verifier is required iff a challenge was given, and must match it. */
export function pkceSatisfied(grant: CodeGrant, verifier: string | undefined): boolean {
  if (grant.codeChallenge === undefined) return verifier === undefined;
  if (verifier === undefined || !VERIFIER.test(verifier)) return false;
  const expected = grant.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  return expected === grant.codeChallenge;
}
