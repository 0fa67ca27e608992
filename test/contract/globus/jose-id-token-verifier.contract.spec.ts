import { expect } from 'chai';
import nock from 'nock';
import { JoseIdTokenVerifier } from '../../../src/adapters/globus/jose-id-token-verifier.js';
import { IdTokenInvalid, UpstreamUnavailable } from '../../../src/domain/errors.js';
import {
  claimsWithout,
  globusClaims,
  newSigningKey,
  NONCE,
  signHs256,
  signRs512,
  unsecuredToken,
  type SigningKey,
} from './support/id-tokens.js';
import { JSON_HEADERS } from './support/recorded-request.js';
import { rejectionOf } from './support/rejection-of.js';
import { AUTH_ORIGIN, fixedClock, NOW, testAuthSettings } from './support/test-settings.js';

describe('JoseIdTokenVerifier (contract, nock)', () => {
  let key: SigningKey;
  let otherKey: SigningKey;
  let verifier: JoseIdTokenVerifier;

  const serveJwks = (signing: SigningKey, times = 1) =>
    nock(AUTH_ORIGIN).get('/jwk.json').times(times).reply(200, signing.jwks, JSON_HEADERS);

  /** Expects IdTokenInvalid whose message leaks nothing of the token. */
  const expectInvalid = async (idToken: string, reason: RegExp, nonce = NONCE) => {
    const error = await rejectionOf(verifier.verify(idToken, nonce));
    expect(error).to.be.instanceOf(IdTokenInvalid);
    expect((error as IdTokenInvalid).reason).to.match(reason);
    expect(String(error)).not.to.include(idToken.split('.')[1] ?? idToken);
  };

  before(async () => {
    nock.disableNetConnect();
    [key, otherKey] = await Promise.all([newSigningKey(), newSigningKey()]);
  });
  after(() => nock.enableNetConnect());
  beforeEach(() => {
    verifier = new JoseIdTokenVerifier(testAuthSettings(), fixedClock());
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });

  describe('.verify', () => {
    describe('having a valid Globus id_token', () => {
      it('accepts it and maps the claims to an Identity', async () => {
        serveJwks(key);

        const identity = await verifier.verify(await signRs512(globusClaims(), key), NONCE);

        expect(identity).to.deep.equal({
          sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f',
          name: 'Jane Doe',
          preferredUsername: 'jdoe@uchicago.edu',
          email: 'jdoe@uchicago.edu',
          organization: 'University of Chicago',
          identityProvider: '91ded6ab-0799-43a3-a1fc-52464472df0e',
          identityProviderDisplayName: 'University of Chicago',
        });
      });

      it('maps missing profile claims to null', async () => {
        serveJwks(key);
        const claims = claimsWithout('name', 'email', 'organization', 'identity_provider', 'identity_provider_display_name');

        const identity = await verifier.verify(await signRs512(claims, key), NONCE);

        expect(identity).to.include({ name: null, email: null, organization: null, identityProvider: null });
        expect(identity.preferredUsername).to.equal('jdoe@uchicago.edu');
      });

      it('fetches the JWKS once for several tokens', async () => {
        const scope = serveJwks(key);

        await verifier.verify(await signRs512(globusClaims(), key), NONCE);
        await verifier.verify(await signRs512(globusClaims({ sub: 'f6f614cc-ed00-4bc1-bdac-b6a456147007' }), key), NONCE);

        expect(scope.isDone()).to.equal(true);
      });

      it('accepts a token expired by less than the leeway', async () => {
        serveJwks(key);
        const exp = Math.floor(fixedClock().now() / 1000) - 30;

        const identity = await verifier.verify(await signRs512(globusClaims({ exp }), key), NONCE);

        expect(identity.sub).to.equal('bd9abf42-4a7a-476f-b34b-c17b369c477f');
      });

      it('accepts a token signed by a rotated key after refetching the JWKS', async () => {
        verifier = new JoseIdTokenVerifier(testAuthSettings({ jwksCooldownMs: 0 }), fixedClock());
        const scope = serveJwks(key).get('/jwk.json').reply(200, otherKey.jwks, JSON_HEADERS);
        await verifier.verify(await signRs512(globusClaims(), key), NONCE);

        const identity = await verifier.verify(await signRs512(globusClaims(), otherKey), NONCE);

        expect(identity.sub).to.equal('bd9abf42-4a7a-476f-b34b-c17b369c477f');
        expect(scope.isDone()).to.equal(true);
      });
    });

    describe('having a token that must be rejected', () => {
      beforeEach(() => serveJwks(key));

      it('rejects a wrong nonce', async () => {
        await expectInvalid(await signRs512(globusClaims(), key), /nonce/, 'another-nonce');
      });

      it('rejects a token without a nonce', async () => {
        await expectInvalid(await signRs512(claimsWithout('nonce'), key), /nonce/);
      });

      it('rejects a wrong audience', async () => {
        await expectInvalid(await signRs512(globusClaims({ aud: 'someone-else' }), key), /aud/);
      });

      it('rejects a wrong issuer', async () => {
        await expectInvalid(await signRs512(globusClaims({ iss: 'https://auth.globus.org/' }), key), /iss/);
      });

      it('rejects a token expired beyond the leeway', async () => {
        const exp = Math.floor(fixedClock().now() / 1000) - 61;
        await expectInvalid(await signRs512(globusClaims({ exp }), key), /expired/);
      });

      it('rejects a token without sub', async () => {
        await expectInvalid(await signRs512(claimsWithout('sub'), key), /sub/);
      });

      it('rejects a token without iat', async () => {
        await expectInvalid(await signRs512(claimsWithout('iat'), key), /iat/);
      });

      it('rejects a token signed by an unknown key, refetching the JWKS at most once per cooldown', async () => {
        let now = NOW;
        let jwksRequests = 0;
        nock.cleanAll();
        nock(AUTH_ORIGIN)
          .get('/jwk.json')
          .times(5)
          .reply(() => {
            jwksRequests += 1;
            return [200, JSON.stringify(key.jwks), JSON_HEADERS];
          });
        verifier = new JoseIdTokenVerifier(testAuthSettings({ jwksCooldownMs: 30_000 }), { now: () => now });
        await verifier.verify(await signRs512(globusClaims(), key), NONCE);
        const stranger = await signRs512(globusClaims(), otherKey);

        await expectInvalid(stranger, /signature/); // inside the cooldown of the first fetch: no refetch
        now += 31_000;
        await expectInvalid(stranger, /signature/); // cooldown over: one refetch, still the old key
        now += 1_000;
        await expectInvalid(stranger, /signature/); // inside the new cooldown: no refetch

        expect(jwksRequests).to.equal(2);
      });

      it('rejects garbage', async () => {
        await expectInvalid('not-a-jwt', /malformed|JWS|JWT/);
      });
    });

    describe('having a token in a forbidden algorithm', () => {
      it('rejects HS256 without fetching the JWKS', async () => {
        await expectInvalid(await signHs256(globusClaims()), /algorithm/);
      });

      it('rejects alg none without fetching the JWKS', async () => {
        await expectInvalid(unsecuredToken(globusClaims()), /algorithm/);
      });
    });

    describe('when the JWKS endpoint is down and nothing is cached', () => {
      it('throws UpstreamUnavailable for Globus Auth JWKS after retrying the GET', async () => {
        const scope = nock(AUTH_ORIGIN).get('/jwk.json').times(3).reply(503, 'down');

        const error = await rejectionOf(verifier.verify(await signRs512(globusClaims(), key), NONCE));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).service).to.equal('Globus Auth JWKS');
        expect(scope.isDone()).to.equal(true);
      });

      it('throws UpstreamUnavailable with timedOut when the JWKS is too slow', async () => {
        nock(AUTH_ORIGIN).get('/jwk.json').delay(1000).reply(200, key.jwks, JSON_HEADERS);

        const error = await rejectionOf(verifier.verify(await signRs512(globusClaims(), key), NONCE));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).timedOut).to.equal(true);
      });
    });

    describe('when our clock and Globus\'s disagree (leeway 60 s)', () => {
      const nowSeconds = Math.floor(NOW / 1000);
      const issuedAt = (offsetSeconds: number) => globusClaims({ iat: nowSeconds + offsetSeconds, exp: nowSeconds + offsetSeconds + 172800 });

      for (const offset of [-50, 0, 50]) {
        it(`accepts an id_token issued ${offset} s from our now`, async () => {
          serveJwks(key);
          const identity = await verifier.verify(await signRs512(issuedAt(offset), key), NONCE);
          expect(identity.sub).to.equal('bd9abf42-4a7a-476f-b34b-c17b369c477f');
        });
      }

      it('refuses an id_token issued in the future beyond the leeway (our clock is behind), saying so in the log', async () => {
        const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
        verifier = new JoseIdTokenVerifier(testAuthSettings({ logger: { warn: (fields, message) => lines.push({ fields, message }) } }), fixedClock());
        serveJwks(key);

        await expectInvalid(await signRs512(issuedAt(61 + 5), key), /clock offset: id_token issued 66 s in the future \(leeway 60 s\)/);

        expect(lines).to.have.length(1);
        expect(lines[0]?.message).to.equal('id_token rejected');
        expect(String(lines[0]?.fields['reason'])).to.match(/clock offset.*behind.*NTP/);
      });

      it('refuses an id_token issued longer ago than the leeway and the transit time allow (our clock is ahead)', async () => {
        serveJwks(key);
        // transit allowance = 2 x total timeout = 1 s in these settings
        await expectInvalid(await signRs512(issuedAt(-62), key), /clock offset: id_token issued 62 s ago.*ahead/);
      });

      it('follows the configured leeway', async () => {
        verifier = new JoseIdTokenVerifier(testAuthSettings({ clockLeewaySeconds: 300 }), fixedClock());
        serveJwks(key);
        expect((await verifier.verify(await signRs512(issuedAt(240), key), NONCE)).sub).to.be.a('string');
        await expectInvalid(await signRs512(issuedAt(360), key), /clock offset/);
      });
    });

    describe('the JWKS fetch', () => {
      it('is reported to the call observer as auth/jwks', async () => {
        const calls: unknown[] = [];
        verifier = new JoseIdTokenVerifier(testAuthSettings({ onCall: ({ service, endpoint, status }) => calls.push({ service, endpoint, status }) }), fixedClock());
        nock(AUTH_ORIGIN).get('/jwk.json').reply(503, 'down');
        serveJwks(key);

        await verifier.verify(await signRs512(globusClaims(), key), NONCE);

        expect(calls).to.deep.equal([
          { service: 'auth', endpoint: 'jwks', status: 503 },
          { service: 'auth', endpoint: 'jwks', status: 200 },
        ]);
      });
    });
  });
});
