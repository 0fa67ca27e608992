import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import { INFRA } from '../../src/container.js';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { approveAtFake, loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { useStack } from '../support/use-stack.js';
import { dumpUnder, useTestRedis } from '../contract/token-store/redis-test-support.js';
import {
  AHMED,
  AHMED_SUB,
  JANE,
  JANE_SUB,
  SkewedClock,
  findLeak,
  isLoggedIn,
  issuedSince,
  memoryTokenStore,
  serverSessionOf,
  sessionCookieHeader,
  sessionCookieValue,
  storedSessionCount,
  tokenRequests,
  tokenStrings,
  withClock,
  type Haystack,
} from './helpers.js';
import { RESIGN_UNCHANGED, useHostileStack, type Tamper } from './hostile-globus.js';

const without = (claims: JWTPayload, name: string): JWTPayload => Object.fromEntries(Object.entries(claims).filter(([k]) => k !== name));

describe('Security: identity and tokens', () => {
  describe('id_token verification, against a hostile Globus that forges id_tokens', () => {
    const harness = useHostileStack({ env: { GLOBUS_REFRESH_TOKENS: 'true' } });

    it('accepts the genuine claims signed with the published key, and fetches the key set only once', async () => {
      const { stack, hostile } = harness;
      // The control case: the proxy itself is transparent, so every refusal below is the tampering's doing.
      for (const round of [1, 2]) {
        const client = new BrowserClient();
        const { final } = await loginAs(client, stack.appUrl, JANE);
        expect(final.statusCode, `login ${round}`).to.equal(302);
        expect(locationOf(final)).to.equal('/');
        expect(await isLoggedIn(stack.appUrl, await sessionCookieHeader(client, stack.appUrl))).to.equal(true);
      }
      expect(hostile.jwksRequests(), 'JWKS is cached between logins').to.equal(1);
    });

    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const forgeries: ReadonlyArray<readonly [string, Tamper]> = [
      ['signed with a key Globus does not publish', (c, f) => f.signWithForeignKey(c)],
      ['alg none (unsigned)', (c, f) => Promise.resolve(f.unsigned(c))],
      ['HS256 keyed with the published public key (algorithm confusion)', (c, f) => f.signHs256WithPublicKey(c)],
      ['RS256 with the right key (only RS512 is Globus)', (c, f) => f.signWithAlg(c, 'RS256')],
      ['PS512 with the right key', (c, f) => f.signWithAlg(c, 'PS512')],
      ['the nonce of another login', (c, f) => f.sign({ ...c, nonce: 'bm9uY2Utb2YtYW5vdGhlci1sb2dpbi0wMTIzNDU2Nzg5' })],
      ['no nonce', (c, f) => f.sign(without(c, 'nonce'))],
      ['aud of another client', (c, f) => f.sign({ ...c, aud: 'another-client-id' })],
      ['iss of another server', (c, f) => f.sign({ ...c, iss: 'https://auth.evil.example' })],
      ['exp an hour ago (beyond the leeway)', (c, f) => f.sign({ ...c, exp: nowSeconds() - 3600 })],
      ['nbf an hour ahead (beyond the leeway)', (c, f) => f.sign({ ...c, nbf: nowSeconds() + 3600 })],
      ['iat an hour ahead (beyond the leeway)', (c, f) => f.sign({ ...c, iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 })],
      ['iat a day ago (a replayed old id_token)', (c, f) => f.sign({ ...c, iat: nowSeconds() - 86_400 })],
      ['no sub', (c, f) => f.sign(without(c, 'sub'))],
      ['an empty sub', (c, f) => f.sign({ ...c, sub: '' })],
      ['no exp', (c, f) => f.sign(without(c, 'exp'))],
      ['no iat', (c, f) => f.sign(without(c, 'iat'))],
      ['a signature that does not match the payload', async (c, f) => {
        const [header, , signature] = (await f.sign(c)).split('.');
        const payload = Buffer.from(JSON.stringify({ ...c, sub: AHMED_SUB })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      }],
    ];

    for (const [what, tamper] of forgeries) {
      it(`refuses an id_token with ${what}: clear page, tokens revoked at Globus, nothing stored`, async () => {
        const { stack, hostile } = harness;
        hostile.tamper = tamper;
        const issuedBefore = stack.fake.inspect.issuedTokens().length;
        const sessionsBefore = storedSessionCount(stack);
        const client = new BrowserClient();
        const { final } = await loginAs(client, stack.appUrl, JANE);

        expect(final.statusCode).to.equal(400);
        expect(final.headers['content-type']).to.match(/^text\/html/);
        expect(final.headers['cache-control']).to.equal('no-store');
        expect(final.body).to.contain('Login failed').and.to.contain('could not be verified');
        expect(final.headers.location).to.equal(undefined);

        const issued = issuedSince(stack, issuedBefore);
        expect(issued.map((t) => t.resource_server)).to.include.members(['auth.globus.org', 'transfer.api.globus.org']);
        const revoked = new Set(stack.fake.inspect.revokedTokens());
        for (const token of tokenStrings(issued)) expect(revoked.has(token), 'every token of the refused login is revoked').to.equal(true);

        expect(storedSessionCount(stack), 'no session stored').to.equal(sessionsBefore);
        const cookieKey = await sessionCookieValue(client, stack.appUrl);
        expect(cookieKey).to.be.a('string');
        expect((await serverSessionOf(stack, cookieKey!)).user).to.equal(undefined);
        expect(await isLoggedIn(stack.appUrl, await sessionCookieHeader(client, stack.appUrl))).to.equal(false);
        const forged = hostile.idTokensSent.at(-1)!;
        expect(stack.logs.join('\n')).to.not.contain(forged.split('.')[1]);
        expect(final.body).to.not.contain(forged.split('.')[1]);
      });
    }

    it('accepts an id_token that expired within the configured clock leeway (60 s)', async () => {
      const { stack, hostile } = harness;
      hostile.tamper = (c, f) => f.sign({ ...c, exp: nowSeconds() - 20 });
      const { final } = await loginAs(new BrowserClient(), stack.appUrl, JANE);
      expect(final.statusCode).to.equal(302);
      expect(locationOf(final)).to.equal('/');
    });
  });

  describe('JWKS cache: refreshed on an unknown key, at most once per cooldown', () => {
    // The 30 s cooldown is crossed by moving the app's clock; every offset stays within the 60 s
    // id_token leeway so the iat check is not what decides.
    const clock = new SkewedClock();
    const harness = useHostileStack({ prepare: withClock(clock) });

    it('refetches once for a flood of forged signatures, then picks up a rotated key and caches it', async () => {
      const { stack, hostile } = harness;
      clock.setOffset(-50_000);
      expect((await loginAs(new BrowserClient(), stack.appUrl, JANE)).final.statusCode).to.equal(302);
      expect(hostile.jwksRequests()).to.equal(1);

      clock.setOffset(-15_000);
      hostile.tamper = (c, f) => f.signWithForeignKey(c);
      for (let i = 0; i < 3; i += 1) expect((await loginAs(new BrowserClient(), stack.appUrl, JANE)).final.statusCode).to.equal(400);
      expect(hostile.jwksRequests(), 'three forged signatures trigger one refetch, not three').to.equal(2);

      await hostile.rotateKey();
      clock.setOffset(20_000);
      hostile.tamper = RESIGN_UNCHANGED;
      const rotated = await loginAs(new BrowserClient(), stack.appUrl, JANE);
      expect(rotated.final.statusCode, 'a login signed with the new key succeeds').to.equal(302);
      expect(hostile.jwksRequests()).to.equal(3);
      const again = await loginAs(new BrowserClient(), stack.appUrl, JANE);
      expect(again.final.statusCode).to.equal(302);
      expect(hostile.jwksRequests(), 'the new key set is cached').to.equal(3);
    });
  });

  describe('identity from a trusted Globus is shown escaped', () => {
    const harness = useHostileStack();

    it('renders an identity whose name and organization carry markup as text, never as HTML', async () => {
      const { stack, hostile } = harness;
      const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      hostile.tamper = (c, f) => f.sign({ ...c, name: `Jane ${payload}`, organization: `"><svg onload=alert(3)>`, preferred_username: `${payload}@x` });
      const client = new BrowserClient();
      const { final } = await loginAs(client, stack.appUrl, JANE);
      expect(final.statusCode).to.equal(302);
      for (const path of ['/', '/endpoints', '/logout']) {
        const page = await client.get(`${stack.appUrl}${path}`);
        expect(page.statusCode, path).to.equal(200);
        expect(page.body, path).to.contain('Jane &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
        expect(page.body, path).to.not.contain('<script');
        expect(page.body, path).to.not.contain('<img');
        expect(page.body, path).to.not.contain('<svg');
      }
    });
  });

  describe('callback iss (RFC 9207) and error=', () => {
    const harness = useStack();

    const approved = async (client: BrowserClient, decision: 'allow' | 'deny' = 'allow'): Promise<URL> => {
      const start = await client.get(`${harness.stack.appUrl}/login`);
      return new URL(await approveAtFake(client, locationOf(start), JANE, decision));
    };

    it('refuses a callback whose iss is not the configured issuer, before any token request', async () => {
      const { stack, client } = harness;
      const callback = await approved(client);
      callback.searchParams.set('iss', 'https://auth.evil.example');
      const res = await client.get(callback.href);
      expect(res.statusCode).to.equal(400);
      expect(res.body).to.contain('came from an unexpected server');
      expect(res.body).to.not.contain('auth.evil.example');
      expect(res.headers['referrer-policy']).to.equal('no-referrer');
      expect(tokenRequests(stack)).to.have.length(0);
      expect(await isLoggedIn(stack.appUrl, await sessionCookieHeader(client, stack.appUrl))).to.equal(false);
    });

    it('refuses a repeated iss even when one copy is right', async () => {
      const { stack, client } = harness;
      const callback = await approved(client);
      callback.searchParams.append('iss', stack.config.globus.issuer);
      callback.searchParams.append('iss', 'https://auth.evil.example');
      expect((await client.get(callback.href)).statusCode).to.equal(400);
      expect(tokenRequests(stack)).to.have.length(0);
    });

    it('accepts a callback whose iss is exactly the configured issuer', async () => {
      const { stack, client } = harness;
      const callback = await approved(client);
      callback.searchParams.set('iss', stack.config.globus.issuer);
      const res = await client.get(callback.href);
      expect(res.statusCode).to.equal(302);
      expect(locationOf(res)).to.equal('/');
      expect(tokenRequests(stack)).to.have.length(1);
    });

    it('does not believe error= without a valid state: no "declined" page, and the real login still works', async () => {
      const { stack, client } = harness;
      const callback = await approved(client);
      const forged = await client.get(`${stack.appUrl}/login?error=access_denied&state=not-the-state`);
      expect(forged.statusCode).to.equal(400);
      expect(forged.body).to.not.contain('Login declined');
      expect(forged.body).to.contain('expired or is not valid');
      // The attacker's error did not consume the genuine pending login.
      const real = await client.get(callback.href);
      expect(real.statusCode).to.equal(302);
      expect(tokenRequests(stack)).to.have.length(1);
    });

    it('believes error= with the valid state, consumes the login, and never echoes its text', async () => {
      const { stack, client } = harness;
      const callback = await approved(client);
      const state = callback.searchParams.get('state')!;
      const evil = '<script>alert(document.cookie)</script>';
      const url = `${stack.appUrl}/login?error=${encodeURIComponent(evil)}&error_description=${encodeURIComponent(evil)}&error_uri=${encodeURIComponent('javascript:alert(1)')}&state=${state}`;
      const res = await client.get(url);
      expect(res.statusCode).to.equal(403);
      expect(res.body).to.contain('Login declined');
      expect(res.body).to.not.contain('<script>alert');
      expect(res.body).to.not.contain('alert(document.cookie)');
      expect(res.body).to.not.contain('javascript:');
      expect(res.headers['cache-control']).to.equal('no-store');
      // Single use: the genuine code for that state is now refused.
      const late = await client.get(callback.href);
      expect(late.statusCode).to.equal(400);
      expect(tokenRequests(stack)).to.have.length(0);
    });
  });

  describe('re-login as another identity', () => {
    const harness = useStack({ env: { GLOBUS_REFRESH_TOKENS: 'true' } });

    it('replaces the session wholesale: new cookie, only the new identity and tokens, the old tokens revoked', async () => {
      const { stack, client } = harness;
      const janeIssuedFrom = stack.fake.inspect.issuedTokens().length;
      await loginAs(client, stack.appUrl, JANE);
      const janeTokens = tokenStrings(issuedSince(stack, janeIssuedFrom));
      const janeCookie = await sessionCookieHeader(client, stack.appUrl);
      const janeKey = (await sessionCookieValue(client, stack.appUrl))!;
      expect((await serverSessionOf(stack, janeKey)).user?.identity.sub).to.equal(JANE_SUB);

      const ahmedIssuedFrom = stack.fake.inspect.issuedTokens().length;
      const { final } = await loginAs(client, stack.appUrl, AHMED);
      expect(final.statusCode).to.equal(302);
      const ahmedTokens = tokenStrings(issuedSince(stack, ahmedIssuedFrom));
      const ahmedKey = (await sessionCookieValue(client, stack.appUrl))!;
      expect(ahmedKey).to.not.equal(janeKey);

      const { user } = await serverSessionOf(stack, ahmedKey);
      expect(user?.identity.sub).to.equal(AHMED_SUB);
      const held = Object.values(user?.tokens ?? {}).flatMap((t) => [t.accessToken, ...(t.refreshToken ? [t.refreshToken] : [])]);
      expect(held).to.have.members(ahmedTokens);
      for (const token of janeTokens) expect(held).to.not.include(token);

      const revoked = new Set(stack.fake.inspect.revokedTokens());
      for (const token of janeTokens) expect(revoked.has(token), 'superseded token revoked').to.equal(true);
      for (const token of ahmedTokens) expect(revoked.has(token), 'current token kept').to.equal(false);

      const home = await client.get(`${stack.appUrl}/`);
      expect(home.body).to.contain('Ahmed Khan').and.to.not.contain('Jane Doe');
      const json = JSON.parse((await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' })).body) as { endpoints: unknown[] };
      expect(json.endpoints).to.have.length(50); // Ahmed's 250, paged; Jane has 3
      expect(await isLoggedIn(stack.appUrl, janeCookie), 'the pre-re-login cookie is dead').to.equal(false);
      expect((await serverSessionOf(stack, janeKey)).data).to.equal(undefined);
    });
  });

  describe('tokens at rest', () => {
    const secretsAfterLogin = async (stack: Stack) => {
      const issuedFrom = stack.fake.inspect.issuedTokens().length;
      stack.fake.inspect.reset();
      const client = new BrowserClient();
      const { callbackUrl, final } = await loginAs(client, stack.appUrl, JANE);
      expect(final.statusCode).to.equal(302);
      const exchange = tokenRequests(stack)[0];
      const needles = [
        ...tokenStrings(issuedSince(stack, issuedFrom)).map((value) => ({ what: 'a token', value })),
        { what: 'the PKCE verifier', value: exchange?.form['code_verifier'] ?? '' },
        { what: 'the code', value: new URL(callbackUrl).searchParams.get('code') ?? '' },
        { what: 'the client secret', value: stack.config.globus.clientSecret },
      ];
      expect(needles.filter((n) => n.what === 'a token')).to.have.length.at.least(4); // access + refresh, two resource servers
      return { client, needles };
    };

    it('keeps no token, refresh token, verifier, code or secret in a dump of the memory stores after a login', async () => {
      const stack = await startStack({ env: { GLOBUS_REFRESH_TOKENS: 'true' } });
      try {
        // A second login left pending, so the dump also holds a sealed login attempt.
        const pending = new BrowserClient();
        await pending.get(`${stack.appUrl}/login`);
        const { client, needles } = await secretsAfterLogin(stack);
        const store = memoryTokenStore(stack);
        const dump = store.dumpRaw();
        expect(JSON.parse(dump)).to.have.property('sessions').with.length.at.least(1);
        const cookieKey = (await sessionCookieValue(client, stack.appUrl))!;
        const { data, user } = await serverSessionOf(stack, cookieKey);
        expect(user, 'the store does hold the session').to.not.equal(undefined);
        expect(findLeak([{ where: 'token store dump', text: dump }, { where: 'session object', text: JSON.stringify(data) }], needles)).to.equal(undefined);
      } finally {
        await stack.close();
      }
    });

    describe('in Redis', () => {
      const redisForSuite = useTestRedis('security');
      const prefix = redisForSuite.runPrefix;

      it('keeps no token, refresh token, verifier, code or secret in any Redis key after a login', async () => {
        const stack = await startStack({ env: { GLOBUS_REFRESH_TOKENS: 'true', SESSION_STORE: 'redis', REDIS_KEY_PREFIX: prefix } });
        try {
          const { needles } = await secretsAfterLogin(stack);
          const dump = await dumpUnder(redisForSuite.client(), prefix);
          expect(dump.length).to.be.greaterThan(100);
          expect(dump).to.contain(`${prefix}`);
          expect(findLeak([{ where: 'Redis dump', text: dump }], needles)).to.equal(undefined);
          expect(stack.app.container.isBound(INFRA.Redis)).to.equal(true);
        } finally {
          await stack.close();
        }
      });
    });
  });

  describe('no token, code or secret leaks into logs, pages, headers, URLs or cookies', () => {
    const harness = useStack({ env: { GLOBUS_REFRESH_TOKENS: 'true' } });

    it('scans everything the app logged and sent during login, use, refresh, upstream errors and logout', async () => {
      const { stack, client } = harness;
      const issuedFrom = stack.fake.inspect.issuedTokens().length;
      stack.fake.inspect.reset();
      const start = await client.get(`${stack.appUrl}/endpoints?page=1`);
      const loginPath = locationOf(start);
      const { callbackUrl, final } = await loginAs(client, stack.appUrl, JANE, 'allow', loginPath);
      expect(final.statusCode).to.equal(302);
      const code = new URL(callbackUrl).searchParams.get('code')!;
      const verifier = tokenRequests(stack)[0]!.form['code_verifier']!;
      expect(verifier).to.have.length.greaterThan(40);

      expect((await client.get(`${stack.appUrl}/`)).statusCode).to.equal(200);
      expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode).to.equal(200);
      expect((await client.get(`${stack.appUrl}/endpoints?q=x`, { accept: 'application/json' })).statusCode).to.equal(200);
      // A replayed callback, and Globus failures whose bodies echo the secrets back.
      expect((await new BrowserClient().get(callbackUrl)).statusCode).to.equal(400);
      const access = issuedSince(stack, issuedFrom).find((t) => t.resource_server === 'transfer.api.globus.org')!;
      stack.fake.faults.failNext('endpoint_search', 1, 500, { code: 'ServerError', message: `bad token ${access.access_token}` });
      expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode).to.be.within(500, 599);
      stack.fake.faults.failNext('endpoint_search', 1, 401, { code: 'AuthenticationFailed', message: `Token ${access.access_token} is invalid` });
      expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode, 'refreshed and retried').to.equal(200);
      // A second login whose code exchange fails with an echo of the code.
      const other = new BrowserClient();
      const otherStart = await other.get(`${stack.appUrl}/login`);
      const otherCallback = await approveAtFake(other, locationOf(otherStart), JANE, 'allow');
      const otherCode = new URL(otherCallback).searchParams.get('code')!;
      stack.fake.faults.failNext('token', 1, 400, { error: 'invalid_grant', error_description: `code ${otherCode} secret ${stack.config.globus.clientSecret}` });
      const rejected = await other.get(otherCallback);
      expect(rejected.statusCode).to.equal(400);

      const confirm = await client.get(`${stack.appUrl}/logout`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
      stack.fake.faults.failNext('revoke', 1, 500, { error: 'server_error', error_description: `could not revoke ${access.access_token}` });
      const out = await client.postForm(`${stack.appUrl}/logout`, { _csrf: csrf });
      expect(out.statusCode).to.equal(303);

      const issued = issuedSince(stack, issuedFrom);
      expect(issued.some((t) => t.grant === 'refresh_token'), 'the refresh path ran').to.equal(true);
      const needles = [
        ...tokenStrings(issued).map((value) => ({ what: 'a token', value })),
        { what: 'the code', value: code },
        { what: 'the failed code', value: otherCode },
        { what: 'the PKCE verifier', value: verifier },
        ...tokenRequests(stack).flatMap((r) => (r.form['code_verifier'] ? [{ what: 'a PKCE verifier', value: r.form['code_verifier'] }] : [])),
        { what: 'the client secret', value: stack.config.globus.clientSecret },
        { what: 'the session secret', value: stack.config.session.secrets[0]! },
        { what: 'the token encryption key', value: stack.config.tokenEncryptionKeys },
      ];

      const appOrigin = new URL(stack.appUrl).origin;
      const haystacks: Haystack[] = [{ where: 'the app log', text: stack.logs.join('\n') }];
      for (const client_ of [client, other]) {
        for (const ex of client_.exchanges.filter((e) => new URL(e.url).origin === appOrigin)) {
          const where = `${ex.method} ${new URL(ex.url).pathname} → ${ex.statusCode}`;
          haystacks.push({ where: `${where} body`, text: ex.body }, { where: `${where} headers (incl. Set-Cookie, Location)`, text: JSON.stringify(ex.headers) });
          const isCallbackHop = ex.url === callbackUrl || ex.url === otherCallback;
          if (!isCallbackHop) haystacks.push({ where: `${where} request URL`, text: ex.url });
          else expect(ex.headers['referrer-policy'], 'the callback hop sends no Referer onwards').to.equal('no-referrer');
        }
        const cookies = await client_.jar.getCookies(stack.appUrl);
        haystacks.push({ where: 'the cookie jar', text: JSON.stringify(cookies.map((c) => c.toJSON())) });
      }
      expect(haystacks.length).to.be.greaterThan(20);
      expect(findLeak(haystacks, needles)).to.equal(undefined);
    });
  });
});
