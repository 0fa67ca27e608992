import { expect } from 'chai';
import type { Response } from 'got';
import { DEMO_CLIENT } from '../../src/fake-globus/index.js';
import { authorizeUrl, browse, FULL_SCOPE, hiddenField, http, JANE, OTHER_CLIENT, PUBLIC_CLIENT, useTestFake } from './helpers.js';

describe('fake Globus: GET /v2/oauth2/authorize', () => {
  const fake = useTestFake();

  const authorize = (query: string): Promise<Response<string>> => http.get(`${fake.url}v2/oauth2/authorize?${query}`);
  const redirectOf = (location: string | undefined): URL => new URL(location ?? 'about:blank');

  describe('with a redirect_uri that is not registered', () => {
    it('shows an error page and does not redirect', async () => {
      const url = authorizeUrl(fake).replace(encodeURIComponent('http://localhost:5000/login'), encodeURIComponent('http://localhost:5000/login/'));
      const response = await http.get(url);
      expect(response.statusCode).to.equal(400);
      expect(response.headers.location).to.equal(undefined);
      expect(response.headers['content-type']).to.match(/^text\/html/);
      expect(response.body).to.include('Mismatching redirect URI').and.include('OAUTH_AUTH_REQUEST_FAILURE');
    });

    it('also refuses a missing redirect_uri', async () => {
      const response = await authorize(`client_id=${DEMO_CLIENT.client_id}&scope=openid&response_type=code`);
      expect(response.statusCode).to.equal(400);
      expect(response.body).to.include('Mismatching redirect URI');
    });
  });

  it('shows an error page for an unknown client', async () => {
    const response = await http.get(authorizeUrl(fake).replace(DEMO_CLIENT.client_id, '00000000-0000-4000-8000-000000000999'));
    expect(response.statusCode).to.equal(400);
    expect(response.headers.location).to.equal(undefined);
    expect(response.body).to.include('Unknown client');
  });

  it('redirects with unsupported_response_type for response_type=token, keeping state', async () => {
    const response = await http.get(authorizeUrl(fake, { response_type: 'token', state: 'keep-me' }));
    expect(response.statusCode).to.equal(302);
    const back = redirectOf(response.headers.location);
    expect(`${back.origin}${back.pathname}`).to.equal('http://localhost:5000/login');
    expect(back.searchParams.get('error')).to.equal('unsupported_response_type');
    expect(back.searchParams.get('state')).to.equal('keep-me');
    expect(back.searchParams.has('code')).to.equal(false);
  });

  it('requires a scope', async () => {
    const query = `client_id=${DEMO_CLIENT.client_id}&redirect_uri=${encodeURIComponent('http://localhost:5000/login')}&response_type=code`;
    const response = await authorize(query);
    expect(redirectOf(response.headers.location).searchParams.get('error')).to.equal('invalid_request');
  });

  it('rejects a scope it cannot place on a resource server', async () => {
    const response = await http.get(authorizeUrl(fake, { scope: 'openid frobnicate' }));
    expect(redirectOf(response.headers.location).searchParams.get('error')).to.equal('invalid_scope');
  });

  it('rejects an unknown code_challenge_method', async () => {
    const response = await http.get(authorizeUrl(fake, { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S1' }));
    expect(redirectOf(response.headers.location).searchParams.get('error')).to.equal('invalid_request');
  });

  it('requires PKCE from a public client', async () => {
    const response = await http.get(authorizeUrl(fake, { client: PUBLIC_CLIENT }));
    const back = redirectOf(response.headers.location);
    expect(back.origin).to.equal('http://127.0.0.1:7777');
    expect(back.searchParams.get('error')).to.equal('invalid_request');
  });

  it('decodes + in the query string as a space', async () => {
    const query = `client_id=${DEMO_CLIENT.client_id}&redirect_uri=${encodeURIComponent('http://localhost:5000/login')}&response_type=code&scope=openid+email&state=s`;
    const response = await authorize(query);
    expect(response.statusCode).to.equal(302);
    const signIn = await http.get(new URL(response.headers.location ?? '', fake.url));
    const request = hiddenField(signIn.body, 'request');
    await http.post(`${fake.url}fake/sign-in`, { form: { request, identity: JANE } });
    const consent = await http.get(`${fake.url}fake/consent?request=${request}`);
    expect(consent.body).to.include('Know who you are in Globus').and.include('View your email address');
    expect(consent.body).to.not.include('openid+email');
  });

  describe('the sign-in page', () => {
    let page: string;
    let headers: Record<string, string | string[] | undefined>;
    before(async () => {
      const start = await http.get(authorizeUrl(fake, { session_message: '<script>alert(1)</script>' }));
      expect(start.headers.location).to.match(/^http:\/\/127\.0\.0\.1:\d+\/fake\/sign-in\?request=[A-Za-z0-9]+$/);
      const signIn = await http.get(new URL(start.headers.location ?? '', fake.url));
      page = signIn.body;
      headers = signIn.headers;
    });

    it('says loudly that it is a demo, in English, with its own stylesheet and no script', () => {
      expect(page).to.include('<html lang="en">');
      expect(page).to.include('Demo Globus — not the real service');
      expect(page).to.not.match(/<script/i);
      expect(page).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(headers['content-security-policy']).to.include("default-src 'none'");
    });

    it('offers one button per demo identity', () => {
      for (const name of ['Jane Doe', 'Ahmed Khan', 'Riya Patel']) expect(page).to.include(`>Sign in as ${name}</button>`);
      expect(page).to.include('name="identity" value="jdoe@uchicago.edu"');
    });

    it('serves the stylesheet it links to', async () => {
      const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page)?.[1] ?? '';
      const css = await http.get(new URL(href, fake.url));
      expect(css.statusCode).to.equal(200);
      expect(css.headers['content-type']).to.match(/^text\/css/);
      expect(css.body).to.include('.demo-banner');
    });
  });

  it('lists only identities from session_required_single_domain', async () => {
    const start = await http.get(authorizeUrl(fake, { session_required_single_domain: 'uchicago.edu' }));
    const page = (await http.get(new URL(start.headers.location ?? '', fake.url))).body;
    expect(page).to.include('Sign in as Jane Doe');
    expect(page).to.not.include('Sign in as Ahmed Khan');
    const request = hiddenField(page, 'request');
    const refused = await http.post(`${fake.url}fake/sign-in`, { form: { request, identity: 'ahmed@globusid.org' } });
    expect(refused.statusCode).to.equal(400);
  });

  it('refuses an unknown identity and an unknown request id', async () => {
    const start = await http.get(authorizeUrl(fake));
    const request = new URL(start.headers.location ?? '', fake.url).searchParams.get('request') ?? '';
    expect((await http.post(`${fake.url}fake/sign-in`, { form: { request, identity: 'mallory@example.com' } })).statusCode).to.equal(400);
    expect((await http.post(`${fake.url}fake/sign-in`, { form: { request: 'nope', identity: JANE } })).statusCode).to.equal(400);
    expect((await http.get(`${fake.url}fake/consent?request=nope`)).statusCode).to.equal(400);
  });

  it('sends the consent page back to sign-in before an identity was chosen', async () => {
    const start = await http.get(authorizeUrl(fake));
    const request = new URL(start.headers.location ?? '', fake.url).searchParams.get('request') ?? '';
    const consent = await http.get(`${fake.url}fake/consent?request=${request}`);
    expect(consent.statusCode).to.equal(303);
    expect(consent.headers.location).to.equal(`${fake.url}fake/sign-in?request=${request}`);
  });

  describe('the consent page', () => {
    let page: string;
    before(async () => {
      const scope = `${FULL_SCOPE} urn:globus:auth:scope:example.org:frob urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c04ee0b0-5cb0-4a60-9ec7-349c16d8055e/data_access]`;
      const start = await http.get(authorizeUrl(fake, { client: OTHER_CLIENT, scope, access_type: 'offline' }));
      const request = new URL(start.headers.location ?? '', fake.url).searchParams.get('request') ?? '';
      await http.post(`${fake.url}fake/sign-in`, { form: { request, identity: JANE } });
      page = (await http.get(`${fake.url}fake/consent?request=${request}`)).body;
    });

    it('names the client, HTML-escaped', () => {
      expect(page).to.include('Other &lt;App&gt; &amp; &quot;Co&quot; would like to:');
      expect(page).to.not.include('<App>');
    });

    it('describes each scope in words and unknown ones verbatim', () => {
      for (const words of [
        'Know who you are in Globus',
        'View your email address',
        'View your name, organization and identity provider',
        'Manage your data using Globus Transfer',
        'urn:globus:auth:scope:example.org:frob',
        'Access data on collection c04ee0b0-5cb0-4a60-9ec7-349c16d8055e (optional)',
      ]) {
        expect(page).to.include(words);
      }
      expect(page).to.include('refresh tokens');
    });

    it('has exactly the Allow and Deny buttons', () => {
      expect(page).to.include('<button type="submit" name="decision" value="allow">Allow</button>');
      expect(page).to.match(/<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);
    });
  });

  it('redirects a denial back with access_denied and the state', async () => {
    const back = await browse(fake, { state: 'xyz' }, { decision: 'deny' });
    expect(back.searchParams.get('error')).to.equal('access_denied');
    expect(back.searchParams.get('error_description')).to.be.a('string').and.not.equal('');
    expect(back.searchParams.get('state')).to.equal('xyz');
    expect(back.searchParams.has('code')).to.equal(false);
  });

  it('returns a single-use request: consenting twice fails', async () => {
    const start = await http.get(authorizeUrl(fake));
    const request = new URL(start.headers.location ?? '', fake.url).searchParams.get('request') ?? '';
    await http.post(`${fake.url}fake/sign-in`, { form: { request, identity: JANE } });
    expect((await http.post(`${fake.url}fake/consent`, { form: { request, decision: 'allow' } })).statusCode).to.equal(302);
    expect((await http.post(`${fake.url}fake/consent`, { form: { request, decision: 'allow' } })).statusCode).to.equal(400);
  });
});
