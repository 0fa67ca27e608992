import { expect } from 'chai';
import type { Response } from 'got';
import { DEMO_CLIENT } from '../../src/fake-globus/index.js';
import {
  authorizeUrl,
  basic,
  endpointSearch,
  http,
  JANE,
  json,
  loginAs,
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

  it('validates its arguments', () => {
    expect(() => fake.faults.setEndpointCount('nobody@example.org', 1)).to.throw(RangeError);
    expect(() => fake.faults.failNext('token', 1, 200)).to.throw(RangeError);
    expect(() => fake.faults.setErrorRate('token', 2, 500)).to.throw(RangeError);
    expect(() => fake.faults.setTokenLifetime(0)).to.throw(RangeError);
    expect(() => fake.faults.setLatency('token', -1)).to.throw(RangeError);
  });
});
