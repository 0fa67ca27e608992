import { expect } from 'chai';
import type { Response } from 'got';
import { decodeJwt } from 'jose';
import { DEMO_CLIENT } from '../../src/fake-globus/index.js';
import {
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
} from './helpers.js';

describe('fake Globus: admin API under /_fake/', () => {
  describe('by default', () => {
    const fake = useTestFake();

    it('does not exist', async () => {
      expect((await http.get(`${fake.url}_fake/requests`)).statusCode).to.equal(404);
      expect((await http.post(`${fake.url}_fake/faults`, { json: { fault: 'clear' } })).statusCode).to.equal(404);
      expect((await http.post(`${fake.url}_fake/reset`)).statusCode).to.equal(404);
    });
  });

  describe('with adminApi: true', () => {
    const fake = useTestFake({ adminApi: true });
    afterEach(async () => {
      await http.post(`${fake.url}_fake/reset`);
    });

    const postFault = (body: unknown): Promise<Response<string>> => http.post(`${fake.url}_fake/faults`, { json: body });

    it('injects failures over HTTP and reports the fault state', async () => {
      const set = await postFault({ fault: 'failNext', route: 'jwks', count: 1, status: 503, headers: { 'Retry-After': '1' } });
      expect(set.statusCode).to.equal(200);
      expect(json<{ pendingFailures: Record<string, number> }>(set).pendingFailures).to.deep.equal({ jwks: 1 });
      const failed = await http.get(`${fake.url}jwk.json`);
      expect([failed.statusCode, failed.headers['retry-after']]).to.deep.equal([503, '1']);
      expect((await http.get(`${fake.url}jwk.json`)).statusCode).to.equal(200);
    });

    it('accepts a list of commands, e.g. latency plus an endpoint count', async () => {
      const response = await postFault([
        { fault: 'latency', route: 'endpoint_search', ms: 50 },
        { fault: 'endpointCount', username: JANE, count: 10 },
        { fault: 'tokenLifetime', seconds: 60 },
        { fault: 'requireConsent', scopes: null },
      ]);
      expect(response.statusCode).to.equal(200);
      expect(json<Record<string, unknown>>(response)).to.deep.include({ latencyMs: { endpoint_search: 50 }, tokenLifetimeSeconds: 60 });
      const tokens = await loginAs(fake, JANE);
      expect(tokens.expires_in).to.equal(60);
      const page = json<EndpointListJson>(await endpointSearch(fake, transferToken(tokens), { filter_scope: 'my-endpoints' }));
      expect(page.DATA).to.have.length(10);
    });

    it('refuses malformed commands with 400 and a readable message', async () => {
      const unknownRoute = await postFault({ fault: 'failNext', route: 'nowhere', count: 1, status: 500 });
      expect(unknownRoute.statusCode).to.equal(400);
      expect(json<{ message: string }>(unknownRoute).message).to.include('route');
      const notJson = await http.post(`${fake.url}_fake/faults`, { body: '{', headers: { 'content-type': 'application/json' } });
      expect(notJson.statusCode).to.equal(400);
      const unknownUser = await postFault({ fault: 'endpointCount', username: 'nobody@example.org', count: 1 });
      expect(unknownUser.statusCode).to.equal(400);
    });

    it('lists requests, issued tokens and revoked tokens; reset forgets requests and faults', async () => {
      await postFault({ fault: 'latency', route: 'jwks', ms: 10 });
      const tokens = await loginAs(fake, JANE);
      await http.post(`${fake.url}v2/oauth2/token/revoke`, { headers: { authorization: basic(DEMO_CLIENT) }, form: { token: tokens.access_token } });

      const requests = json<Array<{ path: string; route: string | null }>>(await http.get(`${fake.url}_fake/requests`));
      expect(requests.map((r) => r.route)).to.include.members(['authorize', 'token', 'revoke']);
      expect(requests.some((r) => r.path.startsWith('/_fake'))).to.equal(false);
      expect(json<string[]>(await http.get(`${fake.url}_fake/revoked`))).to.deep.equal([tokens.access_token]);
      const issued = json<Array<{ access_token: string; revoked: boolean }>>(await http.get(`${fake.url}_fake/tokens`));
      expect(issued.find((t) => t.access_token === tokens.access_token)?.revoked).to.equal(true);

      expect((await http.post(`${fake.url}_fake/reset`)).statusCode).to.equal(204);
      expect(json<unknown[]>(await http.get(`${fake.url}_fake/requests`))).to.deep.equal([]);
      expect(json<{ latencyMs: unknown }>(await http.get(`${fake.url}_fake/faults`)).latencyMs).to.deep.equal({});
      expect(json<string[]>(await http.get(`${fake.url}_fake/revoked`))).to.deep.equal([tokens.access_token]);
    });

    it('skews the id_token clock and rotates refresh tokens over HTTP; DELETE /_fake/faults turns both off', async () => {
      const refresh = (refreshToken: string): Promise<Response<string>> =>
        http.post(tokenUrl(fake), { headers: { authorization: basic(DEMO_CLIENT) }, form: { grant_type: 'refresh_token', refresh_token: refreshToken } });
      const set = await postFault([
        { fault: 'clockSkew', seconds: -600 },
        { fault: 'rotateRefreshTokens', on: true },
      ]);
      expect(set.statusCode).to.equal(200);
      expect(json<Record<string, unknown>>(set)).to.deep.include({ clockSkewSeconds: -600, rotateRefreshTokens: true });

      const from = Math.floor(Date.now() / 1000);
      const tokens = await loginAs(fake, JANE, { access_type: 'offline' });
      expect(decodeJwt(tokens.id_token ?? '').iat).to.be.within(from - 600, Math.floor(Date.now() / 1000) - 600);
      const first = tokens.refresh_token ?? '';
      const rotated = json<TokenJson>(await refresh(first)).refresh_token;
      expect(rotated).to.be.a('string').and.not.equal(first);
      const reused = await refresh(first);
      expect([reused.statusCode, errorOf(reused.body)]).to.deep.equal([400, { error: 'invalid_grant' }]);

      const cleared = await http.delete(`${fake.url}_fake/faults`);
      expect(json<Record<string, unknown>>(cleared)).to.deep.include({ clockSkewSeconds: 0, rotateRefreshTokens: false });
      const echoed = await refresh(rotated ?? '');
      expect([echoed.statusCode, json<TokenJson>(echoed).refresh_token]).to.deep.equal([200, rotated]);
    });

    it('refuses a clock skew beyond a day or not whole, and a rotation flag that is not a boolean', async () => {
      for (const seconds of [86401, -86401, 1.5]) expect((await postFault({ fault: 'clockSkew', seconds })).statusCode, `${seconds}`).to.equal(400);
      expect((await postFault({ fault: 'rotateRefreshTokens', on: 'yes' })).statusCode).to.equal(400);
      expect(json<Record<string, unknown>>(await http.get(`${fake.url}_fake/faults`))).to.deep.include({ clockSkewSeconds: 0, rotateRefreshTokens: false });
    });

    it('clears faults with DELETE /_fake/faults', async () => {
      await postFault({ fault: 'errorRate', route: 'jwks', rate: 1, status: 500 });
      expect((await http.get(`${fake.url}jwk.json`)).statusCode).to.equal(500);
      expect((await http.delete(`${fake.url}_fake/faults`)).statusCode).to.equal(200);
      expect((await http.get(`${fake.url}jwk.json`)).statusCode).to.equal(200);
    });
  });
});
