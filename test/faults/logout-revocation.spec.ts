import { expect } from 'chai';
import type { IssuedToken } from '../../src/fake-globus/index.js';
import { useRealNetwork } from '../contract/globus/support/real-network.js';
import { locationOf, type BrowserClient } from '../support/browser-client.js';
import type { Stack } from '../support/start-stack.js';
import type { StackHarness } from '../support/use-stack.js';
import { csrfIn, logLines, requestsTo, storedSessions, useFaultStack, useProxiedFaultStack } from './support/fault-stack.js';
import { loggedIn } from './support/logged-in.js';

const REVOCATION_FAILED = 'token revocation failed; token deleted locally';

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

/**
 * Logs in, lets `breakRevoke` break revocation at Globus, logs out and asserts the local logout
 * still completed (expectLoggedOutLocally); returns the login's tokens and how long the logout took.
 */
async function logOutWithRevokeBroken(on: StackHarness, breakRevoke: () => void): Promise<{ tokens: IssuedToken[]; ms: number }> {
  const { stack, client } = on;
  const tokens = await loggedIn(on);
  const sessionsBefore = (await storedSessions(stack)).length;
  breakRevoke();

  const { response, ms } = await logOut(stack, client);

  await expectLoggedOutLocally(stack, client, response, sessionsBefore);
  return { tokens, ms };
}

describe('Faults: revocation failing at logout', () => {
  useRealNetwork();

  describe('with the fake Globus failing or slow on revoke', () => {
    const harness = useFaultStack({ GLOBUS_REFRESH_TOKENS: 'true' });
    beforeEach(() => {
      harness.stack.logs.length = 0;
    });

    it('completes the local logout on 5xx, deletes the tokens, logs each resource server once, never retries', async () => {
      const { stack } = harness;
      const { tokens } = await logOutWithRevokeBroken(harness, () => stack.fake.faults.failNext('revoke', 4, 500));

      expect(requestsTo(stack.fake, 'revoke').map((r) => r.status), 'one POST per token, none retried').to.deep.equal([500, 500, 500, 500]);
      const failures = revocationFailures(stack, tokens);
      expect(failures.map((l) => l['resourceServer']).sort()).to.deep.equal(['auth.globus.org', 'transfer.api.globus.org']);
      for (const line of failures) expect(line['level'], 'logged as a warning').to.equal(40);
    });

    it('names only the resource server whose token could not be revoked, and revokes the others', async () => {
      const { stack } = harness;
      const { tokens } = await logOutWithRevokeBroken(harness, () => stack.fake.faults.failNext('revoke', 1, 503));

      const revokeForms = requestsTo(stack.fake, 'revoke');
      expect(revokeForms).to.have.length(4);
      const failedToken = revokeForms.find((r) => r.status === 503)?.form['token'];
      const failedServer = tokens.find((t) => t.access_token === failedToken || t.refresh_token === failedToken)?.resource_server;
      expect(revocationFailures(stack, tokens).map((l) => l['resourceServer'])).to.deep.equal([failedServer]);
      const revoked = new Set(stack.fake.inspect.revokedTokens());
      expect(revoked.size, 'the three others were revoked').to.equal(3);
    });

    it('completes the local logout within the call timeout when revoke hangs', async () => {
      const { stack } = harness;
      const { tokens, ms } = await logOutWithRevokeBroken(harness, () => stack.fake.faults.setLatency('revoke', 6000));

      expect(ms, 'GLOBUS_TIMEOUT_MS=2000, revocations in parallel').to.be.within(1900, 4500);
      expect(revocationFailures(stack, tokens).map((l) => l['resourceServer']).sort()).to.deep.equal(['auth.globus.org', 'transfer.api.globus.org']);
      expect(logLines(stack).some((l) => l['msg'] === 'unexpected error')).to.equal(false);
    });
  });

  describe('with Globus unreachable (through a proxy)', () => {
    const harness = useProxiedFaultStack({ GLOBUS_REFRESH_TOKENS: 'true' });

    it('completes the local logout on connection resets and logs both resource servers', async () => {
      const { stack, fake, proxy } = harness;
      const { tokens } = await logOutWithRevokeBroken(harness, () => proxy.faultNext('/v2/oauth2/token/revoke', 4, 'reset'));

      expect(proxy.requestsTo('/v2/oauth2/token/revoke').map((r) => r.fate)).to.deep.equal(['reset', 'reset', 'reset', 'reset']);
      expect(fake.inspect.revokedTokens()).to.have.length(0);
      expect(revocationFailures(stack, tokens).map((l) => l['resourceServer']).sort()).to.deep.equal(['auth.globus.org', 'transfer.api.globus.org']);
    });
  });
});
