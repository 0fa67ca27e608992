import { expect } from 'chai';
import nock from 'nock';
import { GlobusAuthIdentityProvider } from '../../../src/adapters/globus/globus-auth-identity-provider.js';
import type { IdTokenVerifier } from '../../../src/adapters/globus/id-token-verifier.js';
import {
  ClientRejected,
  GrantRejected,
  UpstreamProtocolError,
  UpstreamUnavailable,
} from '../../../src/domain/errors.js';
import type { Identity } from '../../../src/domain/identity.js';
import { globusFixture, withoutFields } from './support/globus-fixture.js';
import { decodeBasic, formFields, JSON_HEADERS, recordRequest, type RecordedRequest } from './support/recorded-request.js';
import { rejectionOf } from './support/rejection-of.js';
import {
  AUTH_ORIGIN,
  CLIENT_ID,
  CLIENT_SECRET,
  fixedClock,
  NOW,
  REDIRECT_URI,
  testAuthSettings,
} from './support/test-settings.js';

const CODE = 'ZvCokJvxgVs4M9aQMXuBb5rPQsmZWf';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const TWO_DAYS_MS = 172800 * 1000;

const identity: Identity = {
  sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f',
  name: 'Jane Doe',
  preferredUsername: 'jdoe@uchicago.edu',
  email: 'jdoe@uchicago.edu',
  organization: null,
  identityProvider: null,
  identityProviderDisplayName: null,
};

class RecordingVerifier implements IdTokenVerifier {
  readonly calls: Array<[string, string]> = [];
  async verify(idToken: string, nonce: string): Promise<Identity> {
    this.calls.push([idToken, nonce]);
    return identity;
  }
}

describe('GlobusAuthIdentityProvider (contract, nock)', () => {
  let provider: GlobusAuthIdentityProvider;
  let verifier: RecordingVerifier;
  let recorded: RecordedRequest[];

  /** Answers the next POST to `path` and records what was sent. */
  const answer = (path: string, status: number, body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
    nock(AUTH_ORIGIN)
      .post(path)
      .reply(function (uri, requestBody) {
        recorded.push(recordRequest(this, uri, requestBody));
        return [status, typeof body === 'string' ? body : JSON.stringify(body), headers];
      });

  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  beforeEach(() => {
    recorded = [];
    verifier = new RecordingVerifier();
    provider = new GlobusAuthIdentityProvider(testAuthSettings(), verifier, fixedClock());
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });

  describe('.exchangeCode', () => {
    describe('when Globus answers with tokens', () => {
      it('POSTs the code grant with raw Basic auth and no client_id in the body', async () => {
        answer('/v2/oauth2/token', 200, globusFixture('auth-token-code-exchange'));

        await provider.exchangeCode(CODE, undefined);

        expect(recorded).to.have.length(1);
        const [sent] = recorded;
        expect(sent?.method).to.equal('POST');
        expect(sent?.path).to.equal('/v2/oauth2/token');
        expect(decodeBasic(sent?.headers['authorization'])).to.equal(`${CLIENT_ID}:${CLIENT_SECRET}`);
        expect(sent?.headers['content-type']).to.match(/^application\/x-www-form-urlencoded/);
        expect(sent?.headers['accept']).to.equal('application/json');
        expect(sent?.headers['user-agent']).to.match(/^globus-koa-login\//);
        expect(formFields(sent?.body ?? '')).to.deep.equal([
          ['grant_type', 'authorization_code'],
          ['code', CODE],
          ['redirect_uri', REDIRECT_URI],
        ]);
      });

      it('sends code_verifier when PKCE was used', async () => {
        answer('/v2/oauth2/token', 200, globusFixture('auth-token-code-exchange'));

        await provider.exchangeCode(CODE, VERIFIER);

        expect(formFields(recorded[0]?.body ?? '')).to.deep.equal([
          ['grant_type', 'authorization_code'],
          ['code', CODE],
          ['redirect_uri', REDIRECT_URI],
          ['code_verifier', VERIFIER],
        ]);
      });

      it('maps the top-level token and other_tokens, keeping refresh tokens and the id_token', async () => {
        const body = globusFixture('auth-token-code-exchange');
        answer('/v2/oauth2/token', 200, body);

        const grant = await provider.exchangeCode(CODE, undefined);

        expect(grant.idToken).to.equal(body['id_token']);
        expect(grant.tokens).to.deep.equal([
          {
            resourceServer: 'auth.globus.org',
            accessToken: body['access_token'],
            refreshToken: body['refresh_token'],
            scope: 'profile email openid',
            expiresAt: NOW + TWO_DAYS_MS,
          },
          {
            resourceServer: 'transfer.api.globus.org',
            accessToken: 'AgCX6Q7EmNx75eQYp4349FFYub5qYL078X2T9t4Twumu6PYlBCLsqZF9RYTuyJvtAMG70WXsHIPJklsnzUOzAVBALjQ7ViAbn',
            refreshToken: 'AgGAZbySNkfaljGMh3QUoXVQ444qX4mdWNu0dJKb5qanSVzQRGatC1bfNWlF0xLz33HnxGmAIvYFk2fYL6Vd3kgF1kjSByvM0nO',
            scope: 'urn:globus:auth:scope:transfer.api.globus.org:all',
            expiresAt: NOW + TWO_DAYS_MS,
          },
        ]);
      });
    });

    describe('when Globus rejects the grant', () => {
      for (const status of [401, 400]) {
        it(`maps ${status} invalid_grant to GrantRejected`, async () => {
          answer('/v2/oauth2/token', status, globusFixture('auth-error-invalid-grant-401'));

          const error = await rejectionOf(provider.exchangeCode(CODE, VERIFIER));

          expect(error).to.be.instanceOf(GrantRejected);
        });
      }
    });

    describe('when Globus rejects the client', () => {
      it('maps 401 invalid_client to ClientRejected', async () => {
        answer('/v2/oauth2/token', 401, { error: 'invalid_client' });

        const error = await rejectionOf(provider.exchangeCode(CODE, undefined));

        expect(error).to.be.instanceOf(ClientRejected);
      });

      it('maps the 401 Auth error envelope to ClientRejected', async () => {
        answer('/v2/oauth2/token', 401, globusFixture('auth-error-unauthorized-401'));

        const error = await rejectionOf(provider.exchangeCode(CODE, undefined));

        expect(error).to.be.instanceOf(ClientRejected);
      });

      it('does not read a JSON-looking body served as text/plain', async () => {
        answer('/v2/oauth2/token', 401, globusFixture('auth-error-invalid-grant-401'), { 'content-type': 'text/plain' });

        const error = await rejectionOf(provider.exchangeCode(CODE, undefined));

        expect(error).to.be.instanceOf(UpstreamProtocolError);
      });
    });

    describe('when Globus is failing', () => {
      it('maps the 500 envelope to UpstreamUnavailable', async () => {
        answer('/v2/oauth2/token', 500, globusFixture('auth-error-unexpected-500'));

        const error = await rejectionOf(provider.exchangeCode(CODE, undefined));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).service).to.equal('Globus Auth');
      });

      it('never retries the code exchange on 503 (exactly one request)', async () => {
        const scope = nock(AUTH_ORIGIN).post('/v2/oauth2/token').times(3).reply(503, 'maintenance');

        const error = await rejectionOf(provider.exchangeCode(CODE, undefined));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect(scope.pendingMocks()).to.have.length(1); // 3 allowed, only 1 consumed
      });

      it('never retries the code exchange on a network error', async () => {
        // nock 14's replyWithError never reaches got 14 (the request just hangs), so the network
        // error here is nock refusing an unmocked host (ENETUNREACH), counted via 'no match'.
        const attempts: string[] = [];
        const count = (request: { path?: string }) => attempts.push(request.path ?? '');
        nock.emitter.on('no match', count);
        const offline = new GlobusAuthIdentityProvider(
          testAuthSettings({ authUrl: 'https://unreachable.auth.test/' }),
          verifier,
          fixedClock(),
        );

        const error = await rejectionOf(offline.exchangeCode(CODE, undefined)).finally(() =>
          nock.emitter.off('no match', count),
        );

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).timedOut).to.equal(false);
        expect(attempts).to.deep.equal(['/v2/oauth2/token']);
      });

      it('maps a reply slower than the timeout to UpstreamUnavailable with timedOut', async () => {
        nock(AUTH_ORIGIN).post('/v2/oauth2/token').delay(1000).reply(200, globusFixture('auth-token-code-exchange'), JSON_HEADERS);

        const error = await rejectionOf(provider.exchangeCode(CODE, undefined));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).timedOut).to.equal(true);
      });
    });

    describe('when Globus answers 200 with something else', () => {
      it('maps a non-JSON body to UpstreamProtocolError', async () => {
        answer('/v2/oauth2/token', 200, '<html>login</html>', { 'content-type': 'text/html' });

        const error = await rejectionOf(provider.exchangeCode(CODE, undefined));

        expect(error).to.be.instanceOf(UpstreamProtocolError);
      });

      it('maps a token without access_token to UpstreamProtocolError', async () => {
        const body = withoutFields(globusFixture('auth-token-code-exchange'), 'access_token');
        answer('/v2/oauth2/token', 200, body);

        const error = await rejectionOf(provider.exchangeCode(CODE, undefined));

        expect(error).to.be.instanceOf(UpstreamProtocolError);
      });
    });

    it('never puts the code, verifier or secret in an error', async () => {
      answer('/v2/oauth2/token', 400, { error: 'invalid_request', error_description: `bad code ${CODE}` });

      const error = await rejectionOf(provider.exchangeCode(CODE, VERIFIER));

      const printed = `${String(error)} ${JSON.stringify(error)}`;
      for (const secret of [CODE, VERIFIER, CLIENT_SECRET]) expect(printed).not.to.include(secret);
      expect(error).to.be.instanceOf(UpstreamProtocolError);
      expect((error as UpstreamProtocolError).code).to.equal('invalid_request');
    });
  });

  describe('.refresh', () => {
    const refreshToken = 'AgGAZbySNkfaljGMh3QUoXVQ444qX4mdWNu0dJKb5qanSVzQRGatC1bfNWlF0xLz33HnxGmAIvYFk2fYL6Vd3kgF1kjSByvM0nO';

    it('POSTs the refresh grant with Basic auth and returns the single token', async () => {
      const body = globusFixture('auth-token-refresh');
      answer('/v2/oauth2/token', 200, body);

      const token = await provider.refresh(refreshToken);

      const [sent] = recorded;
      expect(sent?.path).to.equal('/v2/oauth2/token');
      expect(decodeBasic(sent?.headers['authorization'])).to.equal(`${CLIENT_ID}:${CLIENT_SECRET}`);
      expect(formFields(sent?.body ?? '')).to.deep.equal([
        ['grant_type', 'refresh_token'],
        ['refresh_token', refreshToken],
      ]);
      expect(token).to.deep.equal({
        resourceServer: 'transfer.api.globus.org',
        accessToken: body['access_token'],
        refreshToken,
        scope: 'urn:globus:auth:scope:transfer.api.globus.org:all',
        expiresAt: NOW + TWO_DAYS_MS,
      });
    });

    it('keeps the old refresh token when the response has none', async () => {
      const body = withoutFields(globusFixture('auth-token-refresh'), 'refresh_token');
      answer('/v2/oauth2/token', 200, body);

      const token = await provider.refresh(refreshToken);

      expect(token.refreshToken).to.equal(refreshToken);
    });

    it('maps an expired refresh token (400 invalid_grant) to GrantRejected', async () => {
      answer('/v2/oauth2/token', 400, globusFixture('auth-error-invalid-grant-401'));

      const error = await rejectionOf(provider.refresh(refreshToken));

      expect(error).to.be.instanceOf(GrantRejected);
    });

    it('never retries on 503', async () => {
      const scope = nock(AUTH_ORIGIN).post('/v2/oauth2/token').times(2).reply(503);

      const error = await rejectionOf(provider.refresh(refreshToken));

      expect(error).to.be.instanceOf(UpstreamUnavailable);
      expect(scope.pendingMocks()).to.have.length(1);
    });
  });

  describe('.revoke', () => {
    const token = 'AgQ4nVb0xWm3Lr8ZkT2yPe7sJd5Hc9Uf1Ga6Nq0Xo4Ri2Ev8Ky3Mt7Bw5Pz1Ls9Dj6Cx2Fh4Vn8Rq0Tu3Yk7Wm1Ze5Ob9Ia2';

    it('POSTs exactly `token` with Basic auth and resolves on 200', async () => {
      answer('/v2/oauth2/token/revoke', 200, globusFixture('auth-revoke'));

      await provider.revoke(token);

      const [sent] = recorded;
      expect(sent?.method).to.equal('POST');
      expect(sent?.path).to.equal('/v2/oauth2/token/revoke');
      expect(decodeBasic(sent?.headers['authorization'])).to.equal(`${CLIENT_ID}:${CLIENT_SECRET}`);
      expect(formFields(sent?.body ?? '')).to.deep.equal([['token', token]]);
    });

    it('maps invalid_client to ClientRejected', async () => {
      answer('/v2/oauth2/token/revoke', 401, { error: 'invalid_client' });

      const error = await rejectionOf(provider.revoke(token));

      expect(error).to.be.instanceOf(ClientRejected);
    });

    it('never retries on 503 (exactly one request)', async () => {
      const scope = nock(AUTH_ORIGIN).post('/v2/oauth2/token/revoke').times(2).reply(503);

      const error = await rejectionOf(provider.revoke(token));

      expect(error).to.be.instanceOf(UpstreamUnavailable);
      expect(scope.pendingMocks()).to.have.length(1);
    });
  });

  describe('the call observer', () => {
    it('is told about token and revoke POSTs by name, once each, even when they fail', async () => {
      const calls: unknown[] = [];
      provider = new GlobusAuthIdentityProvider(
        testAuthSettings({ onCall: ({ service, endpoint, status }) => calls.push({ service, endpoint, status }) }),
        verifier,
        fixedClock(),
      );
      answer('/v2/oauth2/token', 200, globusFixture('auth-token-code-exchange'));
      answer('/v2/oauth2/token/revoke', 503, 'down', {});

      await provider.exchangeCode(CODE, undefined);
      await rejectionOf(provider.revoke('some-token'));

      expect(calls).to.deep.equal([
        { service: 'auth', endpoint: 'token', status: 200 },
        { service: 'auth', endpoint: 'revoke', status: 503 },
      ]);
    });

    it('reports a timed-out attempt as an error', async () => {
      const calls: Array<{ status: number | 'error' }> = [];
      provider = new GlobusAuthIdentityProvider(testAuthSettings({ onCall: (call) => calls.push(call) }), verifier, fixedClock());
      nock(AUTH_ORIGIN).post('/v2/oauth2/token').delay(1000).reply(200, globusFixture('auth-token-code-exchange'), JSON_HEADERS);

      await rejectionOf(provider.refresh('a-refresh-token'));

      expect(calls.map((c) => c.status)).to.deep.equal(['error']);
    });
  });

  describe('.verifyIdToken', () => {
    it('delegates to the id_token verifier', async () => {
      const result = await provider.verifyIdToken('header.payload.signature', 'n-0S6');

      expect(result).to.equal(identity);
      expect(verifier.calls).to.deep.equal([['header.payload.signature', 'n-0S6']]);
    });
  });

  describe('.authorizationUrl', () => {
    it('points at <authUrl>v2/oauth2/authorize with the PKCE challenge', () => {
      const url = new URL(
        provider.authorizationUrl({ state: 's', nonce: 'n', scopes: ['openid', 'email'], codeVerifier: VERIFIER, offline: true }),
      );

      expect(`${url.origin}${url.pathname}`).to.equal(`${AUTH_ORIGIN}/v2/oauth2/authorize`);
      expect(url.searchParams.get('code_challenge')).to.equal('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
      expect(url.searchParams.get('access_type')).to.equal('offline');
    });
  });

  describe('.logoutUrl', () => {
    it('points at <authUrl>v2/web/logout with client_id, redirect_uri and redirect_name', () => {
      expect(provider.logoutUrl()).to.equal(
        `${AUTH_ORIGIN}/v2/web/logout?client_id=${CLIENT_ID}&redirect_uri=https%3A%2F%2Fapp.example.org%2F&redirect_name=Example%20Portal`,
      );
    });
  });
});
