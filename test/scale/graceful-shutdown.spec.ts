import { expect } from 'chai';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loginAs } from '../support/login-flow.js';
import { BrowserClient, JANE } from './support/flows.js';
import { startScaleStack, type ScaleStack } from './support/scale-stack.js';
import type { AppProcess } from './support/app-process.js';

/** Whether a TCP connection to the port is accepted (false: refused). */
const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Waits until the fake Globus has received an endpoint_search: the request is in flight in the app. */
async function untilTransferCalled(stack: ScaleStack): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (stack.fake.inspect.requests().some((r) => r.route === 'endpoint_search')) return;
    await sleep(10);
  }
  throw new Error('the app never called Transfer');
}

describe('Scale out: graceful shutdown on SIGTERM', function () {
  this.timeout(120_000);
  let stack: ScaleStack;

  before(async function () {
    this.timeout(90_000);
    stack = await startScaleStack(this, { names: ['a', 'b'], env: { SHUTDOWN_TIMEOUT_SECONDS: '5' } });
  });

  after(async () => stack?.close());

  afterEach(() => stack?.fake.faults.clear());

  /** Logs in on `instance`, makes Transfer slow, and starts GET /endpoints there; resolves once it is in flight. */
  const slowEndpoints = async (instance: AppProcess, latencyMs: number) => {
    const client = new BrowserClient();
    stack.proxy.pin(instance.name);
    await loginAs(client, stack.baseUrl, JANE);
    stack.fake.inspect.reset();
    stack.fake.faults.setLatency('endpoint_search', latencyMs);
    // Straight to the instance: the proxy must not be what keeps the request alive.
    const response = client.http.get(`${instance.url}/endpoints`, { headers: { accept: 'application/json' }, timeout: { request: 20_000 } });
    response.catch(() => undefined); // observed below; never unhandled
    await untilTransferCalled(stack);
    return { client, response };
  };

  const until = async (condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
      await sleep(20);
    }
  };

  it('stops accepting, finishes the request in flight, closes Redis and exits 0', async () => {
    const a = stack.instances['a']!;
    const { client, response } = await slowEndpoints(a, 2500);
    const signalledAt = Date.now();
    a.signal('SIGTERM');

    await until(async () => !(await accepts(a.port)), 2000, 'A refuses new connections');
    expect(a.running, 'A is still draining').to.equal(true);

    const answer = await response;
    expect(answer.statusCode, 'the request in flight completes').to.equal(200);
    expect((JSON.parse(answer.body) as { endpoints: unknown[] }).endpoints).to.have.length(3);

    const exit = await a.waitExit(10_000);
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(Date.now() - signalledAt, 'it waited for the slow request').to.be.at.least(1500);
    const lines = a.jsonLines();
    const stopping = lines.find((l) => l['msg'] === 'shutting down');
    expect(stopping).to.include({ signal: 'SIGTERM' });
    expect(stopping?.['inFlight']).to.be.at.least(1);
    expect(lines.find((l) => l['msg'] === 'stopped')).to.include({ exitCode: 0, storeClosed: true });

    // The session lives on in Redis: the other instance carries the user.
    stack.proxy.pin('b');
    const home = await client.get(`${stack.baseUrl}/`);
    expect(home.statusCode).to.equal(200);
    expect(home.body).to.contain('Jane Doe');
  });

  it('waits no longer than SHUTDOWN_TIMEOUT_SECONDS for a request that does not finish, then exits 1', async () => {
    const b = stack.instances['b']!;
    const { response } = await slowEndpoints(b, 15_000);
    const signalledAt = Date.now();
    b.signal('SIGTERM');
    const exit = await b.waitExit(20_000);
    const waited = Date.now() - signalledAt;
    expect(exit).to.deep.equal({ code: 1, signal: null });
    expect(waited, 'bounded by the 5 s shutdown timeout').to.be.within(4500, 9000);
    const failed = await response.then(
      () => false,
      () => true,
    );
    expect(failed, 'the unfinished request was cut').to.equal(true);
    expect(b.jsonLines().some((l) => l['msg'] === 'stopped' && l['exitCode'] === 1)).to.equal(true);
  });
});
