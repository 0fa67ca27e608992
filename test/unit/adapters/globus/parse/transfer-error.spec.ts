import { expect } from 'chai';
import { transferFailure } from '../../../../../src/adapters/globus/parse/transfer-error.js';
import {
  ConsentRequired,
  TokenRejected,
  UpstreamProtocolError,
  UpstreamUnavailable,
} from '../../../../../src/domain/errors.js';
import { globusFixture, withoutFields } from '../../../../contract/globus/support/globus-fixture.js';

const SCOPE = 'urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c04ee0b0-5cb0-4a60-9ec7-349c16d8055e/data_access]';

describe('transferFailure', () => {
  it('maps 401 AuthenticationFailed (and any 401) to TokenRejected for transfer.api.globus.org', () => {
    for (const body of [globusFixture('transfer-error-authentication-failed-401'), undefined]) {
      const error = transferFailure(401, body);
      expect(error).to.be.instanceOf(TokenRejected);
      expect((error as TokenRejected).resourceServer).to.equal('transfer.api.globus.org');
    }
  });

  describe('having a 403 ConsentRequired', () => {
    const consent = globusFixture('transfer-error-consent-required-403');
    const scopesOf = (body: unknown) => (transferFailure(403, body) as ConsentRequired).requiredScopes;

    it('takes required_scopes', () => {
      expect(transferFailure(403, consent)).to.be.instanceOf(ConsentRequired);
      expect(scopesOf(consent)).to.deep.equal([SCOPE]);
    });

    it('falls back to authorization_parameters.required_scopes', () => {
      const gareOnly = withoutFields(consent, 'required_scopes');
      expect(scopesOf(gareOnly)).to.deep.equal([SCOPE]);
    });

    it('falls back to the singular required_scope', () => {
      expect(scopesOf({ code: 'ConsentRequired', message: 'm', required_scope: SCOPE })).to.deep.equal([SCOPE]);
    });

    it('carries no scopes when none are given, and ignores malformed ones', () => {
      expect(scopesOf({ code: 'ConsentRequired', required_scopes: 'not-a-list' })).to.deep.equal([]);
    });
  });

  it('maps a 403 PermissionDenied to UpstreamProtocolError with its code', () => {
    const error = transferFailure(403, { code: 'PermissionDenied', message: 'no' });
    expect(error).to.be.instanceOf(UpstreamProtocolError);
    expect((error as UpstreamProtocolError).code).to.equal('PermissionDenied');
  });

  it('maps 503 ServiceUnavailable, other 5xx and 429 to UpstreamUnavailable for Globus Transfer', () => {
    for (const status of [500, 502, 503, 504, 429]) {
      const error = transferFailure(status, globusFixture('transfer-error-service-unavailable-503'));
      expect(error).to.be.instanceOf(UpstreamUnavailable);
      expect((error as UpstreamUnavailable).service).to.equal('Globus Transfer');
    }
  });

  it('maps 400 without a JSON body to UpstreamProtocolError without a code', () => {
    const error = transferFailure(400, undefined);
    expect(error).to.be.instanceOf(UpstreamProtocolError);
    expect((error as UpstreamProtocolError).code).to.equal(null);
  });
});
