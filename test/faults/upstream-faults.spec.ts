import { expect } from 'chai';
import { DEMO_CLIENT, startFakeGlobus, type RunningFakeGlobus } from '../../src/fake-globus/index.js';
import { useRealNetwork } from '../contract/globus/support/real-network.js';
import { UnacceptingListener } from '../contract/globus/support/unaccepting-listener.js';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { approveAtFake, loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { withGlobusRequestBudget } from './support/budgeted-use-cases.js';
import {
  FAULT_ENV,
  linksIn,
  logLines,
  pendingLoginSessions,
  requestsTo,
  storedSessions,
  tokenGrants,
  useFaultStack,
  useProxiedFaultStack,
} from './support/fault-stack.js';
import { JANE } from './support/logged-in.js';

const AHMED = 'ahmed@globusid.org';

/** Runs the browser leg at the fake, returning the callback URL, without calling it. */
async function callbackFor(client: BrowserClient, stack: Stack, identity: string): Promise<string> {
  const start = await client.get(`${stack.appUrl}/login`);
  return approveAtFake(client, locationOf(start), identity, 'allow');
}

/** Times a promise. */
async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number; doneAt: number }> {
  const started = Date.now();
  const value = await work;
  const doneAt = Date.now();
  return { value, ms: doneAt - started, doneAt };
}

describe('Faults: upstream timeouts, retries and outages', () => {
  useRealNetwork();

  describe('Transfer and Auth misbehaving (fake Globus fault controls)', () => {
    // Room for two 1 s Retry-After waits inside one call.
    const harness = useFaultStack({ GLOBUS_TIMEOUT_MS: '4000' });

    it('retries an endpoint_search GET after 502/503/504 and shows the page', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.failNext('endpoint_search', 1, 502);
      stack.fake.faults.failNext('endpoint_search', 1, 504);

      const page = await client.get(`${stack.appUrl}/endpoints`);

      expect(page.statusCode).to.equal(200);
      expect(requestsTo(stack.fake, 'endpoint_search').map((r) => r.status)).to.deep.equal([502, 504, 200]);
    });

    it('honours Retry-After on 429, at most twice, then shows the page', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.failNext('endpoint_search', 2, 429, undefined, { 'Retry-After': '1' });

      const { value: page, ms } = await timed(client.get(`${stack.appUrl}/endpoints`));

      expect(page.statusCode).to.equal(200);
      const searches = requestsTo(stack.fake, 'endpoint_search');
      expect(searches.map((r) => r.status)).to.deep.equal([429, 429, 200]);
      expect(searches[1]!.at.getTime() - searches[0]!.at.getTime()).to.be.at.least(900);
      expect(searches[2]!.at.getTime() - searches[1]!.at.getTime()).to.be.at.least(900);
      expect(ms).to.be.below(4000);
    });

    it('shows "Transfer unavailable" after two retries on 503 + Retry-After, and keeps the session', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.failNext('endpoint_search', 3, 503, undefined, { 'Retry-After': '1' });

      const page = await client.get(`${stack.appUrl}/endpoints?page=1`);

      expect(page.statusCode).to.equal(503);
      expect(page.body).to.contain('Transfer unavailable');
      expect(linksIn(page.body)).to.include('/endpoints?page=1');
      expect(requestsTo(stack.fake, 'endpoint_search')).to.have.length(3);
      expect((await client.get(`${stack.appUrl}/`)).statusCode, 'still logged in').to.equal(200);
      const later = await client.get(`${stack.appUrl}/endpoints?page=1`);
      expect(later.statusCode).to.equal(200);
    });

    it('answers JSON clients 503 transfer-unavailable after a 429 storm', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.failNext('endpoint_search', 3, 429, undefined, { 'Retry-After': '0' });

      const res = await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' });

      expect(res.statusCode).to.equal(503);
      expect(JSON.parse(res.body)).to.include({ error: 'transfer-unavailable' });
      expect(requestsTo(stack.fake, 'endpoint_search')).to.have.length(3);
    });

    it('does not wait for a Retry-After beyond the cap: "Transfer unavailable" at once', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.failNext('endpoint_search', 1, 503, undefined, { 'Retry-After': '3600' });

      const { value: page, ms } = await timed(client.get(`${stack.appUrl}/endpoints`));

      expect(page.statusCode).to.equal(503);
      expect(page.body).to.contain('Transfer unavailable');
      expect(requestsTo(stack.fake, 'endpoint_search')).to.have.length(1);
      expect(ms).to.be.below(1500);
    });

    it('fails an endpoint_search slower than GLOBUS_TIMEOUT_MS with a 504 page, without retrying it', async () => {
      const { stack, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.setLatency('endpoint_search', 6000);

      const { value: page, ms } = await timed(client.get(`${stack.appUrl}/endpoints`));

      expect(page.statusCode).to.equal(504);
      expect(page.body).to.contain('Globus is not answering');
      expect(ms).to.be.within(3900, 5900);
      expect(requestsTo(stack.fake, 'endpoint_search'), 'the attempt used the whole call timeout').to.have.length(1);
    });
  });

  describe('a cold JWKS cache', () => {
    const harness = useFaultStack();

    it('retries a JWKS GET after a 503 on a cold cache and completes the login', async () => {
      const { stack, client } = harness;
      stack.fake.faults.failNext('jwks', 1, 503);

      const { final } = await loginAs(client, stack.appUrl, JANE);

      expect(locationOf(final)).to.equal('/');
      expect(requestsTo(stack.fake, 'jwks').map((r) => r.status)).to.deep.equal([503, 200]);
    });
  });

  describe('Globus Auth down or slow during login', () => {
    const harness = useFaultStack(); // GLOBUS_TIMEOUT_MS=2000

    for (const status of [500, 503]) {
      it(`shows a 502 "Globus could not be reached" page on a ${status} at the token endpoint, creating no session`, async () => {
        const { stack, client } = harness;
        const callback = await callbackFor(client, stack, JANE);
        const sessionsBefore = (await storedSessions(stack)).length;
        stack.fake.faults.failNext('token', 1, status);

        const page = await client.get(callback);

        expect(page.statusCode).to.equal(502);
        expect(page.body).to.contain('Globus could not be reached');
        expect(linksIn(page.body), 'a way to try again that does not replay the code').to.include('/');
        expect(page.body).not.to.contain(new URL(callback).searchParams.get('code') ?? '-');
        expect(tokenGrants(stack.fake, 'authorization_code'), 'a code is redeemed once: no retry').to.have.length(1);
        expect((await storedSessions(stack)).length, 'no session in the token store').to.equal(sessionsBefore);
        expect(pendingLoginSessions(stack), 'the pending login was used up').to.have.length(0);
        const home = await client.get(`${stack.appUrl}/`);
        expect(home.statusCode, 'not logged in').to.equal(302);
        expect(locationOf(home)).to.equal('/login');

        const { final } = await loginAs(client, stack.appUrl, JANE);
        expect(locationOf(final), 'a new login works').to.equal('/');
      });
    }

    it('shows a 504 page when the token endpoint is slow, while other users are served meanwhile', async () => {
      const { stack, client } = harness;
      const other = new BrowserClient();
      await loginAs(other, stack.appUrl, AHMED);
      const callback = await callbackFor(client, stack, JANE);
      const sessionsBefore = (await storedSessions(stack)).length;
      stack.fake.faults.setLatency('token', 5000);

      const slowLogin = timed(client.get(callback));
      const othersPages = timed(
        (async () => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          const statuses: number[] = [];
          for (const path of ['/', '/endpoints', '/endpoints?page=2', '/healthz']) statuses.push((await other.get(`${stack.appUrl}${path}`)).statusCode);
          return statuses;
        })(),
      );
      const [login, served] = await Promise.all([slowLogin, othersPages]);

      expect(served.value, 'the other user was served').to.deep.equal([200, 200, 200, 200]);
      expect(served.doneAt, 'while the login was still waiting for Globus').to.be.below(login.doneAt);
      expect(login.value.statusCode).to.equal(504);
      expect(login.value.body).to.contain('Globus is not answering');
      expect(login.ms).to.be.within(1900, 4500); // GLOBUS_TIMEOUT_MS=2000, not the 5 s latency
      expect((await storedSessions(stack)).length, 'no session in the token store').to.equal(sessionsBefore);
      expect((await client.get(`${stack.appUrl}/`)).statusCode, 'not logged in').to.equal(302);
      const failures = logLines(stack).filter((l) => l['msg'] === 'request failed' && l['kind'] === 'globus-timeout');
      expect(failures.length).to.be.at.least(1);
      expect(JSON.stringify(failures)).not.to.contain(new URL(callback).searchParams.get('code') ?? '-');
    });
  });

  describe('network faults (through a proxy)', () => {
    const harness = useProxiedFaultStack();

    it('retries an endpoint_search GET after a connection reset', async () => {
      const { stack, fake, proxy, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      proxy.faultNext('/v0.10/endpoint_search', 1, 'reset');

      const page = await client.get(`${stack.appUrl}/endpoints`);

      expect(page.statusCode).to.equal(200);
      expect(proxy.requestsTo('/v0.10/endpoint_search').slice(-2).map((r) => r.fate)).to.deep.equal(['reset', 'forwarded']);
      expect(requestsTo(fake, 'endpoint_search')).to.have.length(1);
    });

    it('never retries the code exchange after a connection reset: 502 page, no session', async () => {
      const { stack, fake, proxy, client } = harness;
      const callback = await callbackFor(client, stack, JANE);
      const seenBefore = proxy.seen.length;
      proxy.faultNext('/v2/oauth2/token', 1, 'reset');

      const page = await client.get(callback);

      expect(page.statusCode).to.equal(502);
      expect(page.body).to.contain('Globus could not be reached');
      expect(proxy.seen.slice(seenBefore).filter((r) => r.path === '/v2/oauth2/token').map((r) => r.fate)).to.deep.equal(['reset']);
      expect(tokenGrants(fake, 'authorization_code')).to.have.length(0);
      expect((await client.get(`${stack.appUrl}/`)).statusCode).to.equal(302);
    });

    it('answers within the call timeout when Globus accepts the connection but never answers', async () => {
      const { stack, proxy, client } = harness;
      await loginAs(client, stack.appUrl, JANE);
      proxy.faultNext('/v0.10/endpoint_search', 5, 'hang');

      const { value: page, ms } = await timed(client.get(`${stack.appUrl}/endpoints`));

      expect(page.statusCode).to.equal(504);
      expect(ms).to.be.within(1900, 4000); // GLOBUS_TIMEOUT_MS=2000
    });
  });

  describe('connect timeout (GLOBUS_CONNECT_TIMEOUT_MS)', () => {
    let listener: UnacceptingListener;
    let fake: RunningFakeGlobus;
    let stack: Stack;

    before(async () => {
      listener = await UnacceptingListener.start();
      const unreachable: RunningFakeGlobus = {
        url: listener.url,
        close: () => Promise.resolve(),
        get inspect(): RunningFakeGlobus['inspect'] {
          throw new Error('nothing to inspect');
        },
        get faults(): RunningFakeGlobus['faults'] {
          throw new Error('no faults to set');
        },
      };
      stack = await startStack({ env: { ...FAULT_ENV, GLOBUS_CONNECT_TIMEOUT_MS: '300', GLOBUS_TIMEOUT_MS: '8000' }, fake: unreachable });
      fake = await startFakeGlobus({ port: 0, clients: [{ ...DEMO_CLIENT, redirect_uris: [`${stack.appUrl}/login`] }] });
    });
    after(async () => {
      await stack.close();
      await fake.close();
      listener.close();
    });

    it('gives up on a connection Globus never accepts after the connect timeout, not the total one', async () => {
      const client = new BrowserClient();
      const start = await client.get(`${stack.appUrl}/login`);
      // The browser reaches Globus; the app cannot (its Globus URL is the unaccepting port).
      const authorize = new URL(locationOf(start));
      const callback = await approveAtFake(client, `${fake.url}${authorize.pathname.slice(1)}${authorize.search}`, JANE, 'allow');

      const { value: page, ms } = await timed(client.get(callback));

      expect(page.statusCode).to.equal(504);
      expect(page.body).to.contain('Globus is not answering');
      expect(ms).to.be.within(250, 3000); // one 300 ms connect timeout: a code exchange is never retried
    });
  });

  describe('a request budget across calls (the composition-root wiring proposed in docs/operations.md ("When Globus misbehaves"))', () => {
    const harness = useFaultStack({ GLOBUS_TIMEOUT_MS: '1000', GLOBUS_REFRESH_TOKENS: 'true' }, { prepare: withGlobusRequestBudget(2500) });

    it('answers within the budget even when each of refresh, search, refresh, search is just under the call timeout', async () => {
      const { stack, client } = harness;
      stack.fake.faults.setTokenLifetime(30); // within the 60 s margin: the first use refreshes
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.clear();
      stack.fake.inspect.reset();
      stack.fake.faults.setLatency('token', 800);
      stack.fake.faults.setLatency('endpoint_search', 800);
      stack.fake.faults.failNext('endpoint_search', 1, 401); // refused after the refresh: refresh and retry once

      const { value: page, ms } = await timed(client.get(`${stack.appUrl}/endpoints`));

      // Four calls of 0.8 s each would take 3.2 s; the 2.5 s budget cuts the chain short.
      expect(page.statusCode).to.equal(504);
      expect(ms).to.be.within(2300, 3100);
      expect(requestsTo(stack.fake, 'endpoint_search').length + tokenGrants(stack.fake, 'refresh_token').length).to.be.at.most(4);
      stack.fake.faults.clear();
      expect((await client.get(`${stack.appUrl}/`)).statusCode, 'the session is kept').to.equal(200);
    });
  });
});
