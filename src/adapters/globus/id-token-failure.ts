import { errors } from 'jose';
import { DomainError, IdTokenInvalid } from '../../domain/errors.js';

/**
 * Turns a verification failure into IdTokenInvalid with a fixed reason (never the token or claim
 * values); domain errors such as an unreachable JWKS pass through unchanged.
 */
export function idTokenFailure(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof errors.JWTExpired) return new IdTokenInvalid('expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new IdTokenInvalid(`claim ${error.claim} ${error.reason}`);
  if (error instanceof errors.JOSEAlgNotAllowed) return new IdTokenInvalid('algorithm not allowed');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new IdTokenInvalid('signature invalid');
  if (error instanceof errors.JWKSNoMatchingKey) return new IdTokenInvalid('no matching key');
  if (error instanceof errors.JOSEError) return new IdTokenInvalid(`verification failed (${error.code})`);
  return new IdTokenInvalid('malformed');
}

/** Failures a rotated signing key would explain, worth one JWKS refetch. */
export function isKeyMismatch(error: unknown): boolean {
  return error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey;
}
