import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { GlobusAuthIdentityProvider } from '../../src/adapters/globus/globus-auth-identity-provider.js';
import { JoseIdTokenVerifier } from '../../src/adapters/globus/jose-id-token-verifier.js';
import type { Clock } from '../../src/application/ports/clock.js';
import { TOKENS } from '../../src/application/tokens.js';
import { IdTokenInvalid } from '../../src/domain/errors.js';
import { DEMO_CLIENT, DEMO_IDENTITIES, startFakeGlobus, type RunningFakeGlobus } from '../../src/fake-globus/index.js';
import { useRealNetwork } from '../contract/globus/support/real-network.js';
import { rejectionOf } from '../contract/globus/support/rejection-of.js';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { approveAtFake, loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import {
  FAULT_ENV,
  linksIn,
  logLines,
  pendingLoginSessions,
  storedSessions,
  tokenGrants,
  useFaultStack,
  useProxiedFaultStack,
} from './support/fault-stack.js';
import { JANE } from './support/logged-in.js';

const JANE_SUB = DEMO_IDENTITIES.find((i) => i.username === JANE)?.sub ?? '';

/** Runs the browser leg at the fake, returning the callback URL, without calling it. */
async function callbackFor(client: BrowserClient, appUrl: string, identity = JANE): Promise<string> {
  const start = await client.get(`${appUrl}/login`);
  expect(start.statusCode).to.equal(302);
  return approveAtFake(client, locationOf(start), identity, 'allow');
}

/** Tokens the fake issued after `since` for a code grant. */
const issuedSince = (fake: RunningFakeGlobus, since: Date) =>
  fake.inspect.issuedTokens().filter((t) => t.grant === 'authorization_code' && t.issuedAt >= since);

describe('Faults: login resilience (JWKS, outages, replays, restarts, clocks)', () => {
  useRealNetwork();

  describe('JWKS unreachable with a cold cache', () => {
    let stack: Stack;
    let client: BrowserClient;

    beforeEach(async () => {
      // A fresh app each time: its JWKS cache is cold.
      stack = await startStack({ env: { ...FAULT_ENV, GLOBUS_REFRESH_TOKENS: 'true' } });
      client = new BrowserClient();
    });
    afterEach(async () => stack.close());

    for (const [label, breakJwks] of [
      ['answering 503', (fake: RunningFakeGlobus) => fake.faults.failNext('jwks', 3, 503)],
      ['too slow', (fake: RunningFakeGlobus) => fake.faults.setLatency('jwks', 5000)],
    ] as const) {
      it(`fails the login closed with a 503 page, revokes every token and keeps no session (JWKS ${label})`, async () => {
        const callback = await callbackFor(client, stack.appUrl);
        const since = new Date();
        breakJwks(stack.fake);

        const page = await client.get(callback);

        expect(page.statusCode).to.equal(503);
        expect(page.body).to.contain('Login could not be verified').and.to.contain('Nothing was stored');
        expect(linksIn(page.body)).to.include('/login?next=%2F');
        const issued = issuedSince(stack.fake, since);
        expect(issued.map((t) => t.resource_server).sort()).to.deep.equal(['auth.globus.org', 'transfer.api.globus.org']);
        for (const token of issued) {
          expect(token.revoked, `${token.resource_server} access token revoked`).to.equal(true);
          expect(token.refreshRevoked, `${token.resource_server} refresh token revoked`).to.equal(true);
        }
        expect(await storedSessions(stack)).to.have.length(0);
        expect(pendingLoginSessions(stack)).to.have.length(0);
        expect((await client.get(`${stack.appUrl}/`)).statusCode, 'not logged in').to.equal(302);
        expect(logLines(stack).some((l) => l['msg'] === 'request failed' && l['kind'] === 'identity-unverifiable')).to.equal(true);

        stack.fake.faults.clear();
        const { final } = await loginAs(client, stack.appUrl, JANE);
        expect(locationOf(final), 'the next login works once the JWKS is back').to.equal('/');
      });
    }
  });

  describe('Globus unreachable at start-up', () => {
    const harness = useProxiedFaultStack({}, { globusDown: true });

    it('still starts and serves, fails Globus-bound requests quickly, and recovers when Globus returns', async () => {
      const { stack, fake, proxy, client } = harness;

      expect((await client.get(`${stack.appUrl}/healthz`)).statusCode).to.equal(200);
      expect((await client.get(`${stack.appUrl}/readyz`)).statusCode).to.equal(200);
      const home = await client.get(`${stack.appUrl}/`);
      expect(home.statusCode).to.equal(302);
      const start = await client.get(`${stack.appUrl}/login`);
      expect(start.statusCode).to.equal(302);
      expect(locationOf(start)).to.match(new RegExp(`^${proxy.url}v2/oauth2/authorize\\?`));

      // Up for the browser leg, down again before the callback reaches the app.
      await proxy.up();
      const callback = await approveAtFake(client, locationOf(start), JANE, 'allow');
      await proxy.down();
      const started = Date.now();
      const failed = await client.get(callback);
      expect(failed.statusCode).to.equal(502);
      expect(failed.body).to.contain('Globus could not be reached');
      expect(Date.now() - started, 'a refused connection fails at once').to.be.below(1500);
      expect(tokenGrants(fake, 'authorization_code')).to.have.length(0);

      await proxy.up();
      const { final } = await loginAs(client, stack.appUrl, JANE);
      expect(locationOf(final)).to.equal('/');
      expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode).to.equal(200);

      await proxy.down();
      const during = await client.get(`${stack.appUrl}/endpoints`);
      expect(during.statusCode).to.equal(503);
      expect(during.body).to.contain('Transfer unavailable');
      expect((await client.get(`${stack.appUrl}/`)).statusCode, 'pages without Globus still work').to.equal(200);
      await proxy.up();
      expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode).to.equal(200);
    });
  });

  describe('back button, reload and restarts around the callback', () => {
    const harness = useFaultStack();

    it('lands on the home page when the callback is reloaded after a successful login, without redeeming the code again', async () => {
      const { stack, client } = harness;
      const { callbackUrl, final } = await loginAs(client, stack.appUrl, JANE);
      expect(locationOf(final)).to.equal('/');

      for (let i = 0; i < 2; i += 1) {
        const replay = await client.get(callbackUrl);
        expect(replay.statusCode).to.equal(302);
        expect(locationOf(replay)).to.equal('/');
      }

      expect(tokenGrants(stack.fake, 'authorization_code'), 'the code went to Globus once').to.have.length(1);
      const home = await client.get(`${stack.appUrl}/`);
      expect(home.statusCode).to.equal(200);
      expect(home.body).to.contain('Jane Doe');
    });

    it('answers "login expired, start again" (never a 500) when the app restarted between /login and the callback', async () => {
      const { stack, client } = harness;
      const callback = await callbackFor(client, stack.appUrl);
      const restarted = await startStack({ env: FAULT_ENV, fake: stack.fake });
      try {
        const atRestarted = new URL(callback);
        const page = await client.get(`${restarted.appUrl}${atRestarted.pathname}${atRestarted.search}`);

        expect(page.statusCode).to.equal(400);
        expect(page.body).to.contain('This login has expired or is not valid').and.to.contain('Please start again');
        expect(linksIn(page.body)).to.include('/login?next=%2F');
        expect(tokenGrants(stack.fake, 'authorization_code'), 'no code exchange was attempted').to.have.length(0);
        expect(await storedSessions(restarted)).to.have.length(0);
        const lines = logLines(restarted);
        expect(lines.some((l) => l['level'] === 50), 'nothing logged as an unexpected error').to.equal(false);
        expect(lines.some((l) => l['msg'] === 'login' && l['outcome'] === 'no-pending-login')).to.equal(true);
      } finally {
        await restarted.close();
      }
    });
  });

  describe('clock offset between the app and Globus (GLOBUS_CLOCK_LEEWAY_SECONDS=60)', () => {
    describe('at the verifier, with the fake Globus’s real id_tokens and JWKS', () => {
      let fake: RunningFakeGlobus;
      const redirectUri = 'http://127.0.0.1:9/login';
      const settings = () => ({
        authUrl: fake.url,
        clientId: DEMO_CLIENT.client_id,
        clientSecret: DEMO_CLIENT.client_secret ?? '',
        redirectUri,
        logoutReturnUrl: 'http://127.0.0.1:9/',
        appName: 'Clock test',
        issuer: 'https://auth.globus.org',
        clockLeewaySeconds: 60,
        timeouts: { connectMs: 1000, totalMs: 2000 },
        retries: 0,
      });

      /** A fresh id_token from the fake for Jane, and the nonce it carries. */
      async function freshIdToken(): Promise<{ idToken: string; nonce: string }> {
        const nonce = randomBytes(16).toString('base64url');
        const verifier = randomBytes(32).toString('base64url');
        const auth = new GlobusAuthIdentityProvider(settings(), new JoseIdTokenVerifier(settings()));
        const url = auth.authorizationUrl({ state: 's', nonce, scopes: ['openid', 'profile', 'email'], codeVerifier: verifier, offline: false });
        const callback = new URL(await approveAtFake(new BrowserClient(), url, JANE, 'allow'));
        const grant = await auth.exchangeCode(callback.searchParams.get('code') ?? '', verifier);
        if (!grant.idToken) throw new Error('no id_token');
        return { idToken: grant.idToken, nonce };
      }

      const skewedVerifier = (offsetSeconds: number, lines: Array<Record<string, unknown>>) =>
        new JoseIdTokenVerifier(
          { ...settings(), logger: { warn: (fields, message) => lines.push({ ...fields, message }) } },
          { now: () => Date.now() + offsetSeconds * 1000 },
        );

      before(async () => {
        fake = await startFakeGlobus({ port: 0, clients: [{ ...DEMO_CLIENT, redirect_uris: [redirectUri] }] });
      });
      after(async () => fake.close());

      for (const offset of [-45, 45]) {
        it(`accepts an id_token when our clock is ${Math.abs(offset)} s ${offset < 0 ? 'behind' : 'ahead'}`, async () => {
          const { idToken, nonce } = await freshIdToken();
          const identity = await skewedVerifier(offset, []).verify(idToken, nonce);
          expect(identity.sub).to.equal(JANE_SUB);
        });
      }

      for (const [offset, direction] of [
        [-120, /in the future.*behind/],
        [120, /ago.*ahead/],
      ] as const) {
        it(`refuses it when our clock is ${Math.abs(offset)} s ${offset < 0 ? 'behind' : 'ahead'}, with a log line naming the clock offset`, async () => {
          const { idToken, nonce } = await freshIdToken();
          const lines: Array<Record<string, unknown>> = [];

          const error = await rejectionOf(skewedVerifier(offset, lines).verify(idToken, nonce));

          expect(error).to.be.instanceOf(IdTokenInvalid);
          expect((error as IdTokenInvalid).reason).to.match(/^clock offset/).and.to.match(direction);
          expect(lines).to.have.length(1);
          expect(lines[0]).to.include({ message: 'id_token rejected' });
          expect(String(lines[0]?.['reason'])).to.match(/clock offset.*leeway 60 s.*NTP/);
          expect(JSON.stringify(lines)).not.to.include(idToken.split('.')[1] ?? idToken);
        });
      }
    });

    describe('through the whole login, with the app’s Clock offset', () => {
      const stacks: Stack[] = [];
      after(async () => Promise.all(stacks.map((s) => s.close())));

      /** A stack whose Clock (used for id_token checks, token expiry and login attempts) is off by `seconds`. */
      const skewedStack = async (seconds: number): Promise<Stack> => {
        const stack = await startStack({
          env: FAULT_ENV,
          prepare: (c) => c.rebind<Clock>(TOKENS.Clock).toConstantValue({ now: () => Date.now() + seconds * 1000 }),
        });
        stacks.push(stack);
        return stack;
      };

      it('logs in when the app’s clock is 45 s ahead', async () => {
        const stack = await skewedStack(45);

        const { final } = await loginAs(new BrowserClient(), stack.appUrl, JANE);

        expect(locationOf(final)).to.equal('/');
        expect(logLines(stack).filter((l) => l['msg'] === 'id_token rejected')).to.have.length(0);
      });

      for (const offsetSeconds of [-150, 150]) {
        it(`refuses the login when the app’s clock is ${Math.abs(offsetSeconds)} s ${offsetSeconds < 0 ? 'behind' : 'ahead'}: error page, tokens revoked, no session, clear log line`, async () => {
          const stack = await skewedStack(offsetSeconds);
          const client = new BrowserClient();
          const since = new Date();

          const { final } = await loginAs(client, stack.appUrl, JANE);

          expect(final.statusCode).to.equal(400);
          expect(final.body).to.contain('Your identity from Globus Auth could not be verified');
          expect(await storedSessions(stack)).to.have.length(0);
          const issued = issuedSince(stack.fake, since);
          expect(issued).to.have.length(2);
          for (const token of issued) expect(token.revoked, `${token.resource_server} revoked`).to.equal(true);
          const lines = logLines(stack);
          expect(lines.some((l) => l['msg'] === 'login' && l['outcome'] === 'id-token-invalid')).to.equal(true);
          const rejected = lines.filter((l) => l['msg'] === 'id_token rejected');
          expect(rejected, 'one warning naming the reason').to.have.length(1);
          expect(rejected[0]?.['level']).to.equal(40);
          expect(String(rejected[0]?.['reason'])).to.match(/^clock offset: id_token issued 1[45]\d s (in the future|ago) \(leeway 60 s\).*check NTP$/);
        });
      }
    });

    describe('through the whole login, with the fake Globus’s id_token clock skewed', () => {
      const harness = useFaultStack();

      it('logs in when Globus’s clock is 45 s ahead', async () => {
        const { stack, fake, client } = harness;
        const linesBefore = logLines(stack).length;
        fake.faults.setClockSkew(45);

        const { final } = await loginAs(client, stack.appUrl, JANE);

        expect(locationOf(final)).to.equal('/');
        expect(logLines(stack).slice(linesBefore).filter((l) => l['msg'] === 'id_token rejected')).to.have.length(0);
      });

      it('refuses the login when Globus’s clock is 150 s ahead: error page, tokens revoked, no session, log line naming the offset', async () => {
        const { stack, fake, client } = harness;
        const linesBefore = logLines(stack).length;
        const sessionsBefore = (await storedSessions(stack)).length;
        const since = new Date();
        fake.faults.setClockSkew(150);

        const { final } = await loginAs(client, stack.appUrl, JANE);

        expect(final.statusCode).to.equal(400);
        expect(final.body).to.contain('Your identity from Globus Auth could not be verified');
        expect(await storedSessions(stack)).to.have.length(sessionsBefore);
        const issued = issuedSince(fake, since);
        expect(issued).to.have.length(2);
        for (const token of issued) expect(token.revoked, `${token.resource_server} revoked`).to.equal(true);
        const lines = logLines(stack).slice(linesBefore);
        expect(lines.some((l) => l['msg'] === 'login' && l['outcome'] === 'id-token-invalid')).to.equal(true);
        const rejected = lines.filter((l) => l['msg'] === 'id_token rejected');
        expect(rejected, 'one warning naming the reason').to.have.length(1);
        expect(rejected[0]?.['level']).to.equal(40);
        expect(String(rejected[0]?.['reason'])).to.match(/^clock offset: id_token issued 1[45]\d s in the future \(leeway 60 s\); this server's clock is behind Globus's, check NTP$/);
      });
    });
  });
});
