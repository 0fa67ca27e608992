import { expect } from 'chai';
import { errors } from 'jose';
import { idTokenFailure, isKeyMismatch } from '../../../../src/adapters/globus/id-token-failure.js';
import { UpstreamUnavailable, type IdTokenInvalid } from '../../../../src/domain/errors.js';

const reasonOf = (error: unknown) => (idTokenFailure(error) as IdTokenInvalid).reason;

describe('idTokenFailure', () => {
  it('gives fixed reasons for jose failures', () => {
    expect(reasonOf(new errors.JWTExpired('"exp" claim timestamp check failed', { exp: 1 }, 'exp', 'check_failed'))).to.equal('expired');
    expect(reasonOf(new errors.JWTClaimValidationFailed('unexpected "aud" claim value', {}, 'aud', 'check_failed'))).to.equal(
      'claim aud check_failed',
    );
    expect(reasonOf(new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed'))).to.equal(
      'algorithm not allowed',
    );
    expect(reasonOf(new errors.JWSSignatureVerificationFailed())).to.equal('signature invalid');
    expect(reasonOf(new errors.JWSInvalid('Invalid Compact JWS'))).to.equal('verification failed (ERR_JWS_INVALID)');
    expect(reasonOf(new TypeError('eyJhbGciOi...'))).to.equal('malformed');
  });

  it('passes domain errors through', () => {
    const unavailable = new UpstreamUnavailable('Globus Auth JWKS');
    expect(idTokenFailure(unavailable)).to.equal(unavailable);
  });
});

describe('isKeyMismatch', () => {
  it('is true for failures a rotated key explains', () => {
    expect(isKeyMismatch(new errors.JWSSignatureVerificationFailed())).to.equal(true);
    expect(isKeyMismatch(new errors.JWKSNoMatchingKey())).to.equal(true);
    expect(isKeyMismatch(new errors.JOSEAlgNotAllowed('x'))).to.equal(false);
  });
});
