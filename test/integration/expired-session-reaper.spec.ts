import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { useStack } from '../support/use-stack.js';

describe('A session nobody comes back to (SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS, SESSION_REAP_SECONDS)', () => {
  const harness = useStack({
    env: { SESSION_ABSOLUTE_SECONDS: '2', SESSION_IDLE_SECONDS: '2', SESSION_REAP_SECONDS: '1', GLOBUS_REFRESH_TOKENS: 'true' },
  });

  it('is logged out at its limit without any request: access and refresh tokens revoked at Globus', async () => {
    const { stack, client: ann } = harness;
    const login = await loginAs(ann, stack.appUrl, 'jdoe@uchicago.edu');
    expect(login.final.statusCode).to.equal(302);
    const issued = stack.fake.inspect.issuedTokens();
    expect(issued.map((t) => t.resource_server)).to.have.members(['auth.globus.org', 'transfer.api.globus.org']);
    expect(issued.every((t) => t.refresh_token !== undefined), 'refresh tokens issued').to.equal(true);
    expect(stack.fake.inspect.revokedTokens()).to.deep.equal([]);

    // Ann's browser sends nothing more; only the app's own timer can end her session.
    const loggedLine = () => stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'expired sessions logged out');
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline && loggedLine() === undefined) await delay(50);
    const after = stack.fake.inspect.issuedTokens();
    expect(after.map((t) => [t.resource_server, t.revoked, t.refreshRevoked])).to.have.deep.members([
      ['auth.globus.org', true, true],
      ['transfer.api.globus.org', true, true],
    ]);
    const logged = loggedLine();
    expect(logged).to.include({ ended: 1, unrevoked: 0 });
    expect(JSON.stringify(logged)).to.not.contain(issued[0]?.access_token);

    // When she does come back, she is simply asked to log in again.
    const home = await ann.get(`${stack.appUrl}/`);
    expect(home.statusCode).to.equal(302);
    expect(locationOf(home)).to.equal('/login');
  });
});

describe('A session in use, then left (SESSION_IDLE_SECONDS)', () => {
  const harness = useStack({ env: { SESSION_IDLE_SECONDS: '2', SESSION_ABSOLUTE_SECONDS: '3600', SESSION_REAP_SECONDS: '1' } });

  it('is left alone past its idle limit while used, and logged out at its idle limit once left: tokens revoked', async () => {
    const { stack, client } = harness;
    await loginAs(client, stack.appUrl, 'jdoe@uchicago.edu');
    // Used every 0.3 s for 3.5 s: longer than the idle limit, never idle that long.
    const usedUntil = Date.now() + 3_500;
    while (Date.now() < usedUntil) {
      expect((await client.get(`${stack.appUrl}/`)).statusCode, 'still logged in').to.equal(200);
      await delay(300);
    }
    expect(stack.fake.inspect.revokedTokens(), 'nothing revoked while in use').to.deep.equal([]);

    const issued = stack.fake.inspect.issuedTokens().map((t) => t.access_token);
    expect(issued).to.have.length(2);
    const allRevoked = () => issued.every((token) => stack.fake.inspect.revokedTokens().includes(token));
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline && !allRevoked()) await delay(50);
    expect(allRevoked(), 'both tokens revoked once the session was left').to.equal(true);
  });
});
