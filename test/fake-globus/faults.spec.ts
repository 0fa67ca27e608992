import { expect } from 'chai';
import type { Response } from 'got';
import { decodeJwt, type JWTPayload } from 'jose';
import { DEMO_CLIENT } from '../../src/fake-globus/index.js';
import {
  authorizeUrl,
  basic,
  endpointSearch,
  errorOf,
  http,
  JANE,
  json,
  loginAs,
  tokenUrl,
  useTestFake,
  transferToken,
  type EndpointListJson,
  type TokenJson,
  type TransferErrorJson,
} from './helpers.js';

interface AuthEnvelope {
  errors: Array<{ status: string; code: string; id: string }>;
  error: string;
}

describe('fake Globus: fault controls', () => {
  const fake = useTestFake();
  let tokens: TokenJson;
  // Fresh tokens per test: some tests expire every token issued so far.
  beforeEach(async () => {
    tokens = await loginAs(fake, JANE, { access_type: 'offline' });
  });
  afterEach(() => {
    fake.faults.clear();
  });

  const badTokenCall = (): Promise<Response<string>> =>
    http.post(`${fake.url}v2/oauth2/token`, {
      headers: { authorization: basic(DEMO_CLIENT) },
      form: { grant_type: 'authorization_code', code: 'nope', redirect_uri: 'http://localhost:5000/login' },
    });
  const search = (token = transferToken(tokens)): Promise<Response<string>> => endpointSearch(fake, token, { filter_scope: 'my-endpoints' });
  const refresh = (refreshToken: string): Promise<Response<string>> =>
    http.post(tokenUrl(fake), { headers: { authorization: basic(DEMO_CLIENT) }, form: { grant_type: 'refresh_token', refresh_token: refreshToken } });
  const transferRefreshToken = (from: TokenJson): string => from.other_tokens[0]?.refresh_token ?? '';
  const nowSeconds = (): number => Math.floor(Date.now() / 1000);
  /** A fresh login's id_token claims, and the epoch seconds before and after the login. */
  const idTokenOfNewLogin = async (): Promise<{ claims: JWTPayload; from: number; to: number }> => {
    const from = nowSeconds();
    const login = await loginAs(fake, JANE);
    return { claims: decodeJwt(login.id_token ?? ''), from, to: nowSeconds() };
  };

  it('is all off by default', async () => {
    expect((await badTokenCall()).statusCode).to.equal(401);
    expect((await search()).statusCode).to.equal(200);
  });

  it('fails the next N token calls with 503 and Retry-After, in the Auth envelope', async () => {
    fake.faults.failNext('token', 2, 503, undefined, { 'Retry-After': '3' });
    const first = await badTokenCall();
    const second = await badTokenCall();
    const third = await badTokenCall();
    expect([first.statusCode, second.statusCode, third.statusCode]).to.deep.equal([503, 503, 401]);
    expect(first.headers['retry-after']).to.equal('3');
    const body = json<AuthEnvelope>(first);
    expect(body.error).to.equal('service_unavailable');
    expect(body.errors[0]).to.include({ status: '503', code: 'SERVICE_UNAVAILABLE' });
  });

  it('uses UNEXPECTED_ERROR for a 500 from Auth', async () => {
    fake.faults.failNext('jwks', 1, 500);
    const response = await http.get(`${fake.url}jwk.json`);
    expect(response.statusCode).to.equal(500);
    expect(json<AuthEnvelope>(response)).to.deep.include({ error: 'unexpected_error' });
  });

  it('uses the Transfer error document for endpoint_search failures', async () => {
    fake.faults.failNext('endpoint_search', 1, 503);
    const response = await search();
    expect(response.statusCode).to.equal(503);
    expect(json<TransferErrorJson>(response)).to.include({ code: 'ServiceUnavailable', resource: '/endpoint_search' });
    expect((await search()).statusCode).to.equal(200);
  });

  it('sends a custom body and headers verbatim', async () => {
    fake.faults.failNext('endpoint_search', 1, 502, 'upstream exploded', { 'Content-Type': 'text/plain; charset=utf-8' });
    const text = await search();
    expect([text.statusCode, text.body, text.headers['content-type']]).to.deep.equal([502, 'upstream exploded', 'text/plain; charset=utf-8']);
    fake.faults.failNext('userinfo', 1, 429, { error: 'slow_down' });
    const object = await http.get(`${fake.url}v2/oauth2/userinfo`);
    expect(object.statusCode).to.equal(429);
    expect(json<unknown>(object)).to.deep.equal({ error: 'slow_down' });
  });

  it('shows an HTML page when the authorize route fails', async () => {
    fake.faults.failNext('authorize', 1, 503);
    const response = await http.get(authorizeUrl(fake));
    expect(response.statusCode).to.equal(503);
    expect(response.headers['content-type']).to.match(/^text\/html/);
    expect(response.headers.location).to.equal(undefined);
  });

  it('delays only the route given latency', async () => {
    fake.faults.setLatency('jwks', 300);
    const slowStart = Date.now();
    expect((await http.get(`${fake.url}jwk.json`)).statusCode).to.equal(200);
    expect(Date.now() - slowStart).to.be.at.least(290);
    const fastStart = Date.now();
    await http.get(`${fake.url}.well-known/openid-configuration`);
    expect(Date.now() - fastStart).to.be.below(250);
  });

  it('fails by error rate: 1 always, 0 removes it', async () => {
    fake.faults.setErrorRate('openid-configuration', 1, 500);
    expect((await http.get(`${fake.url}.well-known/openid-configuration`)).statusCode).to.equal(500);
    expect((await http.get(`${fake.url}.well-known/openid-configuration`)).statusCode).to.equal(500);
    fake.faults.setErrorRate('openid-configuration', 0, 500);
    expect((await http.get(`${fake.url}.well-known/openid-configuration`)).statusCode).to.equal(200);
  });

  it('shortens the lifetime of new tokens', async () => {
    fake.faults.setTokenLifetime(1);
    const short = await loginAs(fake, JANE);
    expect(short.expires_in).to.equal(1);
    expect(short.other_tokens[0]?.expires_in).to.equal(1);
    expect((await search(transferToken(short))).statusCode).to.equal(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await search(transferToken(short));
    expect(expired.statusCode).to.equal(401);
    expect(json<TransferErrorJson>(expired).code).to.equal('ClientError.AuthenticationFailed');
  });

  it('expires every access token at once while refresh tokens keep working', async () => {
    const own = await loginAs(fake, JANE, { access_type: 'offline' });
    fake.faults.expireAccessTokens();
    expect((await search(transferToken(own))).statusCode).to.equal(401);
    const refreshed = await http.post(`${fake.url}v2/oauth2/token`, {
      headers: { authorization: basic(DEMO_CLIENT) },
      form: { grant_type: 'refresh_token', refresh_token: own.other_tokens[0]?.refresh_token ?? '' },
    });
    expect(refreshed.statusCode).to.equal(200);
    expect((await search(json<TokenJson>(refreshed).access_token)).statusCode).to.equal(200);
  });

  it('changes how many endpoints an identity owns, and clear() restores it', async () => {
    fake.faults.setEndpointCount(JANE, 5);
    const five = json<EndpointListJson>(await search());
    expect(five.DATA.map((d) => d['display_name'])).to.deep.equal([
      'jdoe laptop',
      'Lab share for the Doe group',
      'Campus Research Storage',
      'Doe lab share 001',
      'Doe lab share 002',
    ]);
    fake.faults.setEndpointCount(JANE, 0);
    expect(json<EndpointListJson>(await search()).DATA).to.deep.equal([]);
    fake.faults.clear();
    expect(json<EndpointListJson>(await search()).DATA).to.have.length(3);
  });

  it('shifts iat and exp of new id_tokens by the clock skew, leaving the sign-in times alone', async () => {
    fake.faults.setClockSkew(3600);
    const { claims, from, to } = await idTokenOfNewLogin();
    expect(claims.iat).to.be.within(from + 3600, to + 3600);
    expect(claims.exp).to.equal((claims.iat ?? 0) + 172800);
    expect(claims['last_authentication']).to.be.within(from, to);
    const [primary] = claims['identity_set'] as Array<{ last_authentication: number }>;
    expect(primary?.last_authentication).to.be.within(from, to);

    fake.faults.setClockSkew(-90);
    const behind = await idTokenOfNewLogin();
    expect(behind.claims.iat).to.be.within(behind.from - 90, behind.to - 90);
  });

  it('rotates refresh tokens when asked: a new one per grant, the used one refused like an unknown one, yet not revoked', async () => {
    fake.faults.rotateRefreshTokens(true);
    const first = transferRefreshToken(tokens);
    const rotated = await refresh(first);
    expect(rotated.statusCode).to.equal(200);
    const second = json<TokenJson>(rotated).refresh_token ?? '';
    expect(second).to.match(/^Ag[A-Za-z0-9]{90}$/).and.not.equal(first);

    const reused = await refresh(first);
    const unknown = await refresh('AgUnknown');
    expect([reused.statusCode, errorOf(reused.body)]).to.deep.equal([unknown.statusCode, errorOf(unknown.body)]);
    expect(reused.statusCode).to.equal(400);
    expect(fake.inspect.revokedTokens()).not.to.include(first);
    expect(fake.inspect.issuedTokens().find((t) => t.refresh_token === first)).to.include({ refreshRevoked: false });

    const next = await refresh(second);
    expect(next.statusCode).to.equal(200);
    const third = json<TokenJson>(next);
    expect(third.refresh_token).to.be.a('string').and.not.equal(second);
    expect((await refresh(second)).statusCode, 'the second is used up too').to.equal(400);
    expect((await search(third.access_token)).statusCode).to.equal(200);
  });

  it('turns clock skew and refresh-token rotation off on clear(): iat is now, the refresh token is echoed and stays usable', async () => {
    fake.faults.setClockSkew(-3600);
    fake.faults.rotateRefreshTokens(true);
    fake.faults.clear();

    const { claims, from, to } = await idTokenOfNewLogin();
    expect(claims.iat).to.be.within(from, to);
    const refreshToken = transferRefreshToken(tokens);
    for (let i = 0; i < 2; i += 1) {
      const response = await refresh(refreshToken);
      expect(response.statusCode).to.equal(200);
      expect(json<TokenJson>(response).refresh_token).to.equal(refreshToken);
    }
  });

  it('validates its arguments', () => {
    expect(() => fake.faults.setEndpointCount('nobody@example.org', 1)).to.throw(RangeError);
    expect(() => fake.faults.failNext('token', 1, 200)).to.throw(RangeError);
    expect(() => fake.faults.setErrorRate('token', 2, 500)).to.throw(RangeError);
    expect(() => fake.faults.setTokenLifetime(0)).to.throw(RangeError);
    expect(() => fake.faults.setLatency('token', -1)).to.throw(RangeError);
    expect(() => fake.faults.setClockSkew(86401)).to.throw(RangeError);
    expect(() => fake.faults.setClockSkew(-86401)).to.throw(RangeError);
    expect(() => fake.faults.setClockSkew(1.5)).to.throw(RangeError);
    expect(() => fake.faults.setClockSkew(-86400)).not.to.throw();
  });
});
