import { expect } from 'chai';
import type { IssuedToken, RunningFakeGlobus } from '../../src/fake-globus/index.js';
import { useRealNetwork } from '../contract/globus/support/real-network.js';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { csrfIn, FAULT_ENV, logLines, requestsTo, startProxiedStack, storedSessions, type ProxiedStack } from './support/fault-stack.js';

const JANE = 'jdoe@uchicago.edu';
const REVOCATION_FAILED = 'token revocation failed; token deleted locally';

/** Logs in and returns the tokens this login got (2 resource servers, access + refresh each). */
async function loggedIn(stack: Stack, fake: RunningFakeGlobus, client: BrowserClient): Promise<IssuedToken[]> {
  const since = new Date();
  const { final } = await loginAs(client, stack.appUrl, JANE);
  expect(locationOf(final)).to.equal('/');
  fake.inspect.reset();
  return fake.inspect.issuedTokens().filter((t) => t.issuedAt >= since);
}

/** POST /logout the way the page's form does. */
async function logOut(stack: Stack, client: BrowserClient) {
  const confirm = await client.get(`${stack.appUrl}/logout`);
  const started = Date.now();
  const response = await client.postForm(`${stack.appUrl}/logout`, { _csrf: csrfIn(confirm.body) });
  return { response, ms: Date.now() - started };
}

/** Asserts the local logout completed: off to Globus's logout page, nothing kept, not logged in. */
async function expectLoggedOutLocally(stack: Stack, client: BrowserClient, response: Awaited<ReturnType<typeof logOut>>['response'], sessionsBefore: number) {
  expect(response.statusCode).to.equal(303);
  expect(locationOf(response)).to.match(/\/v2\/web\/logout\?/);
  expect((await storedSessions(stack)).length, 'tokens deleted from the store').to.equal(sessionsBefore - 1);
  const home = await client.get(`${stack.appUrl}/`);
  expect(home.statusCode).to.equal(302);
  expect(locationOf(home)).to.equal('/login');
}

/** The revocation-failure lines and a check that no log line holds any of the tokens. */
function revocationFailures(stack: Stack, tokens: IssuedToken[]): Array<Record<string, unknown>> {
  const all = stack.logs.join('');
  for (const token of tokens) {
    expect(all, 'no access token in the logs').not.to.include(token.access_token);
    if (token.refresh_token) expect(all, 'no refresh token in the logs').not.to.include(token.refresh_token);
  }
  return logLines(stack).filter((l) => l['msg'] === REVOCATION_FAILED);
}

describe('Faults: revocation failing at logout', () => {
  useRealNetwork();

  describe('with the fake Globus failing or slow on revoke', () => {
    let stack: Stack;
    let client: BrowserClient;

    before(async () => {
      stack = await startStack({ env: { ...FAULT_ENV, GLOBUS_REFRESH_TOKENS: 'true' } });
    });
    after(async () => stack.close());
    beforeEach(() => {
      client = new BrowserClient();
      stack.fake.faults.clear();
      stack.fake.inspect.reset();
      stack.logs.length = 0;
    });

    it('completes the local logout on 5xx, deletes the tokens, logs each resource server once, never retries', async () => {
      const tokens = await loggedIn(stack, stack.fake, client);
      const sessionsBefore = (await storedSessions(stack)).length;
      stack.fake.faults.failNext('revoke', 4, 500);

      const { response } = await logOut(stack, client);

      await expectLoggedOutLocally(stack, client, response, sessionsBefore);
      expect(requestsTo(stack.fake, 'revoke').map((r) => r.status), 'one POST per token, none retried').to.deep.equal([500, 500, 500, 500]);
      const failures = revocationFailures(stack, tokens);
      expect(failures.map((l) => l['resourceServer']).sort()).to.deep.equal(['auth.globus.org', 'transfer.api.globus.org']);
      for (const line of failures) expect(line['level'], 'logged as a warning').to.equal(40);
    });

    it('names only the resource server whose token could not be revoked, and revokes the others', async () => {
      const tokens = await loggedIn(stack, stack.fake, client);
      const sessionsBefore = (await storedSessions(stack)).length;
      stack.fake.faults.failNext('revoke', 1, 503);

      const { response } = await logOut(stack, client);

      await expectLoggedOutLocally(stack, client, response, sessionsBefore);
      const revokeForms = requestsTo(stack.fake, 'revoke');
      expect(revokeForms).to.have.length(4);
      const failedToken = revokeForms.find((r) => r.status === 503)?.form['token'];
      const failedServer = tokens.find((t) => t.access_token === failedToken || t.refresh_token === failedToken)?.resource_server;
      expect(revocationFailures(stack, tokens).map((l) => l['resourceServer'])).to.deep.equal([failedServer]);
      const revoked = new Set(stack.fake.inspect.revokedTokens());
      expect(revoked.size, 'the three others were revoked').to.equal(3);
    });

    it('completes the local logout within the call timeout when revoke hangs', async () => {
      const tokens = await loggedIn(stack, stack.fake, client);
      const sessionsBefore = (await storedSessions(stack)).length;
      stack.fake.faults.setLatency('revoke', 6000);

      const { response, ms } = await logOut(stack, client);

      expect(ms, 'GLOBUS_TIMEOUT_MS=2000, revocations in parallel').to.be.within(1900, 4500);
      await expectLoggedOutLocally(stack, client, response, sessionsBefore);
      expect(revocationFailures(stack, tokens).map((l) => l['resourceServer']).sort()).to.deep.equal(['auth.globus.org', 'transfer.api.globus.org']);
      expect(logLines(stack).some((l) => l['msg'] === 'unexpected error')).to.equal(false);
    });
  });

  describe('with Globus unreachable (through a proxy)', () => {
    let proxied: ProxiedStack;

    before(async () => {
      proxied = await startProxiedStack({ GLOBUS_REFRESH_TOKENS: 'true' });
    });
    after(async () => proxied.close());

    it('completes the local logout on connection resets and logs both resource servers', async () => {
      const { stack, fake, proxy } = proxied;
      const client = new BrowserClient();
      const tokens = await loggedIn(stack, fake, client);
      const sessionsBefore = (await storedSessions(stack)).length;
      proxy.faultNext('/v2/oauth2/token/revoke', 4, 'reset');

      const { response } = await logOut(stack, client);

      await expectLoggedOutLocally(stack, client, response, sessionsBefore);
      expect(proxy.requestsTo('/v2/oauth2/token/revoke').map((r) => r.fate)).to.deep.equal(['reset', 'reset', 'reset', 'reset']);
      expect(fake.inspect.revokedTokens()).to.have.length(0);
      expect(revocationFailures(stack, tokens).map((l) => l['resourceServer']).sort()).to.deep.equal(['auth.globus.org', 'transfer.api.globus.org']);
    });
  });
});
