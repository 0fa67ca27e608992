import { expect } from 'chai';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { useStack } from '../support/use-stack.js';

const JANE = 'jdoe@uchicago.edu';

describe('Login flow against the fake Globus (integration)', () => {
  const harness = useStack();

  it('sends an anonymous visitor from / to /login and on to Globus Auth with state, nonce and PKCE', async () => {
    const { stack, client } = harness;
    const home = await client.get(`${stack.appUrl}/`);
    expect(home.statusCode).to.equal(302);
    expect(locationOf(home)).to.equal('/login');

    const start = await client.get(`${stack.appUrl}/login`);
    expect(start.statusCode).to.equal(302);
    const authorize = new URL(locationOf(start));
    expect(authorize.origin + authorize.pathname).to.equal(`${stack.fake.url}v2/oauth2/authorize`);
    const q = authorize.searchParams;
    expect(q.get('client_id')).to.equal(stack.config.globus.clientId);
    expect(q.get('redirect_uri')).to.equal(`${stack.appUrl}/login`);
    expect(q.get('scope')).to.equal('openid profile email urn:globus:auth:scope:transfer.api.globus.org:all');
    expect(q.get('response_type')).to.equal('code');
    expect(q.get('code_challenge_method')).to.equal('S256');
    expect(q.get('state')).to.have.length.greaterThan(30);
    expect(q.get('nonce')).to.have.length.greaterThan(30);
    expect(start.headers['cache-control']).to.equal('no-store');
    const cookie = start.headers['set-cookie']?.join(';') ?? '';
    expect(cookie).to.match(/httponly/i).and.to.match(/samesite=lax/i);
  });

  it('logs in, shows the identity, lists endpoints, and logs out revoking every token', async () => {
    const { stack, client } = harness;
    const { final } = await loginAs(client, stack.appUrl, JANE);
    expect(final.statusCode).to.equal(302);
    expect(locationOf(final)).to.equal('/');

    const home = await client.get(`${stack.appUrl}/`);
    expect(home.statusCode).to.equal(200);
    expect(home.body).to.contain('Jane Doe').and.to.contain(JANE).and.to.contain('University of Chicago');
    expect(home.body).to.contain('href="/endpoints"');

    const page = await client.get(`${stack.appUrl}/endpoints`);
    expect(page.statusCode).to.equal(200);
    expect(page.body).to.contain('<table');
    const json = await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' });
    expect(json.statusCode).to.equal(200);
    const listing = JSON.parse(json.body) as { endpoints: { displayName: string }[] };
    expect(listing.endpoints).to.have.length(3);
    for (const e of listing.endpoints) expect(page.body).to.contain(e.displayName);

    const issued = stack.fake.inspect.issuedTokens().filter((t) => t.client_id === stack.config.globus.clientId);
    const mine = issued.filter((t) => !t.revoked);
    expect(mine.map((t) => t.resource_server)).to.include.members(['auth.globus.org', 'transfer.api.globus.org']);

    const confirm = await client.get(`${stack.appUrl}/logout`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    expect(csrf).to.not.equal('');
    const out = await client.postForm(`${stack.appUrl}/logout`, { _csrf: csrf });
    expect(out.statusCode).to.equal(303);
    const logoutUrl = new URL(locationOf(out));
    expect(logoutUrl.origin + logoutUrl.pathname).to.equal(`${stack.fake.url}v2/web/logout`);
    expect(logoutUrl.searchParams.get('client_id')).to.equal(stack.config.globus.clientId);
    expect(logoutUrl.searchParams.get('redirect_uri')).to.equal(`${stack.appUrl}/`);
    expect(logoutUrl.searchParams.get('redirect_name')).to.equal(stack.config.appName);

    const revoked = new Set(stack.fake.inspect.revokedTokens());
    for (const t of mine) expect(revoked.has(t.access_token), `${t.resource_server} access token revoked`).to.equal(true);

    const after = await client.get(`${stack.appUrl}/`);
    expect(after.statusCode).to.equal(302);
    const logoutPage = await client.get(logoutUrl.href);
    expect(logoutPage.statusCode).to.equal(200);
    expect(logoutPage.body).to.contain('Continue to');
  });

  it('shows each user only their own endpoints', async () => {
    const { stack, client } = harness;
    await loginAs(client, stack.appUrl, 'riya@example.edu');
    const empty = await client.get(`${stack.appUrl}/endpoints`);
    expect(empty.body).to.contain('You own no endpoints yet');

    const other = new BrowserClient();
    await loginAs(other, stack.appUrl, 'ahmed@globusid.org');
    const json = JSON.parse((await other.get(`${stack.appUrl}/endpoints?page=5`, { accept: 'application/json' })).body) as {
      endpoints: { displayName: string }[];
      hasNextPage: boolean;
      page: number;
    };
    expect(json.page).to.equal(5);
    expect(json.endpoints).to.have.length(50);
    expect(json.hasNextPage).to.equal(false);
  });

  it('returns to the protected page the login started from', async () => {
    const { stack, client } = harness;
    const start = await client.get(`${stack.appUrl}/endpoints?page=2`);
    expect(start.statusCode).to.equal(302);
    const loginPath = locationOf(start);
    expect(loginPath).to.equal(`/login?next=${encodeURIComponent('/endpoints?page=2')}`);
    const { final } = await loginAs(client, stack.appUrl, JANE, 'allow', loginPath);
    expect(locationOf(final)).to.equal('/endpoints?page=2');
  });

  it('answers JSON requests without a session with 401, not a redirect', async () => {
    const { stack, client } = harness;
    const res = await client.get(`${stack.appUrl}/endpoints`, { accept: 'application/json' });
    expect(res.statusCode).to.equal(401);
    expect(JSON.parse(res.body)).to.include({ error: 'unauthorized' });
  });

  it('answers /healthz and /readyz', async () => {
    const { stack, client } = harness;
    expect((await client.get(`${stack.appUrl}/healthz`)).statusCode).to.equal(200);
    expect((await client.get(`${stack.appUrl}/readyz`)).statusCode).to.equal(200);
  });
});
