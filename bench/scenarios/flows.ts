import type { Agent } from 'node:http';
import { CookieJar, locationOf, send, type Reply } from '../lib/http-client.js';

/** What a browser keeps after logging in: its cookies and the CSRF token from the page. */
export interface LoggedInSession {
  readonly cookie: string;
  readonly csrf: string;
}

export interface FlowTargets {
  /** The app, no trailing slash. */
  readonly appUrl: string;
  /** The fake Globus, with trailing slash. */
  readonly fakeUrl: string;
  /** Username of a fake Globus demo identity. */
  readonly identity: string;
  /** A string the logged-in home page must contain (the identity's display name). */
  readonly expectOnHome: string;
}

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

function expectStatus(reply: Reply, allowed: readonly number[], step: string): void {
  if (!allowed.includes(reply.status)) throw new Error(`${step}: status ${reply.status}`);
}

/** At the fake Globus: authorize → sign in → consent (allow); returns the redirect back to the client. */
async function approveAtFake(agent: Agent, authorizeUrl: string, identity: string): Promise<string> {
  const authorize = await send(agent, authorizeUrl);
  expectStatus(authorize, [302], 'GET authorize');
  const signInUrl = new URL(locationOf(authorize, authorizeUrl));
  const request = signInUrl.searchParams.get('request') ?? '';
  const signIn = await send(agent, new URL('/fake/sign-in', signInUrl).href, { form: { request, identity } });
  expectStatus(signIn, [302, 303], 'POST sign-in');
  const consentUrl = new URL('/fake/consent', signInUrl).href;
  const consent = await send(agent, consentUrl, { form: { request, decision: 'allow' } });
  expectStatus(consent, [302, 303], 'POST consent');
  return locationOf(consent, consentUrl);
}

/**
 * One whole browser login, as test/support/login-flow.ts drives it: GET /login → fake authorize
 * → POST sign-in → POST consent → app callback (code exchange, id_token check) → GET /.
 */
export async function loginFlow(agent: Agent, targets: FlowTargets): Promise<LoggedInSession> {
  const jar = new CookieJar();
  const loginUrl = `${targets.appUrl}/login`;
  const start = await send(agent, loginUrl);
  expectStatus(start, [302], 'GET /login');
  jar.store(start);
  const callbackUrl = await approveAtFake(agent, locationOf(start, loginUrl), targets.identity);
  if (!callbackUrl.startsWith(`${targets.appUrl}/login?`)) throw new Error('consent did not redirect to the app callback');
  const callback = await send(agent, callbackUrl, { headers: { cookie: jar.header() } });
  expectStatus(callback, [302], 'GET callback');
  jar.store(callback);
  const homeUrl = locationOf(callback, callbackUrl);
  const home = await send(agent, homeUrl, { headers: { cookie: jar.header() } });
  expectStatus(home, [200], 'GET / after login');
  const csrf = CSRF_FIELD.exec(home.body)?.[1];
  if (csrf === undefined || !home.body.includes(targets.expectOnHome)) throw new Error('home page after login lacks the user or the logout form');
  return { cookie: jar.header(), csrf };
}

/** POST /logout for a logged-in session: revokes its tokens at the fake, 303 to Globus's logout page. */
export async function logoutFlow(agent: Agent, appUrl: string, fakeUrl: string, session: LoggedInSession): Promise<void> {
  const reply = await send(agent, `${appUrl}/logout`, {
    form: { _csrf: session.csrf },
    headers: { cookie: session.cookie, origin: new URL(appUrl).origin },
  });
  expectStatus(reply, [303], 'POST /logout');
  if (!locationOf(reply, `${appUrl}/logout`).startsWith(`${fakeUrl}v2/web/logout?`)) throw new Error('POST /logout did not send the browser to Globus logout');
  const cleared = (reply.headers['set-cookie'] ?? []).some((line) => /^sid=;/.test(line));
  if (!cleared) throw new Error('POST /logout did not clear the session cookie');
}

export interface BenchClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
}

/**
 * A Transfer access token straight from the fake (authorization-code grant as the app's own
 * client, the code never reaching the app), for measuring the fake's endpoint_search alone.
 */
export async function fakeTransferToken(agent: Agent, fakeUrl: string, client: BenchClient, identity: string, scopes: string): Promise<string> {
  const authorize = new URL('v2/oauth2/authorize', fakeUrl);
  authorize.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: scopes,
    response_type: 'code',
    state: 'bench-direct',
  }).toString();
  const back = new URL(await approveAtFake(agent, authorize.href, identity));
  const code = back.searchParams.get('code');
  if (code === null) throw new Error('fake Globus did not return a code');
  const reply = await send(agent, new URL('v2/oauth2/token', fakeUrl).href, {
    form: { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri },
    headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`, accept: 'application/json' },
  });
  expectStatus(reply, [200], 'POST token');
  const body = JSON.parse(reply.body) as { resource_server?: string; access_token?: string; other_tokens?: Array<{ resource_server?: string; access_token?: string }> };
  const transfer = [body, ...(body.other_tokens ?? [])].find((t) => t.resource_server === 'transfer.api.globus.org');
  if (transfer?.access_token === undefined) throw new Error('no Transfer token in the token response');
  return transfer.access_token;
}
