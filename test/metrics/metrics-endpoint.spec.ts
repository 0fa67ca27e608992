import { expect } from 'chai';
import type { InMemorySessionStore } from '../../src/adapters/memory/in-memory-session-store.js';
import { INFRA, metricsOf } from '../../src/container.js';
import { BrowserClient } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { hasSample, parsePrometheus, valueOf, type Sample } from '../scale/support/prometheus-text.js';

const TOKEN = 'metrics-test-token-0123456789abcdef';
const JANE = 'jdoe@uchicago.edu';

async function logOut(client: BrowserClient, appUrl: string): Promise<number> {
  const confirm = await client.get(`${appUrl}/logout`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
  return (await client.postForm(`${appUrl}/logout`, { _csrf: csrf })).statusCode;
}

describe('GET /metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack();
    });
    after(async () => stack.close());

    it('does not exist (404), and nothing is counted', async () => {
      const res = await new BrowserClient().get(`${stack.appUrl}/metrics`, { authorization: 'Bearer ' });
      expect(res.statusCode).to.equal(404);
      expect(res.body).to.not.contain('globus_login');
      expect(metricsOf(stack.app.container)).to.equal(undefined);
    });
  });

  describe('with METRICS_TOKEN', () => {
    let stack: Stack;
    const scrape = async (): Promise<Sample[]> => {
      const res = await new BrowserClient().get(`${stack.appUrl}/metrics`, { authorization: `Bearer ${TOKEN}` });
      expect(res.statusCode).to.equal(200);
      return parsePrometheus(res.body);
    };

    before(async () => {
      stack = await startStack({ env: { METRICS_TOKEN: TOKEN } });
    });
    after(async () => stack.close());

    it('answers 401 without a bearer token and 403 with a wrong one, never the metrics', async () => {
      const client = new BrowserClient();
      const cases: [Record<string, string>, number][] = [
        [{}, 401],
        [{ authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, 401],
        [{ authorization: 'Bearer' }, 401],
        [{ authorization: 'Bearer wrong' }, 403],
        [{ authorization: `Bearer ${TOKEN.slice(0, -1)}` }, 403],
        [{ authorization: `Bearer ${TOKEN}x` }, 403],
      ];
      for (const [headers, status] of cases) {
        const res = await client.get(`${stack.appUrl}/metrics`, headers);
        expect(res.statusCode, JSON.stringify(headers)).to.equal(status);
        expect(res.body).to.not.contain('globus_login');
        expect(res.headers['cache-control']).to.equal('no-store');
      }
      expect((await client.get(`${stack.appUrl}/metrics`)).headers['www-authenticate']).to.match(/^Bearer realm=/);
    });

    it('serves the Prometheus text format with the bearer token', async () => {
      const res = await new BrowserClient().get(`${stack.appUrl}/metrics`, { authorization: `bearer ${TOKEN}` });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4; charset=utf-8/);
      expect(res.body).to.contain('# TYPE globus_login_logins_total counter');
      expect(res.body).to.contain('# TYPE globus_login_http_request_duration_seconds histogram');
      expect(res.body).to.contain('# TYPE globus_login_globus_call_duration_seconds histogram');
      expect(res.body).to.contain('# TYPE globus_login_sessions_active gauge');
      const samples = parsePrometheus(res.body);
      expect(hasSample(samples, 'globus_login_logins_total', { outcome: 'success', reason: 'none' }), 'zero series exist from the start').to.equal(true);
      expect(hasSample(samples, 'nodejs_eventloop_lag_seconds')).to.equal(true);
    });

    it('counts logins by outcome and reason, and revocations by outcome and resource server', async () => {
      const before = await scrape();
      const jane = new BrowserClient();
      const { callbackUrl } = await loginAs(jane, stack.appUrl, JANE);
      const declined = new BrowserClient();
      await loginAs(declined, stack.appUrl, JANE, 'deny');
      // A stranger replaying Jane's callback: no pending login in that browser.
      await new BrowserClient().get(callbackUrl);
      expect(await logOut(jane, stack.appUrl)).to.equal(303);
      const after = await scrape();

      const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
      expect(delta('globus_login_logins_total', { outcome: 'success', reason: 'none' })).to.equal(1);
      expect(delta('globus_login_logins_total', { outcome: 'failure', reason: 'declined' })).to.equal(1);
      expect(delta('globus_login_logins_total', { outcome: 'failure', reason: 'no-pending-login' })).to.equal(1);
      expect(delta('globus_login_token_revocations_total', { outcome: 'success', resource_server: 'transfer.api.globus.org' })).to.be.at.least(1);
      expect(delta('globus_login_token_revocations_total', { outcome: 'success', resource_server: 'auth.globus.org' })).to.be.at.least(1);
      expect(delta('globus_login_token_revocations_total', { outcome: 'failed' })).to.equal(0);
    });

    it('counts a failed revocation as failed', async () => {
      const before = await scrape();
      const client = new BrowserClient();
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.failNext('revoke', 10, 503);
      try {
        expect(await logOut(client, stack.appUrl)).to.equal(303);
      } finally {
        stack.fake.faults.clear();
      }
      const after = await scrape();
      expect(valueOf(after, 'globus_login_token_revocations_total', { outcome: 'failed' }) - valueOf(before, 'globus_login_token_revocations_total', { outcome: 'failed' })).to.be.at.least(1);
    });

    it('times every call to Globus by service, endpoint and status', async () => {
      const before = await scrape();
      const client = new BrowserClient();
      await loginAs(client, stack.appUrl, JANE);
      stack.fake.faults.failNext('endpoint_search', 1, 503);
      try {
        expect((await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' })).statusCode, 'a 503 is retried').to.equal(200);
      } finally {
        stack.fake.faults.clear();
      }
      const after = await scrape();
      const count = 'globus_login_globus_call_duration_seconds_count';
      const delta = (labels: Record<string, string>) => valueOf(after, count, labels) - valueOf(before, count, labels);
      expect(delta({ service: 'auth', endpoint: 'token', status: '200' })).to.equal(1);
      expect(delta({ service: 'transfer', endpoint: 'endpoint_search', status: '503' })).to.equal(1);
      expect(delta({ service: 'transfer', endpoint: 'endpoint_search', status: '200' })).to.equal(1);
      expect(valueOf(after, count, { service: 'auth', endpoint: 'jwks', status: '200' }), 'the JWKS fetch is timed too').to.be.at.least(1);
      const endpoints = new Set(after.filter((x) => x.name === count).map((x) => x.labels['endpoint']));
      for (const endpoint of endpoints) expect(endpoint).to.be.oneOf(['token', 'revoke', 'jwks', 'endpoint_search']);
    });

    it('times requests by route template and status, never by URL', async () => {
      const client = new BrowserClient();
      await client.get(`${stack.appUrl}/endpoints?page=7&q=private-words`);
      await client.get(`${stack.appUrl}/no/such/page?token=abc`);
      await client.get(`${stack.appUrl}/static/app.css`);
      const samples = await scrape();
      const count = 'globus_login_http_request_duration_seconds_count';
      expect(valueOf(samples, count, { method: 'GET', route: '/endpoints', status: '302' })).to.be.at.least(1);
      expect(valueOf(samples, count, { method: 'GET', route: 'unmatched', status: '404' })).to.be.at.least(1);
      expect(valueOf(samples, count, { method: 'GET', route: '/static/app.css', status: '200' })).to.be.at.least(1);
      const routes = new Set(samples.map((s) => s.labels['route']).filter((r): r is string => r !== undefined));
      for (const route of routes) expect(route).to.match(/^(\/[a-z/.:_-]*|unmatched)$/);
      expect([...routes].join(' ')).to.not.match(/private-words|no\/such|token|page=/);
    });
  });

  describe('sessions_active with the memory store', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ env: { METRICS_TOKEN: TOKEN } });
    });
    after(async () => stack.close());

    it('counts the sessions alive in the store: logged in and mid-login', async () => {
      await loginAs(new BrowserClient(), stack.appUrl, JANE);
      await loginAs(new BrowserClient(), stack.appUrl, 'riya@example.edu');
      expect((await new BrowserClient().get(`${stack.appUrl}/login`)).statusCode).to.equal(302);
      const store = stack.app.container.get<InMemorySessionStore>(INFRA.SessionDataStore);
      expect(store.size()).to.equal(3);
      const res = await new BrowserClient().get(`${stack.appUrl}/metrics`, { authorization: `Bearer ${TOKEN}` });
      expect(valueOf(parsePrometheus(res.body), 'globus_login_sessions_active')).to.equal(3);
    });
  });
});
