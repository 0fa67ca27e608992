import { expect } from 'chai';
import type { Response } from 'got';
import { CookieJar } from 'tough-cookie';
import { DEMO_CLIENT } from '../../src/fake-globus/index.js';
import { authorizeUrl, browse, http, useTestFake } from './helpers.js';

describe('fake Globus: GET /v2/web/logout', () => {
  const fake = useTestFake();

  const logout = (query: Record<string, string>, cookieJar?: CookieJar): Promise<Response<string>> =>
    (cookieJar === undefined ? http : http.extend({ cookieJar })).get(`${fake.url}v2/web/logout`, { searchParams: query });

  it('names the app (client_id) and offers a Continue link without redirecting', async () => {
    const response = await logout({ client_id: DEMO_CLIENT.client_id, redirect_uri: 'http://localhost:5000/', redirect_name: 'Globus Login Demo' });
    expect(response.statusCode).to.equal(200);
    expect(response.headers.location).to.equal(undefined);
    expect(response.body).to.include('You have logged out of Globus Login Demo');
    expect(response.body).to.include('<a class="continue" href="http://localhost:5000/">Continue to Globus Login Demo</a>');
    expect(response.body).to.not.match(/<meta http-equiv="refresh"|<script/i);
  });

  it('accepts the legacy `client` parameter', async () => {
    const response = await logout({ client: DEMO_CLIENT.client_id, redirect_uri: 'http://localhost:5000/', redirect_name: 'Example Portal' });
    expect(response.body).to.include('You have logged out of Globus Login Demo').and.include('Continue to Example Portal');
  });

  it('shows no link without redirect_uri, or for a non-http one', async () => {
    expect((await logout({ client_id: DEMO_CLIENT.client_id })).body).to.not.include('Continue to');
    expect((await logout({ client_id: DEMO_CLIENT.client_id, redirect_uri: 'javascript:alert(1)', redirect_name: 'x' })).body).to.not.include('Continue to');
  });

  it('forgets the sign-in: the next login offers no "Continue as"', async () => {
    const jar = new CookieJar();
    await browse(fake, {}, { cookieJar: jar });
    const signInPage = async (params: Record<string, string> = {}): Promise<string> => {
      const client = http.extend({ cookieJar: jar });
      const start = await client.get(authorizeUrl(fake, params));
      return (await client.get(new URL(start.headers.location ?? '', fake.url))).body;
    };
    expect(await signInPage()).to.include('Continue as Jane Doe');
    expect(await signInPage({ prompt: 'login' })).to.not.include('Continue as Jane Doe');
    await logout({ client_id: DEMO_CLIENT.client_id }, jar);
    const after = await signInPage();
    expect(after).to.not.include('Continue as');
    expect(after).to.include('Sign in as Jane Doe');
  });
});
