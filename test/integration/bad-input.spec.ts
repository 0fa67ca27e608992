import { expect } from 'chai';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { approveAtFake, loginAs } from '../support/login-flow.js';
import type { Stack } from '../support/start-stack.js';
import { useStack } from '../support/use-stack.js';

const JANE = 'jdoe@uchicago.edu';
const tokenRequests = (stack: Stack) => stack.fake.inspect.requests().filter((r) => r.path === '/v2/oauth2/token');

describe('Bad input (integration)', () => {
  const harness = useStack();

  it('refuses a forged state with a 400 page and never calls the token endpoint', async () => {
    const { stack, client } = harness;
    const start = await client.get(`${stack.appUrl}/login`);
    const authorizeUrl = locationOf(start);
    const callback = new URL(await approveAtFake(client, authorizeUrl, JANE, 'allow'));
    callback.searchParams.set('state', 'forged-state');
    const res = await client.get(callback.href);
    expect(res.statusCode).to.equal(400);
    expect(res.headers['content-type']).to.match(/html/);
    expect(res.body).to.contain('This login has expired or is not valid');
    expect(tokenRequests(stack)).to.have.length(0);
    expect((await client.get(`${stack.appUrl}/`)).statusCode).to.equal(302);
  });

  it('refuses a callback without state', async () => {
    const { stack, client } = harness;
    const res = await client.get(`${stack.appUrl}/login?code=abc`);
    expect(res.statusCode).to.equal(400);
    expect(tokenRequests(stack)).to.have.length(0);
  });

  it('does not log in twice with a replayed callback in another browser', async () => {
    const { stack, client } = harness;
    const { callbackUrl } = await loginAs(client, stack.appUrl, JANE);
    const attacker = new BrowserClient();
    const replay = await attacker.get(callbackUrl);
    expect(replay.statusCode).to.equal(400);
    expect(tokenRequests(stack)).to.have.length(1);
  });

  it('sends a reload of the callback after a successful login to the home page', async () => {
    const { stack, client } = harness;
    const { callbackUrl } = await loginAs(client, stack.appUrl, JANE);
    const reload = await client.get(callbackUrl);
    expect(reload.statusCode).to.equal(302);
    expect(locationOf(reload)).to.equal('/');
    expect(tokenRequests(stack)).to.have.length(1);
  });

  it('shows a friendly page for a declined consent, and stores nothing', async () => {
    const { stack, client } = harness;
    const { final } = await loginAs(client, stack.appUrl, JANE, 'deny');
    expect(final.statusCode).to.equal(403);
    expect(final.body).to.contain('Login declined').and.to.contain('href="/login');
    expect(tokenRequests(stack)).to.have.length(0);
  });

  it('does not trust an error= callback without a valid state, nor echo its text', async () => {
    const { stack, client } = harness;
    const res = await client.get(`${stack.appUrl}/login?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=nope`);
    expect(res.statusCode).to.equal(400);
    expect(res.body).to.not.contain('<script>');
    expect(res.body).to.not.contain('alert(1)');
  });

  it('answers unknown routes with a 404 page and wrong methods with 405', async () => {
    const { stack, client } = harness;
    const missing = await client.get(`${stack.appUrl}/no/such/page`);
    expect(missing.statusCode).to.equal(404);
    expect(missing.body).to.contain('Page not found');
    const wrong = await client.http.put(`${stack.appUrl}/login`);
    expect(wrong.statusCode).to.equal(405);
    expect(wrong.body).to.not.match(/at .*\.ts:\d+/);
  });

  it('treats a tampered session cookie as no session', async () => {
    const { stack, client } = harness;
    await loginAs(client, stack.appUrl, JANE);
    const cookies = await client.jar.getCookies(stack.appUrl);
    const sid = cookies.find((c) => c.key === 'sid');
    expect(sid).to.not.equal(undefined);
    const tampered = new BrowserClient();
    const header = cookies.map((c) => (c.key === 'sid' ? `sid=${c.value.slice(0, -2)}xx` : `${c.key}=${c.value}`)).join('; ');
    const home = await tampered.get(`${stack.appUrl}/`, { cookie: header });
    expect(home.statusCode).to.equal(302);
    expect(locationOf(home)).to.equal('/login');
    const json = await tampered.get(`${stack.appUrl}/endpoints`, { cookie: header, accept: 'application/json' });
    expect(json.statusCode).to.equal(401);
  });

  it('refuses a logout POST without the CSRF token, keeping the session', async () => {
    const { stack, client } = harness;
    await loginAs(client, stack.appUrl, JANE);
    const res = await client.postForm(`${stack.appUrl}/logout`, { _csrf: 'wrong' });
    expect(res.statusCode).to.equal(403);
    expect((await client.get(`${stack.appUrl}/`)).statusCode).to.equal(200);
    expect(stack.fake.inspect.revokedTokens()).to.have.length(0);
  });

  it('answers a malformed percent-encoding and an oversized query with 4xx', async () => {
    const { stack, client } = harness;
    const bad = await client.get(`${stack.appUrl}/endpoints/%E0%A4%A`);
    expect(bad.statusCode).to.be.within(400, 499);
    const long = await client.get(`${stack.appUrl}/login?state=${'a'.repeat(5000)}&code=x`);
    expect(long.statusCode).to.equal(400);
  });
});
