import { expect } from 'chai';
import got from 'got';
import { Cookie } from 'tough-cookie';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { approveAtFake, loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import {
  JANE,
  ManualCookies,
  SkewedClock,
  isLoggedIn,
  issuedSince,
  serverSessionOf,
  sessionCookieHeader,
  sessionCookieValue,
  setCookiesOf,
  sleep,
  tokenRequests,
  tokenStrings,
  withClock,
  withCookie,
} from './helpers.js';

const parsedCookies = (lines: readonly string[]) => lines.map((line) => Cookie.parse(line)).filter((c): c is Cookie => c !== undefined);

/** Logs `client` in and returns what a thief would copy, plus the tokens Globus issued for it. */
async function loggedIn(stack: Stack, client = new BrowserClient()) {
  const issuedFrom = stack.fake.inspect.issuedTokens().length;
  const { final } = await loginAs(client, stack.appUrl, JANE);
  expect(final.statusCode).to.equal(302);
  return {
    client,
    cookie: await sessionCookieHeader(client, stack.appUrl),
    key: (await sessionCookieValue(client, stack.appUrl))!,
    tokens: tokenStrings(issuedSince(stack, issuedFrom)),
  };
}

const csrfFrom = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('Security: sessions', () => {
  describe('fixation, logout and cookie flags over http', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ env: { GLOBUS_REFRESH_TOKENS: 'true' } });
    });
    after(async () => stack.close());
    beforeEach(() => stack.fake.inspect.reset());

    it('changes the session id at login, and the pre-login cookie stops working', async () => {
      const client = new BrowserClient();
      const start = await client.get(`${stack.appUrl}/login`);
      expect(start.statusCode).to.equal(302);
      const preLoginCookie = await sessionCookieHeader(client, stack.appUrl);
      const preLoginKey = (await sessionCookieValue(client, stack.appUrl))!;
      expect((await serverSessionOf(stack, preLoginKey)).data?.['sid']).to.be.a('string');

      const callback = await approveAtFake(client, locationOf(start), JANE, 'allow');
      expect((await client.get(callback)).statusCode).to.equal(302);
      const key = (await sessionCookieValue(client, stack.appUrl))!;
      expect(key).to.not.equal(preLoginKey);
      expect(await isLoggedIn(stack.appUrl, await sessionCookieHeader(client, stack.appUrl))).to.equal(true);
      expect(await isLoggedIn(stack.appUrl, preLoginCookie), 'the pre-login cookie is not logged in').to.equal(false);
      expect((await serverSessionOf(stack, preLoginKey)).data, 'the pre-login session is destroyed server-side').to.equal(undefined);
    });

    it('gives a planted (fixated) session cookie nothing when the victim logs in with it', async () => {
      const attacker = new BrowserClient();
      await attacker.get(`${stack.appUrl}/login`);
      const planted = await sessionCookieHeader(attacker, stack.appUrl);

      const victim = new BrowserClient();
      for (const pair of planted.split('; ')) await victim.jar.setCookie(pair, stack.appUrl);
      const { final } = await loginAs(victim, stack.appUrl, JANE);
      expect(final.statusCode).to.equal(302);
      expect(await isLoggedIn(stack.appUrl, await sessionCookieHeader(victim, stack.appUrl))).to.equal(true);
      expect(await isLoggedIn(stack.appUrl, planted), 'the attacker rides nothing').to.equal(false);
    });

    it('invalidates the session server-side at logout: the old cookie replayed is not logged in, tokens revoked and deleted', async () => {
      const { client, cookie, key, tokens } = await loggedIn(stack);
      const csrf = csrfFrom((await client.get(`${stack.appUrl}/logout`)).body);
      const out = await client.postForm(`${stack.appUrl}/logout`, { _csrf: csrf });
      expect(out.statusCode).to.equal(303);
      expect(out.headers['cache-control']).to.equal('no-store');
      const cleared = parsedCookies(setCookiesOf(out)).find((c) => c.key === 'sid');
      expect(cleared?.value, 'the browser is told to drop the cookie').to.equal('');

      expect(await isLoggedIn(stack.appUrl, cookie), 'the replayed cookie').to.equal(false);
      expect(await serverSessionOf(stack, key)).to.deep.equal({ data: undefined, user: undefined });
      const revoked = new Set(stack.fake.inspect.revokedTokens());
      for (const token of tokens) expect(revoked.has(token)).to.equal(true);
    });

    it('sets the session cookie HttpOnly, SameSite=Lax, host-only on /, signed, and carrying only an opaque key', async () => {
      const client = new BrowserClient();
      const start = await client.get(`${stack.appUrl}/login`);
      const cookies = parsedCookies(setCookiesOf(start));
      expect(cookies.map((c) => c.key)).to.have.members(['sid', 'sid.sig']);
      for (const c of cookies) {
        expect(c.httpOnly, c.key).to.equal(true);
        expect(c.sameSite, c.key).to.equal('lax');
        expect(c.path, c.key).to.equal('/');
        expect(c.domain, c.key).to.equal(null);
        expect(c.secure, `${c.key} is not Secure under an http BASE_URL`).to.equal(false);
      }
      const sid = cookies.find((c) => c.key === 'sid')!.value;
      expect(sid).to.match(/^[A-Za-z0-9_-]{32}$/);
      // Signed: the same key with a forged signature is no session at all.
      const forged = `sid=${sid}; sid.sig=${'A'.repeat(27)}`;
      expect((await serverSessionOf(stack, sid)).data).to.not.equal(undefined);
      const res = await withCookie(`${stack.appUrl}/logout`, forged);
      expect(res.body).to.contain('You are not logged in');
    });
  });

  describe('cookie flags under an https BASE_URL', () => {
    const BASE_URL = 'https://app.example.test';

    describe('behind a proxy with TRUST_PROXY=true', () => {
      let stack: Stack;
      before(async () => {
        stack = await startStack({ env: { BASE_URL, TRUST_PROXY: 'true' } });
      });
      after(async () => stack.close());

      const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example.test' };

      it('uses __Host- cookies that are Secure, HttpOnly, SameSite=Lax, Path=/ and host-only, and sends HSTS', async () => {
        const res = await withCookie(`${stack.appUrl}/login`, '', viaProxy);
        expect(res.statusCode).to.equal(302);
        expect(new URL(locationOf(res)).searchParams.get('redirect_uri')).to.equal(`${BASE_URL}/login`);
        expect(res.headers['strict-transport-security']).to.match(/^max-age=\d{7,}; includeSubDomains$/);
        const cookies = parsedCookies(setCookiesOf(res));
        expect(cookies.map((c) => c.key)).to.have.members(['__Host-sid', '__Host-sid.sig']);
        for (const c of cookies) {
          expect(c.secure, c.key).to.equal(true);
          expect(c.httpOnly, c.key).to.equal(true);
          expect(c.sameSite, c.key).to.equal('lax');
          expect(c.path, c.key).to.equal('/');
          expect(c.domain, c.key).to.equal(null);
        }
      });

      it('logs in and out end to end with those cookies', async () => {
        const jar = new ManualCookies();
        const globus = new BrowserClient();
        const start = await withCookie(`${stack.appUrl}/login`, '', viaProxy);
        jar.take(start);
        const callback = new URL(await approveAtFake(globus, locationOf(start), JANE, 'allow'));
        expect(callback.origin).to.equal(BASE_URL);
        const done = await withCookie(`${stack.appUrl}${callback.pathname}${callback.search}`, jar.header(), viaProxy);
        expect(done.statusCode).to.equal(302);
        expect(locationOf(done)).to.equal('/');
        expect(jar.get('__Host-sid')).to.not.equal(undefined);
        const preLogin = start.headers['set-cookie']?.find((l) => l.startsWith('__Host-sid='));
        jar.take(done);
        expect(preLogin).to.not.contain(jar.get('__Host-sid')!);

        const home = await withCookie(`${stack.appUrl}/`, jar.header(), viaProxy);
        expect(home.statusCode).to.equal(200);
        expect(home.body).to.contain('Jane Doe');
        const csrf = csrfFrom(home.body);
        const out = await got.post(`${stack.appUrl}/logout`, {
          headers: { ...viaProxy, cookie: jar.header(), origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
          form: { _csrf: csrf },
          followRedirect: false,
          throwHttpErrors: false,
        });
        expect(out.statusCode).to.equal(303);
        expect((await withCookie(`${stack.appUrl}/`, jar.header(), viaProxy)).statusCode).to.equal(302);
      });

      it('still sets Secure __Host- cookies (and answers, never 500) on a hop without X-Forwarded-Proto, without HSTS', async () => {
        const res = await withCookie(`${stack.appUrl}/login`, '');
        expect(res.statusCode).to.equal(302);
        expect(res.headers['strict-transport-security'], 'HSTS only over https (RFC 6797 §7.2)').to.equal(undefined);
        const cookies = parsedCookies(setCookiesOf(res));
        expect(cookies.map((c) => c.key)).to.have.members(['__Host-sid', '__Host-sid.sig']);
        for (const c of cookies) expect(c.secure, c.key).to.equal(true);
      });
    });

    describe('with TRUST_PROXY=false', () => {
      let stack: Stack;
      before(async () => {
        stack = await startStack({ env: { BASE_URL, TRUST_PROXY: 'false' } });
      });
      after(async () => stack.close());

      it('does not believe X-Forwarded-Proto (no HSTS on a plain hop), yet the cookies stay Secure __Host- and nothing fails', async () => {
        const res = await withCookie(`${stack.appUrl}/login`, '', { 'x-forwarded-proto': 'https' });
        expect(res.statusCode).to.equal(302);
        expect(res.headers['strict-transport-security']).to.equal(undefined);
        const cookies = parsedCookies(setCookiesOf(res));
        expect(cookies.map((c) => c.key)).to.have.members(['__Host-sid', '__Host-sid.sig']);
        for (const c of cookies) expect(c.secure, c.key).to.equal(true);
      });
    });
  });

  describe('idle timeout (SESSION_IDLE_SECONDS=2)', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ env: { SESSION_IDLE_SECONDS: '2', SESSION_ABSOLUTE_SECONDS: '3600' } });
    });
    after(async () => stack.close());

    it('keeps an active session, then logs out an idle one for real: tokens revoked and deleted, a new login possible at once', async () => {
      const { client, cookie, key, tokens } = await loggedIn(stack);
      for (const step of [1, 2, 3]) {
        await sleep(1100);
        expect((await client.get(`${stack.appUrl}/`)).statusCode, `active request ${step}`).to.equal(200);
      }
      expect(stack.fake.inspect.revokedTokens().filter((t) => tokens.includes(t))).to.have.length(0);

      await sleep(2300);
      const idle = await withCookie(`${stack.appUrl}/endpoints`, cookie, { accept: 'application/json' });
      expect(idle.statusCode).to.equal(401);
      const revoked = new Set(stack.fake.inspect.revokedTokens());
      for (const token of tokens) expect(revoked.has(token), 'revoked at Globus').to.equal(true);
      expect((await serverSessionOf(stack, key)).user, 'deleted from the store').to.equal(undefined);
      expect(await isLoggedIn(stack.appUrl, cookie)).to.equal(false);
      expect(stack.logs.join('\n')).to.contain('session expired');

      // The browser that timed out can start again straight away.
      const again = await client.get(`${stack.appUrl}/login`);
      expect(again.statusCode).to.equal(302);
      expect(new URL(locationOf(again)).pathname).to.equal('/v2/oauth2/authorize');
    });

    it('lets a browser whose session expired start a new login on its very next request (no 500)', async () => {
      const { client, key } = await loggedIn(stack);
      await sleep(2300);
      const start = await client.get(`${stack.appUrl}/login?next=%2Fendpoints`);
      expect(start.statusCode).to.equal(302);
      const newKey = await sessionCookieValue(client, stack.appUrl);
      expect(newKey, 'a fresh cookie key').to.not.equal(key);
      const callback = await approveAtFake(client, locationOf(start), JANE, 'allow');
      const done = await client.get(callback);
      expect(done.statusCode).to.equal(302);
      expect(locationOf(done)).to.equal('/endpoints');
    });
  });

  describe('absolute lifetime (SESSION_ABSOLUTE_SECONDS=2)', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ env: { SESSION_IDLE_SECONDS: '3600', SESSION_ABSOLUTE_SECONDS: '2' } });
    });
    after(async () => stack.close());

    it('logs out a session older than the limit however active it is, and the stolen cookie is worthless', async () => {
      const { cookie, key, tokens } = await loggedIn(stack);
      for (const step of [1, 2, 3]) {
        await sleep(500);
        expect(await isLoggedIn(stack.appUrl, cookie), `active at step ${step}`).to.equal(true);
      }
      await sleep(800);
      expect(await isLoggedIn(stack.appUrl, cookie), 'past the absolute limit').to.equal(false);
      expect((await serverSessionOf(stack, key)).data, 'destroyed server-side').to.equal(undefined);
      expect(stack.logs.join('\n'), 'seen as expired by the app, not silently dropped by koa-session').to.contain('session expired');
      const revoked = new Set(stack.fake.inspect.revokedTokens());
      for (const token of tokens) expect(revoked.has(token), 'revoked at Globus').to.equal(true);
    });
  });

  describe('pending logins', () => {
    let stack: Stack;
    const clock = new SkewedClock();
    before(async () => {
      stack = await startStack({ prepare: withClock(clock) });
    });
    after(async () => stack.close());
    beforeEach(() => stack.fake.inspect.reset());

    it('lets several tabs start logins at once and finish in any order, each returning to its own page', async () => {
      const client = new BrowserClient();
      const tabs = ['/endpoints?page=2', '/endpoints?page=3', '/'];
      const callbacks: string[] = [];
      for (const next of tabs) {
        const start = await client.get(`${stack.appUrl}/login?next=${encodeURIComponent(next)}`);
        callbacks.push(await approveAtFake(client, locationOf(start), JANE, 'allow'));
      }
      for (const i of [1, 2, 0]) {
        const done = await client.get(callbacks[i]!);
        expect(done.statusCode, `tab ${i}`).to.equal(302);
        expect(locationOf(done)).to.equal(tabs[i]);
      }
      expect(tokenRequests(stack)).to.have.length(3);
      expect(await isLoggedIn(stack.appUrl, await sessionCookieHeader(client, stack.appUrl))).to.equal(true);
    });

    it('caps pending logins (oldest dropped) while the cookie stays the same opaque id of constant size', async () => {
      const client = new BrowserClient();
      const callbacks: string[] = [];
      const cookieHeaders: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        const start = await client.get(`${stack.appUrl}/login`);
        for (const c of parsedCookies(setCookiesOf(start))) expect(c.value.length, `Set-Cookie ${c.key} on start ${i}`).to.be.lessThan(40);
        cookieHeaders.push(await sessionCookieHeader(client, stack.appUrl));
        callbacks.push(await approveAtFake(client, locationOf(start), JANE, 'allow'));
      }
      expect(new Set(cookieHeaders.map((h) => h.length)).size, 'cookie size constant across 10 starts').to.equal(1);
      expect(new Set(cookieHeaders).size, 'the same opaque id all along').to.equal(1);

      for (const i of [0, 4]) {
        const dropped = await client.get(callbacks[i]!);
        expect(dropped.statusCode, `start ${i} was dropped`).to.equal(400);
        expect(dropped.body).to.contain('expired or is not valid');
      }
      expect(tokenRequests(stack), 'dropped logins never reach the token endpoint').to.have.length(0);
      expect((await client.get(callbacks[5]!)).statusCode, 'the oldest kept login still works').to.equal(302);
      expect(tokenRequests(stack)).to.have.length(1);
    });

    it('expires a pending login after 10 minutes: a late callback gets a 400 page and no token request', async () => {
      const client = new BrowserClient();
      const start = await client.get(`${stack.appUrl}/login`);
      const callback = await approveAtFake(client, locationOf(start), JANE, 'allow');
      clock.setOffset(10 * 60 * 1000 + 1000);
      const late = await client.get(callback).finally(() => clock.setOffset(0));
      expect(late.statusCode).to.equal(400);
      expect(late.body).to.contain('Login expired');
      expect(tokenRequests(stack)).to.have.length(0);
      expect(await isLoggedIn(stack.appUrl, await sessionCookieHeader(client, stack.appUrl))).to.equal(false);
      // Single use, even when late: the attempt is gone.
      expect((await client.get(callback)).body).to.contain('expired or is not valid');
    });

    it('redeems a pending login once: the same callback again neither exchanges the code nor logs in again', async () => {
      const client = new BrowserClient();
      const { callbackUrl } = await loginAs(client, stack.appUrl, JANE);
      const keyAfterLogin = await sessionCookieValue(client, stack.appUrl);
      const again = await client.get(callbackUrl);
      expect(again.statusCode).to.equal(302);
      expect(locationOf(again)).to.equal('/');
      expect(await sessionCookieValue(client, stack.appUrl), 'no second rotation').to.equal(keyAfterLogin);
      const elsewhere = await new BrowserClient().get(callbackUrl);
      expect(elsewhere.statusCode).to.equal(400);
      expect(tokenRequests(stack)).to.have.length(1);
    });
  });
});
