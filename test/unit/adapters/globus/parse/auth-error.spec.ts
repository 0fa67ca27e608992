import { expect } from 'chai';
import { authFailure, parseAuthErrorBody } from '../../../../../src/adapters/globus/parse/auth-error.js';
import {
  ClientRejected,
  GrantRejected,
  UpstreamProtocolError,
  UpstreamUnavailable,
} from '../../../../../src/domain/errors.js';
import { globusFixture } from '../../../../contract/globus/support/globus-fixture.js';

describe('parseAuthErrorBody', () => {
  it('reads the OAuth error and the envelope code', () => {
    expect(parseAuthErrorBody(globusFixture('auth-error-unauthorized-401'))).to.deep.equal({
      error: 'unauthorized',
      code: 'UNAUTHORIZED',
    });
  });

  it('reads a bare {"error": "invalid_grant"}', () => {
    expect(parseAuthErrorBody(globusFixture('auth-error-invalid-grant-401'))).to.deep.equal({ error: 'invalid_grant', code: null });
  });

  it('returns null for bodies that are no Auth error', () => {
    for (const body of [undefined, null, 'text', [], {}, { message: 'x' }]) expect(parseAuthErrorBody(body)).to.equal(null);
  });

  it('drops codes that could carry anything but an identifier', () => {
    expect(parseAuthErrorBody({ error: 'bad code AgQ4 nVb0' })?.error).to.equal(null);
  });
});

describe('authFailure', () => {
  it('maps invalid_grant on 401 and on 400 to GrantRejected', () => {
    expect(authFailure(401, { error: 'invalid_grant' })).to.be.instanceOf(GrantRejected);
    expect(authFailure(400, { error: 'invalid_grant', error_description: 'expired' })).to.be.instanceOf(GrantRejected);
  });

  it('maps invalid_client and the 401 envelope to ClientRejected', () => {
    expect(authFailure(401, { error: 'invalid_client' })).to.be.instanceOf(ClientRejected);
    expect(authFailure(400, { error: 'invalid_client' })).to.be.instanceOf(ClientRejected);
    expect(authFailure(401, globusFixture('auth-error-unauthorized-401'))).to.be.instanceOf(ClientRejected);
  });

  it('maps 5xx (even with an envelope) and 429 to UpstreamUnavailable for Globus Auth', () => {
    for (const status of [500, 502, 503, 504, 429]) {
      const error = authFailure(status, globusFixture('auth-error-unexpected-500'));
      expect(error).to.be.instanceOf(UpstreamUnavailable);
      expect((error as UpstreamUnavailable).service).to.equal('Globus Auth');
    }
  });

  it('maps a 401 without a JSON error body to UpstreamProtocolError', () => {
    expect(authFailure(401, undefined)).to.be.instanceOf(UpstreamProtocolError);
  });

  it('maps other 4xx to UpstreamProtocolError carrying the OAuth error code', () => {
    const error = authFailure(400, { error: 'invalid_request' });
    expect(error).to.be.instanceOf(UpstreamProtocolError);
    expect((error as UpstreamProtocolError).code).to.equal('invalid_request');
    expect((error as UpstreamProtocolError).status).to.equal(400);
  });
});
