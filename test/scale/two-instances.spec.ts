import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { approveAtFake, loginAs } from '../support/login-flow.js';
import { dumpUnder } from '../contract/token-store/redis-test-support.js';
import { BrowserClient, callbackSecrets, cookieValues, endpointsOf, JANE, locationOf, logOut, RIYA, servedBy } from './support/flows.js';
import { hasSample, parsePrometheus, valueOf, type Sample } from './support/prometheus-text.js';
import { keysWithPrefix } from './support/redis-keys.js';
import { startScaleStack, type ScaleStack } from './support/scale-stack.js';
import type { AppProcess } from './support/app-process.js';

describe('Scale out: two app processes behind one proxy, sharing Redis', function () {
  this.timeout(120_000);
  let stack: ScaleStack;

  before(async function () {
    this.timeout(90_000);
    stack = await startScaleStack(this, { names: ['a', 'b'], metrics: true });
  });

  after(async () => stack?.close());

  beforeEach(() => stack?.proxy.pin(undefined));

  const tokensOfThisClient = () => stack.fake.inspect.issuedTokens().filter((t) => t.client_id === stack.clientId);

  it('logs in through A, lists endpoints and logs out through B: session and tokens follow the user', async () => {
    const client = new BrowserClient();
    const issuedBefore = tokensOfThisClient().length;
    stack.proxy.pin('a');
    const { final } = await loginAs(client, stack.baseUrl, JANE);
    expect(final.statusCode).to.equal(302);
    expect(locationOf(final)).to.equal('/');
    expect(servedBy(final), 'the callback was served by A').to.equal('a');

    const mine = tokensOfThisClient().slice(issuedBefore);
    const transfer = mine.find((t) => t.resource_server === 'transfer.api.globus.org');
    expect(transfer, 'a Transfer token was issued').to.not.equal(undefined);
    // The tokens are in Redis, sealed: not one of them readable there.
    const stored = await dumpUnder(stack.redis, stack.keyPrefix);
    expect(await keysWithPrefix(stack.redis, `${stack.keyPrefix}sess:`)).to.have.length.at.least(1);
    for (const t of mine) expect(stored).to.not.contain(t.access_token);

    stack.proxy.pin('b');
    const home = await client.get(`${stack.baseUrl}/`);
    expect(home.statusCode).to.equal(200);
    expect(servedBy(home)).to.equal('b');
    expect(home.body).to.contain('Jane Doe').and.to.contain(JANE);

    stack.fake.inspect.reset();
    const { names, response } = await endpointsOf(client, stack.baseUrl);
    expect(servedBy(response)).to.equal('b');
    expect(names).to.have.length(3);
    const searches = stack.fake.inspect.requests().filter((r) => r.route === 'endpoint_search');
    expect(searches, 'B called Transfer once').to.have.length(1);
    expect(searches[0]?.authorization).to.deep.equal({ scheme: 'Bearer', token: transfer?.access_token });

    const out = await logOut(client, stack.baseUrl);
    expect(out.statusCode).to.equal(303);
    expect(servedBy(out)).to.equal('b');
    expect(locationOf(out)).to.match(/\/v2\/web\/logout\?/);
    const revoked = new Set(stack.fake.inspect.revokedTokens());
    for (const t of mine) expect(revoked.has(t.access_token), `${t.resource_server} token revoked by B`).to.equal(true);

    stack.proxy.pin('a');
    const afterLogout = await client.get(`${stack.baseUrl}/`);
    expect(servedBy(afterLogout)).to.equal('a');
    expect(afterLogout.statusCode, 'A knows the user logged out on B').to.equal(302);
    expect(locationOf(afterLogout)).to.equal('/login');
  });

  it('completes on B a login that was started on A, exactly once', async () => {
    const client = new BrowserClient();
    stack.proxy.pin('a');
    const start = await client.get(`${stack.baseUrl}/login?next=${encodeURIComponent('/endpoints')}`);
    expect(start.statusCode).to.equal(302);
    expect(servedBy(start)).to.equal('a');
    const callbackUrl = await approveAtFake(client, locationOf(start), RIYA, 'allow');
    expect(callbackUrl.startsWith(`${stack.baseUrl}/login?`), 'Globus sends the browser back to the shared BASE_URL').to.equal(true);

    stack.proxy.pin('b');
    const callback = await client.get(callbackUrl);
    expect(servedBy(callback)).to.equal('b');
    expect(callback.statusCode, callback.body.slice(0, 300)).to.equal(302);
    expect(locationOf(callback)).to.equal('/endpoints');

    stack.proxy.pin('a');
    const home = await client.get(`${stack.baseUrl}/`);
    expect(home.statusCode).to.equal(200);
    expect(home.body).to.contain('Riya Patel');

    // The pending login was taken from the shared store: replaying the callback on A redeems nothing.
    const codeExchanges = () => stack.fake.inspect.requests().filter((r) => r.route === 'token' && r.form['grant_type'] === 'authorization_code').length;
    const exchangesBefore = codeExchanges();
    const replay = await client.get(callbackUrl);
    expect(servedBy(replay)).to.equal('a');
    expect(replay.statusCode).to.equal(302);
    expect(locationOf(replay), 'a reload after the login only goes home').to.equal('/');
    expect(codeExchanges(), 'the code was not exchanged a second time').to.equal(exchangesBefore);
  });

  it('serves one session from both instances alternately (round robin)', async () => {
    const client = new BrowserClient();
    await loginAs(client, stack.baseUrl, JANE);
    const servers = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const home = await client.get(`${stack.baseUrl}/`);
      expect(home.statusCode, `request ${i}`).to.equal(200);
      expect(home.body).to.contain('Jane Doe');
      servers.add(servedBy(home));
    }
    expect([...servers].sort()).to.deep.equal(['a', 'b']);
  });

  it('loses nobody when A is SIGKILLed mid-session and started again', async () => {
    const a = stack.instances['a']!;
    const loggedIn = new BrowserClient();
    const midLogin = new BrowserClient();
    stack.proxy.pin('a');
    await loginAs(loggedIn, stack.baseUrl, JANE);
    const before = await endpointsOf(loggedIn, stack.baseUrl);
    const start = await midLogin.get(`${stack.baseUrl}/login`);
    expect(servedBy(start)).to.equal('a');
    const callbackUrl = await approveAtFake(midLogin, locationOf(start), RIYA, 'allow');

    const killedPid = a.pid;
    const exit = await a.kill('SIGKILL');
    expect(exit.signal).to.equal('SIGKILL');

    // Meanwhile B carries the user.
    stack.proxy.pin('b');
    const meanwhile = await loggedIn.get(`${stack.baseUrl}/`);
    expect(meanwhile.statusCode).to.equal(200);
    expect(meanwhile.body).to.contain('Jane Doe');

    await a.start();
    expect(a.pid).to.not.equal(killedPid);
    stack.proxy.setTarget('a', a.port);
    stack.proxy.pin('a');
    const home = await loggedIn.get(`${stack.baseUrl}/`);
    expect(servedBy(home)).to.equal('a');
    expect(home.statusCode, 'still logged in on the restarted A').to.equal(200);
    expect(home.body).to.contain('Jane Doe');
    expect((await endpointsOf(loggedIn, stack.baseUrl)).names).to.deep.equal(before.names);

    const callback = await midLogin.get(callbackUrl);
    expect(callback.statusCode, 'a login pending across the crash completes on the new A').to.equal(302);
    const riya = await midLogin.get(`${stack.baseUrl}/`);
    expect(riya.statusCode).to.equal(200);
    expect(riya.body).to.contain('Riya Patel');
  });

  it('writes JSON logs: a request id on every line of a request, method, path, status, duration, and no secret', async () => {
    const client = new BrowserClient();
    const { clientSecret, sessionSecret, tokenEncryptionKey, metricsToken } = stack.secrets;
    const secrets: string[] = [clientSecret, sessionSecret, tokenEncryptionKey, metricsToken];
    stack.proxy.pin('a');
    const { callbackUrl, final } = await loginAs(client, stack.baseUrl, JANE);
    expect(final.statusCode).to.equal(302);
    secrets.push(...callbackSecrets(callbackUrl), ...(await cookieValues(client, stack.baseUrl)));
    stack.proxy.pin('b');
    const { response: listing } = await endpointsOf(client, stack.baseUrl);
    const listingId = String(listing.headers['x-request-id']);
    const out = await logOut(client, stack.baseUrl);
    expect(out.statusCode).to.equal(303);
    const logoutId = String(out.headers['x-request-id']);
    for (const t of tokensOfThisClient()) secrets.push(t.access_token, ...(t.refresh_token ? [t.refresh_token] : []));

    // stdout arrives through a pipe: wait for the access lines of the callback (A) and of the logout (B).
    const b = stack.instances['b']!;
    const logged = (instance: AppProcess, id: string) => instance.lines.some((l) => l.includes(`"requestId":"${id}"`) && l.includes('"msg":"request"'));
    const callbackId = String(final.headers['x-request-id']);
    for (let i = 0; i < 250 && !(logged(b, logoutId) && logged(stack.instances['a']!, callbackId)); i += 1) await sleep(20);

    for (const instance of Object.values(stack.instances)) {
      const lines = instance.jsonLines();
      const requests = lines.filter((l) => l['msg'] === 'request');
      expect(requests.length, `${instance.name} logged requests`).to.be.greaterThan(3);
      for (const r of requests) {
        expect(r['requestId'], JSON.stringify(r)).to.match(/^[0-9a-f]{16}$/);
        expect(r['method']).to.be.oneOf(['GET', 'POST', 'HEAD']);
        expect(r['path']).to.be.a('string').and.to.match(/^\//).and.to.not.contain('?');
        expect(r['status']).to.be.a('number');
        expect(r['durationMs']).to.be.a('number').and.to.be.at.least(0);
        expect(r['level']).to.be.a('number');
        expect(r['time']).to.be.a('number');
      }
      const requestIds = new Set(requests.map((r) => r['requestId']));
      const processLevel = new Set(['listening', 'shutting down', 'stopped', 'redis connection error']);
      for (const line of lines.filter((l) => !processLevel.has(String(l['msg'])))) {
        expect(requestIds.has(line['requestId']), `line of a request without its request id: ${JSON.stringify(line)}`).to.equal(true);
      }
      const text = instance.lines.join('\n');
      for (const secret of secrets) expect(text.includes(secret), `${instance.name} logged a secret (${secret.slice(0, 4)}…)`).to.equal(false);
      expect(text).to.not.match(/code=|Bearer |set-cookie/i);
    }
    const aLines = stack.instances['a']!.jsonLines();
    const login = aLines.find((l) => l['msg'] === 'login' && l['outcome'] === 'success' && l['requestId'] === callbackId);
    expect(login, 'A logged the login').to.not.equal(undefined);
    const loginRequest = aLines.find((l) => l['msg'] === 'request' && l['requestId'] === login?.['requestId']);
    expect(loginRequest).to.include({ method: 'GET', path: '/login', status: 302 });
    const listingLine = b.jsonLines().find((l) => l['msg'] === 'request' && l['requestId'] === listingId);
    expect(listingLine, 'the X-Request-Id the user saw is in the log').to.include({ method: 'GET', path: '/endpoints', status: 200 });
  });

  it('serves /metrics per instance only with the bearer token: logins, revocations, route latency, sessions', async () => {
    const metricsOf = async (name: string): Promise<Sample[]> => {
      stack.proxy.pin(name);
      const response = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${stack.secrets.metricsToken}` } });
      expect(response.status).to.equal(200);
      expect(response.headers.get('x-served-by')).to.equal(name);
      expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
      return parsePrometheus(await response.text());
    };
    stack.proxy.pin('b');
    const anonymous = await fetch(`${stack.baseUrl}/metrics`);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('www-authenticate')).to.match(/^Bearer/);
    const wrong = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${stack.secrets.metricsToken}x` } });
    expect(wrong.status).to.equal(403);
    expect(await wrong.text()).to.not.contain('globus_login');

    // Sessions live in the shared Redis: each instance counts all of them (the first scrape is not cached).
    const sessionKeys = (await keysWithPrefix(stack.redis, `${stack.keyPrefix}ks:`)).length;
    expect(sessionKeys).to.be.greaterThan(0);
    const firstB = await metricsOf('b');
    expect(valueOf(firstB, 'globus_login_sessions_active')).to.equal(sessionKeys);

    const beforeA = await metricsOf('a');
    const beforeB = firstB;
    const client = new BrowserClient();
    stack.proxy.pin('a');
    await loginAs(client, stack.baseUrl, JANE);
    stack.proxy.pin('b');
    await client.get(`${stack.baseUrl}/endpoints?page=1&q=secret-search`);
    expect(await logOut(client, stack.baseUrl)).to.have.property('statusCode', 303);
    const afterA = await metricsOf('a');
    const afterB = await metricsOf('b');

    const logins = { outcome: 'success', reason: 'none' };
    expect(valueOf(afterA, 'globus_login_logins_total', logins) - valueOf(beforeA, 'globus_login_logins_total', logins)).to.equal(1);
    expect(valueOf(afterB, 'globus_login_logins_total', logins) - valueOf(beforeB, 'globus_login_logins_total', logins)).to.equal(0);
    const revoked = { outcome: 'success', resource_server: 'transfer.api.globus.org' };
    expect(valueOf(afterB, 'globus_login_token_revocations_total', revoked) - valueOf(beforeB, 'globus_login_token_revocations_total', revoked)).to.be.at.least(1);
    const endpoints = { method: 'GET', route: '/endpoints', status: '200' };
    const count = 'globus_login_http_request_duration_seconds_count';
    expect(valueOf(afterB, count, endpoints) - valueOf(beforeB, count, endpoints)).to.equal(1);
    expect(hasSample(afterA, count, { method: 'GET', route: '/login', status: '302' })).to.equal(true);
    for (const sample of [...afterA, ...afterB]) {
      const route = sample.labels['route'];
      if (route !== undefined) expect(route, 'a route template, never a URL').to.not.match(/[?=]|secret-search|page/);
    }
    const globus = 'globus_login_globus_call_duration_seconds_count';
    const search = { service: 'transfer', endpoint: 'endpoint_search', status: '200' };
    expect(valueOf(afterB, globus, search) - valueOf(beforeB, globus, search), 'B timed its Transfer call').to.equal(1);
    const exchange = { service: 'auth', endpoint: 'token', status: '200' };
    expect(valueOf(afterA, globus, exchange) - valueOf(beforeA, globus, exchange), 'A timed the code exchange').to.equal(1);
    expect(hasSample(afterA, 'process_cpu_user_seconds_total')).to.equal(true);
  });
});
