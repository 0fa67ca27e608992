import { expect } from 'chai';
import { DEMO_IDENTITIES } from '../../src/fake-globus/index.js';
import { useRealNetwork } from '../contract/globus/support/real-network.js';
import { BrowserClient } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { FAULT_ENV, logLines, requestsTo, storedSessions } from './support/fault-stack.js';
import { LightBrowser } from './support/light-browser.js';

const SESSIONS = Number(process.env["MANY_USERS"] ?? 1000);
const AT_ONCE = 50;

interface Listing {
  readonly endpoints: Array<{ id: string }>;
}

/** Runs `task(i)` for i in [0, count), at most `limit` at a time. */
async function boundedAll<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next;
      next += 1;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

describe('Faults: many users at once', function () {
  this.timeout(90_000);
  useRealNetwork();
  let stack: Stack;
  /** Endpoint ids each demo user owns (page 1), as Transfer lists them. */
  const expected = new Map<string, string[]>();

  before(async () => {
    // Warnings and errors only: 7,000 access-log lines would cost more than the checks they allow.
    stack = await startStack({ env: { ...FAULT_ENV, LOG_LEVEL: 'warn' } });
    for (const identity of DEMO_IDENTITIES) {
      const client = new BrowserClient();
      await loginAs(client, stack.appUrl, identity.username);
      const listing = JSON.parse((await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' })).body) as Listing;
      expected.set(identity.username, listing.endpoints.map((e) => e.id));
    }
    // Three different owners: 3, 50 (a page of Ahmed's 250) and none.
    expect([...expected.values()].map((ids) => ids.length).sort((a, b) => a - b)).to.deep.equal([0, 3, 50]);
    stack.fake.inspect.reset();
    stack.logs.length = 0;
  });
  after(async () => stack.close());

  it(`keeps ${SESSIONS} concurrent sessions apart: each sees only its own identity and endpoints, no errors`, async () => {
    const started = Date.now();
    const outcomes = await boundedAll(SESSIONS, AT_ONCE, async (i) => {
      const identity = DEMO_IDENTITIES[i % DEMO_IDENTITIES.length]!;
      const client = new LightBrowser();
      const final = await client.loginAs(stack.appUrl, identity.username);
      // Every 10th session also loads its home page, to check whose identity it shows.
      const [home, endpoints] = await Promise.all([
        i % 10 === 0 ? client.get(`${stack.appUrl}/`) : Promise.resolve(null),
        client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' }),
      ]);
      const ids = endpoints.status === 200 ? (JSON.parse(endpoints.body) as Listing).endpoints.map((e) => e.id) : null;
      return {
        username: identity.username,
        name: identity.name,
        loggedIn: final.status === 302 && final.location === '/',
        homeStatus: home?.status ?? 200,
        homeShowsSelf: home === null || (home.body.includes(identity.name) && DEMO_IDENTITIES.every((other) => other === identity || !home.body.includes(other.name))),
        endpointsStatus: endpoints.status,
        ids,
      };
    });
    const elapsed = Date.now() - started;

    const wrong = outcomes.filter(
      (o) => !o.loggedIn || o.homeStatus !== 200 || !o.homeShowsSelf || o.endpointsStatus !== 200 || JSON.stringify(o.ids) !== JSON.stringify(expected.get(o.username)),
    );
    expect(wrong.slice(0, 3), `${wrong.length} sessions saw something wrong`).to.deep.equal([]);
    expect((await storedSessions(stack)).length).to.be.at.least(SESSIONS);
    expect(requestsTo(stack.fake, 'endpoint_search').every((r) => r.status === 200)).to.equal(true);
    expect(requestsTo(stack.fake, 'jwks'), 'the JWKS stayed cached').to.have.length(0);
    const lines = logLines(stack);
    expect(lines.filter((l) => typeof l['level'] === 'number' && l['level'] >= 40).slice(0, 3), 'no warnings or errors logged').to.deep.equal([]);
    console.log(`      ${SESSIONS} sessions, ${AT_ONCE} at a time, in ${elapsed} ms`);
  });
});
