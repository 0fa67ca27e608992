import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { loginAs } from '../support/login-flow.js';
import { BrowserClient, JANE } from './support/flows.js';
import { keysWithPrefix } from './support/redis-keys.js';
import { startScaleStack, type ScaleStack } from './support/scale-stack.js';

describe('Scale out: the session reaper on two app processes sharing Redis', function () {
  this.timeout(120_000);
  let stack: ScaleStack;

  before(async function () {
    this.timeout(90_000);
    stack = await startScaleStack(this, { names: ['a', 'b'], env: { SESSION_IDLE_SECONDS: '2', SESSION_ABSOLUTE_SECONDS: '3600', SESSION_REAP_SECONDS: '1' } });
  });

  after(async () => stack?.close());

  it('logs a session nobody comes back to out once, on one instance: each token revoked by exactly one call', async () => {
    const issuedBefore = stack.fake.inspect.issuedTokens().length;
    await loginAs(new BrowserClient(), stack.baseUrl, JANE);
    const mine = stack.fake.inspect.issuedTokens().slice(issuedBefore).map((t) => t.access_token);
    expect(mine).to.have.length(2);
    stack.fake.inspect.reset();

    const ended = () => Object.values(stack.instances).flatMap((app) => app.jsonLines().filter((line) => line['msg'] === 'expired sessions logged out'));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && ended().length === 0) await sleep(100);
    await sleep(2_500); // a few more rounds on both instances: none may end it again

    expect(ended().map((line) => line['ended']), 'one round on one instance ended one session').to.deep.equal([1]);
    const revokeCalls = stack.fake.inspect.requests().filter((r) => r.route === 'revoke');
    expect(revokeCalls.map((r) => r.form['token']).sort()).to.deep.equal([...mine].sort());
    expect(await keysWithPrefix(stack.redis, `${stack.keyPrefix}sess:`), 'the record is gone').to.deep.equal([]);
    expect(await stack.redis.zcard(`${stack.keyPrefix}lifetimes`), 'and its place in the lifetimes set').to.equal(0);
  });
});
