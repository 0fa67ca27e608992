import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { loginAs } from '../support/login-flow.js';
import { AppProcess } from './support/app-process.js';
import { BrowserClient, endpointsOf, JANE, logOut, RIYA } from './support/flows.js';
import { RedisLink } from './support/redis-link.js';
import { startScaleStack, type ScaleStack } from './support/scale-stack.js';

/** Polls `url` until it answers `status`; returns how long that took. */
async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const got = await fetch(url, { signal: AbortSignal.timeout(3000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (got === status) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${got})`);
    await sleep(100);
  }
}

describe('Scale out: Redis goes away and comes back', function () {
  this.timeout(120_000);
  const redisLink = new RedisLink();
  let stack: ScaleStack;
  let late: AppProcess | undefined;

  before(async function () {
    this.timeout(90_000);
    await redisLink.up();
    stack = await startScaleStack(this, { names: ['a'], redisUrl: redisLink.url });
  });

  after(async () => {
    try {
      await late?.stop();
      await redisLink.up();
    } finally {
      await stack?.close();
      await redisLink.down();
    }
  });

  afterEach(async () => {
    // Whatever a test did, the next one starts with Redis reachable.
    await redisLink.up();
  });

  it('answers 503 (readiness, pages, JSON) while Redis is away, never exits, and recovers without a restart', async () => {
    const a = stack.instances['a']!;
    const url = stack.baseUrl;
    const client = new BrowserClient();
    await loginAs(client, url, JANE);
    await endpointsOf(client, url);
    const pid = a.pid;

    await redisLink.down();

    expect((await fetch(`${url}/healthz`)).status, 'liveness does not depend on Redis').to.equal(200);
    const probeWithCookie = await client.get(`${url}/healthz`);
    expect(probeWithCookie.statusCode, 'not even when the probe carries a session cookie').to.equal(200);
    const started = Date.now();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).to.equal(503);
    expect(await ready.json()).to.deep.equal({ status: 'unavailable' });
    expect(Date.now() - started, 'readiness answers promptly').to.be.below(3000);

    for (const path of ['/', '/endpoints', '/logout']) {
      const t = Date.now();
      const page = await client.get(`${url}${path}`);
      expect(page.statusCode, `${path} while Redis is away`).to.equal(503);
      expect(page.headers['content-type']).to.match(/^text\/html/);
      expect(page.body).to.contain('Service unavailable').and.to.contain('session store is unavailable');
      expect(page.body).to.not.match(/at .*\.ts:\d+|Error: /);
      expect(page.headers['cache-control']).to.equal('no-store');
      expect(Date.now() - t, `${path} answers within the Redis command timeout`).to.be.below(5000);
    }
    const json = await client.get(`${url}/endpoints`, { accept: 'application/json' });
    expect(json.statusCode).to.equal(503);
    expect(JSON.parse(json.body)).to.include({ error: 'store-unavailable' });
    const newcomer = await new BrowserClient().get(`${url}/login`);
    expect(newcomer.statusCode, 'a new login cannot start without the store').to.equal(503);
    expect(newcomer.body).to.contain('Service unavailable');

    await sleep(1000);
    expect(a.running, 'the process is still up').to.equal(true);
    expect(a.pid).to.equal(pid);

    await redisLink.up();
    const recoveredIn = await waitForStatus(`${url}/readyz`, 200, 20_000);
    expect(recoveredIn).to.be.below(20_000);

    const home = await client.get(`${url}/`);
    expect(home.statusCode, 'the user is still logged in').to.equal(200);
    expect(home.body).to.contain('Jane Doe');
    expect((await endpointsOf(client, url)).names).to.have.length(3);
    const other = new BrowserClient();
    const { final } = await loginAs(other, url, RIYA);
    expect(final.statusCode, 'new logins work again').to.equal(302);
    expect((await logOut(client, url)).statusCode).to.equal(303);

    expect(a.pid, 'same process throughout').to.equal(pid);
    expect(a.stderr()).to.not.match(/Unhandled|uncaught/i);
    const failures = a.jsonLines().filter((l) => l['msg'] === 'request failed' && l['kind'] === 'store-unavailable');
    expect(failures.length, 'each refused request is logged as store-unavailable').to.be.at.least(5);
    expect(a.jsonLines().some((l) => l['level'] === 50), 'no error-level (unexpected) line').to.equal(false);
  });

  it('starts while Redis is away (live, not ready) and becomes ready when it comes back', async () => {
    await redisLink.down();
    late = new AppProcess('late', { ...stack.env });
    await late.start();
    expect((await fetch(`${late.url}/healthz`)).status).to.equal(200);
    expect((await fetch(`${late.url}/readyz`)).status).to.equal(503);
    await sleep(1000);
    expect(late.running).to.equal(true);

    await redisLink.up();
    await waitForStatus(`${late.url}/readyz`, 200, 20_000);
    stack.proxy.setTarget('a', late.port);
    const client = new BrowserClient();
    const { final } = await loginAs(client, stack.baseUrl, JANE);
    expect(final.statusCode).to.equal(302);
    expect((await client.get(`${stack.baseUrl}/`)).body).to.contain('Jane Doe');
  });
});
