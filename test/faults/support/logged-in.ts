import { expect } from 'chai';
import type { IssuedToken } from '../../../src/fake-globus/index.js';
import { locationOf } from '../../support/browser-client.js';
import { loginAs } from '../../support/login-flow.js';
import type { StackHarness } from '../../support/use-stack.js';

/** The demo user the fault suites log in as. */
export const JANE = 'jdoe@uchicago.edu';

/** Shorter than the app's 60 s expiry margin: such a token counts as expired from the start. */
export const NEARLY_EXPIRED_SECONDS = 30;

/**
 * Logs Jane in (asserting it worked), then clears the fake's faults and request log so the test
 * sees only what follows; returns the tokens this login got. With `tokenLifetimeSeconds`, the
 * login's tokens are issued with that lifetime (later ones live normally).
 */
export async function loggedIn(on: StackHarness, tokenLifetimeSeconds?: number): Promise<IssuedToken[]> {
  const { stack, fake, client } = on;
  const since = new Date();
  if (tokenLifetimeSeconds !== undefined) fake.faults.setTokenLifetime(tokenLifetimeSeconds);
  const { final } = await loginAs(client, stack.appUrl, JANE);
  expect(locationOf(final), 'login succeeded').to.equal('/');
  fake.faults.clear();
  fake.inspect.reset();
  return fake.inspect.issuedTokens().filter((t) => t.issuedAt >= since);
}

/** Logs Jane in while tokens are issued nearly expired, so the next use of them needs a refresh or a new login. */
export async function loginWithNearlyExpiredTokens(on: StackHarness): Promise<void> {
  await loggedIn(on, NEARLY_EXPIRED_SECONDS);
}
