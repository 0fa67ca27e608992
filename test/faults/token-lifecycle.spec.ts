import { expect } from 'chai';
import { TRANSFER_RESOURCE_SERVER } from '../../src/domain/token.js';
import { DEMO_IDENTITIES, type RunningFakeGlobus } from '../../src/fake-globus/index.js';
import { useRealNetwork } from '../contract/globus/support/real-network.js';
import { locationOf } from '../support/browser-client.js';
import { approveAtFake, loginAs } from '../support/login-flow.js';
import {
  linksIn,
  logLines,
  requestsTo,
  storedSessions,
  tokenGrants,
  tokenStoreOf,
  csrfIn,
  useFaultStack,
  useProxiedFaultStack,
} from './support/fault-stack.js';
import { JANE, loginWithNearlyExpiredTokens, NEARLY_EXPIRED_SECONDS } from './support/logged-in.js';

const JANE_SUB = DEMO_IDENTITIES.find((i) => i.username === JANE)?.sub ?? '';
const DATA_ACCESS_SCOPE =
  'urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c04ee0b0-5cb0-4a60-9ec7-349c16d8055e/data_access]';

interface EndpointsJson {
  readonly endpoints: Array<{ id: string; displayName: string }>;
}

/** The Bearer token a Transfer request at the fake carried. */
const bearerOf = (request: ReturnType<RunningFakeGlobus['inspect']['requests']>[number]): string | undefined =>
  request.authorization && 'token' in request.authorization ? request.authorization.token : undefined;

describe('Faults: token lifecycle (refresh, re-login, consent) against the fake Globus', () => {
  useRealNetwork();

  describe('with GLOBUS_REFRESH_TOKENS=true', () => {
    const harness = useFaultStack({ GLOBUS_REFRESH_TOKENS: 'true' });

    it('asks for access_type=offline and keeps every refresh token, sealed in the store', async () => {
      const { stack, client } = harness;
      const { authorizeUrl } = await loginAs(client, stack.appUrl, JANE);

      expect(new URL(authorizeUrl).searchParams.get('access_type')).to.equal('offline');
      const issued = stack.fake.inspect.issuedTokens().filter((t) => t.sub === JANE_SUB && t.grant === 'authorization_code');
      expect(issued.map((t) => t.resource_server).sort()).to.deep.equal(['auth.globus.org', TRANSFER_RESOURCE_SERVER]);
      const mine = (await storedSessions(stack)).find((s) => s.user.identity.sub === JANE_SUB && Object.values(s.user.tokens).some((t) => t.accessToken === issued[0]?.access_token));
      for (const token of issued) {
        expect(token.refresh_token, `${token.resource_server} refresh token issued`).to.be.a('string');
        expect(mine?.user.tokens[token.resource_server]?.refreshToken, `${token.resource_server} refresh token kept`).to.equal(token.refresh_token);
      }
      const raw = tokenStoreOf(stack).dumpRaw();
      for (const token of issued) {
        expect(raw).not.to.include(token.refresh_token ?? '-');
        expect(raw).not.to.include(token.access_token);
      }
    });

    it('refreshes an expired Transfer token transparently, once for 10 concurrent requests', async () => {
      const { stack, client } = harness;
      await loginWithNearlyExpiredTokens(harness);
      const since = new Date();

      const pages = await Promise.all(Array.from({ length: 10 }, () => client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' })));

      for (const page of pages) {
        expect(page.statusCode).to.equal(200);
        expect((JSON.parse(page.body) as EndpointsJson).endpoints).to.have.length(3);
      }
      expect(tokenGrants(stack.fake, 'refresh_token'), 'refresh_token grants at Globus').to.have.length(1);
      const refreshed = stack.fake.inspect.issuedTokens().filter((t) => t.grant === 'refresh_token' && t.issuedAt >= since);
      expect(refreshed).to.have.length(1);
      expect(refreshed[0]?.resource_server).to.equal(TRANSFER_RESOURCE_SERVER);
      const searches = requestsTo(stack.fake, 'endpoint_search');
      expect(searches).to.have.length(10);
      for (const search of searches) expect(bearerOf(search)).to.equal(refreshed[0]?.access_token);

      const again = await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' });
      expect(again.statusCode).to.equal(200);
      expect(tokenGrants(stack.fake, 'refresh_token'), 'the refreshed token is used, not refreshed again').to.have.length(1);
    });

    it('ends the session when the refresh is answered invalid_grant: back to login', async () => {
      const { stack, client } = harness;
      await loginWithNearlyExpiredTokens(harness);
      stack.fake.faults.failNext('token', 1, 400, { error: 'invalid_grant', error_description: 'refresh token expired' });
      const sessionsBefore = (await storedSessions(stack)).length;

      const page = await client.get(`${stack.appUrl}/endpoints?page=2`);
      const api = await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' });

      expect(page.statusCode).to.equal(302);
      expect(locationOf(page)).to.equal(`/login?next=${encodeURIComponent('/endpoints?page=2')}`);
      expect(api.statusCode).to.equal(401);
      expect(tokenGrants(stack.fake, 'refresh_token')).to.have.length(1);
      expect((await storedSessions(stack)).length, 'the session is gone from the store').to.equal(sessionsBefore - 1);
      const home = await client.get(`${stack.appUrl}/`);
      expect(home.statusCode).to.equal(302);
      expect(locationOf(home)).to.equal('/login');
    });

    for (const [label, fault] of [
      ['a 503', (fake: RunningFakeGlobus) => fake.faults.failNext('token', 1, 503)],
      ['a 500', (fake: RunningFakeGlobus) => fake.faults.failNext('token', 1, 500)],
    ] as const) {
      it(`keeps the session and shows a transient error page when the refresh meets ${label}`, async () => {
        const { stack, client } = harness;
        await loginWithNearlyExpiredTokens(harness);
        fault(stack.fake);

        const page = await client.get(`${stack.appUrl}/endpoints?page=1`);

        expect(page.statusCode).to.equal(502);
        expect(page.body).to.contain('Globus could not be reached').and.to.contain('Your session is safe');
        expect(linksIn(page.body)).to.include('/endpoints?page=1');
        expect(tokenGrants(stack.fake, 'refresh_token'), 'a refresh is a POST: never retried').to.have.length(1);
        expect((await client.get(`${stack.appUrl}/`)).statusCode, 'still logged in').to.equal(200);

        const retried = await client.get(`${stack.appUrl}/endpoints?page=1`);
        expect(retried.statusCode).to.equal(200);
        expect(tokenGrants(stack.fake, 'refresh_token')).to.have.length(2);
      });
    }

    it('keeps the session and shows a 504 page when the refresh times out', async () => {
      const { stack, client } = harness;
      await loginWithNearlyExpiredTokens(harness);
      stack.fake.faults.setLatency('token', 4000);
      const started = Date.now();

      const page = await client.get(`${stack.appUrl}/endpoints`);

      expect(page.statusCode).to.equal(504);
      expect(page.body).to.contain('Globus is not answering');
      expect(Date.now() - started).to.be.below(3900); // GLOBUS_TIMEOUT_MS=2000, not the 4 s latency
      stack.fake.faults.clear();
      expect((await client.get(`${stack.appUrl}/`)).statusCode).to.equal(200);
      expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode).to.equal(200);
    });

    it('refreshes once and retries once when Transfer refuses a token we believed valid', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.inspect.reset();
      stack.fake.faults.failNext('endpoint_search', 1, 401);

      const page = await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' });

      expect(page.statusCode).to.equal(200);
      expect((JSON.parse(page.body) as EndpointsJson).endpoints).to.have.length(3);
      const sequence = stack.fake.inspect.requests().filter((r) => r.route === 'token' || r.route === 'endpoint_search');
      expect(sequence.map((r) => `${r.route}:${r.status}`)).to.deep.equal(['endpoint_search:401', 'token:200', 'endpoint_search:200']);
      expect(sequence[1]?.form['grant_type']).to.equal('refresh_token');
      const refreshed = stack.fake.inspect.issuedTokens().filter((t) => t.grant === 'refresh_token' && t.sub === JANE_SUB).at(-1);
      expect(bearerOf(sequence[2]!)).to.equal(refreshed?.access_token);
      expect(bearerOf(sequence[0]!)).not.to.equal(refreshed?.access_token);
    });

    it('stores a rotated refresh token and uses it next time (and revokes it at logout)', async () => {
      const { stack, fake, client } = harness;
      fake.faults.rotateRefreshTokens(true); // each refresh answers a new refresh token; the one used stops working
      fake.faults.setTokenLifetime(NEARLY_EXPIRED_SECONDS); // every use of the Transfer token needs a refresh
      const since = new Date();
      await loginAs(client, stack.appUrl, JANE);
      const transferIssued = () => fake.inspect.issuedTokens().filter((t) => t.issuedAt >= since && t.resource_server === TRANSFER_RESOURCE_SERVER);
      const atLogin = transferIssued()[0]?.refresh_token;
      expect(atLogin, 'Transfer refresh token from the login').to.be.a('string');

      expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode).to.equal(200);
      expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode).to.equal(200);

      // With rotation on, a refresh token works once: two successful refreshes prove the second used the rotated one.
      const refreshes = tokenGrants(fake, 'refresh_token');
      expect(refreshes.map((r) => r.status)).to.deep.equal([200, 200]);
      const rotated = transferIssued().filter((t) => t.grant === 'refresh_token').map((t) => t.refresh_token);
      expect(rotated).to.have.length(2);
      expect(new Set([atLogin, ...rotated]).size, 'a new refresh token each time').to.equal(3);
      expect(refreshes.map((r) => r.form['refresh_token']), 'refreshed with the login’s token, then the rotated one').to.deep.equal([atLogin, rotated[0]]);
      const mine = (await storedSessions(stack)).find((s) => s.user.identity.sub === JANE_SUB && s.user.tokens[TRANSFER_RESOURCE_SERVER]?.refreshToken === rotated[1]);
      expect(mine, 'the newest refresh token is stored').not.to.equal(undefined);

      const out = await client.postForm(`${stack.appUrl}/logout`, { _csrf: csrfIn((await client.get(`${stack.appUrl}/logout`)).body) });
      expect(out.statusCode).to.equal(303);
      const revoked = fake.inspect.revokedTokens();
      expect(revoked, 'the newest refresh token is revoked').to.include(rotated[1]);
      for (const old of [atLogin, rotated[0]]) expect(revoked, 'a rotated-away token is not sent for revocation').not.to.include(old);
    });

    it('sends the user to log in again when Transfer refuses the refreshed token too', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.inspect.reset();
      stack.fake.faults.failNext('endpoint_search', 2, 401);

      const page = await client.get(`${stack.appUrl}/endpoints?page=3`);

      expect(page.statusCode).to.equal(302);
      expect(locationOf(page)).to.equal(`/login?next=${encodeURIComponent('/endpoints?page=3')}`);
      expect(tokenGrants(stack.fake, 'refresh_token'), 'one refresh only').to.have.length(1);
      expect(requestsTo(stack.fake, 'endpoint_search'), 'one retry only').to.have.length(2);
    });
  });

  describe('with GLOBUS_REFRESH_TOKENS=false (the default)', () => {
    const harness = useFaultStack();

    it('asks for no refresh token and keeps none', async () => {
      const { stack, client } = harness;
      const { authorizeUrl } = await loginAs(client, stack.appUrl, JANE);

      expect(new URL(authorizeUrl).searchParams.has('access_type')).to.equal(false);
      const issued = stack.fake.inspect.issuedTokens().filter((t) => t.sub === JANE_SUB);
      const mine = (await storedSessions(stack)).find((s) => Object.values(s.user.tokens).some((t) => t.accessToken === issued[0]?.access_token));
      expect(mine, 'session stored').not.to.equal(undefined);
      for (const token of Object.values(mine?.user.tokens ?? {})) expect(token.refreshToken).to.equal(undefined);
    });

    it('sends the user through login again on an expired token, then back to the page asked for', async () => {
      const { stack, client } = harness;
      await loginWithNearlyExpiredTokens(harness);

      const page = await client.get(`${stack.appUrl}/endpoints?page=2&q=laptop`);

      expect(page.statusCode).to.equal(302);
      const loginPath = locationOf(page);
      expect(loginPath).to.equal(`/login?next=${encodeURIComponent('/endpoints?page=2&q=laptop')}`);
      expect(tokenGrants(stack.fake, 'refresh_token'), 'nothing to refresh with').to.have.length(0);
      expect(requestsTo(stack.fake, 'endpoint_search'), 'the expired token is not even tried').to.have.length(0);

      const { final } = await loginAs(client, stack.appUrl, JANE, 'allow', loginPath);
      expect(locationOf(final)).to.equal('/endpoints?page=2&q=laptop');
      expect((await client.get(`${stack.appUrl}${locationOf(final)}`)).statusCode).to.equal(200);
    });

    it('sends the user through login again when Transfer refuses the token', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.inspect.reset();
      stack.fake.faults.failNext('endpoint_search', 1, 401);

      const page = await client.get(`${stack.appUrl}/endpoints`);

      expect(page.statusCode).to.equal(302);
      expect(locationOf(page)).to.equal(`/login?next=${encodeURIComponent('/endpoints')}`);
      expect(requestsTo(stack.fake, 'endpoint_search')).to.have.length(1);
      expect(tokenGrants(stack.fake, 'refresh_token')).to.have.length(0);
    });

    it('answers ConsentRequired with a page that logs in again asking for the required scopes', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.requireConsent([DATA_ACCESS_SCOPE]);

      const page = await client.get(`${stack.appUrl}/endpoints?page=1`);

      expect(page.statusCode).to.equal(403);
      expect(page.body).to.contain('More consent needed');
      const consentLink = linksIn(page.body).find((href) => href.startsWith('/login?'));
      const link = new URL(consentLink ?? '/missing', stack.appUrl);
      expect(link.searchParams.get('next')).to.equal('/endpoints?page=1');
      expect(link.searchParams.get('scope')).to.equal(DATA_ACCESS_SCOPE);

      const start = await client.get(link.href);
      expect(start.statusCode).to.equal(302);
      const authorizeUrl = locationOf(start);
      expect(new URL(authorizeUrl).searchParams.get('scope')?.split(' ')).to.include(DATA_ACCESS_SCOPE);
      const callback = await approveAtFake(client, authorizeUrl, JANE, 'allow');
      const back = await client.get(callback);
      expect(locationOf(back)).to.equal('/endpoints?page=1');
      const listed = await client.get(`${stack.appUrl}/endpoints?page=1`);
      expect(listed.statusCode, 'the new token carries the consent').to.equal(200);
      expect(listed.body).to.contain('<table');
    });
  });

  describe('through a proxy (network faults)', () => {
    const harness = useProxiedFaultStack({ GLOBUS_REFRESH_TOKENS: 'true' });

    it('keeps the session and shows a transient error page when the refresh meets a connection reset', async () => {
      const { stack, fake, proxy, client } = harness;
      await loginWithNearlyExpiredTokens(harness);
      proxy.faultNext('/v2/oauth2/token', 1, 'reset');

      const page = await client.get(`${stack.appUrl}/endpoints`);

      expect(page.statusCode).to.equal(502);
      expect(page.body).to.contain('Globus could not be reached');
      expect(proxy.seen.filter((r) => r.path === '/v2/oauth2/token' && r.fate === 'reset')).to.have.length(1);
      expect(tokenGrants(fake, 'refresh_token'), 'the reset refresh was not retried').to.have.length(0);
      expect((await client.get(`${stack.appUrl}/`)).statusCode, 'still logged in').to.equal(200);
      expect(logLines(stack).some((l) => l['msg'] === 'request failed' && l['kind'] === 'globus-unreachable')).to.equal(true);
    });
  });
});
