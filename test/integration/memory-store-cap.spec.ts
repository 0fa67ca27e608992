import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import type { Stack } from '../support/start-stack.js';
import { useStack } from '../support/use-stack.js';

/** Every token the fake issued to the app so far, by access token. */
const issuedNow = (stack: Stack): Set<string> => new Set(stack.fake.inspect.issuedTokens().map((t) => t.access_token));

describe('Memory store at its cap (SESSION_MEMORY_MAX)', () => {
  const harness = useStack({ env: { SESSION_MEMORY_MAX: '2' } });

  it('logs the oldest session out for real when a new one pushes it out: tokens revoked, cookie worthless, others untouched', async () => {
    const { stack } = harness;
    const [ann, bob, cy] = [new BrowserClient(), new BrowserClient(), new BrowserClient()];
    await loginAs(ann, stack.appUrl, 'jdoe@uchicago.edu');
    const annTokens = issuedNow(stack);
    await loginAs(bob, stack.appUrl, 'riya@example.edu');
    expect(stack.fake.inspect.revokedTokens()).to.deep.equal([]);

    // Cy's pre-login session is the third: Ann's, the least recently written, goes.
    await loginAs(cy, stack.appUrl, 'ahmed@globusid.org');
    let revoked = new Set<string>();
    for (let i = 0; i < 100 && ![...annTokens].every((t) => revoked.has(t)); i += 1) {
      await delay(20);
      revoked = new Set(stack.fake.inspect.revokedTokens());
    }
    expect([...annTokens].every((t) => revoked.has(t)), "all of Ann's tokens revoked at Globus").to.equal(true);
    expect([...revoked].filter((t) => !annTokens.has(t)), "nobody else's tokens revoked").to.deep.equal([]);

    const annHome = await ann.get(`${stack.appUrl}/`);
    expect(annHome.statusCode).to.equal(302);
    expect(locationOf(annHome)).to.equal('/login');
    for (const [client, name] of [[bob, 'Riya'], [cy, 'Ahmed']] as const) {
      const home = await client.get(`${stack.appUrl}/`);
      expect(home.statusCode, name).to.equal(200);
      expect(home.body).to.contain(name);
    }
  });
});
