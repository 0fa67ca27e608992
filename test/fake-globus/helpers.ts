import { expect } from 'chai';
import got, { type Response } from 'got';
import type { CookieJar } from 'tough-cookie';
import { DEMO_CLIENT, startFakeGlobus, type FakeClient, type FakeGlobusOptions, type RunningFakeGlobus } from '../../src/fake-globus/index.js';

/** Plain HTTP, like a test or a server-side app: no redirects followed, no retries, no throwing on 4xx/5xx. */
export const http = got.extend({ followRedirect: false, throwHttpErrors: false, retry: { limit: 0 } });

export const TRANSFER_SCOPE = 'urn:globus:auth:scope:transfer.api.globus.org:all';
export const FULL_SCOPE = `openid profile email ${TRANSFER_SCOPE}`;
export const JANE = 'jdoe@uchicago.edu';
export const AHMED = 'ahmed@globusid.org';
export const RIYA = 'riya@example.edu';

export const PUBLIC_CLIENT: FakeClient = {
  client_id: '3f1c2b8e-0d4a-4c55-9e2f-6a7b8c9d0e1f',
  redirect_uris: ['http://127.0.0.1:7777/callback'],
  name: 'Native Test App',
};

export const OTHER_CLIENT: FakeClient = {
  client_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  client_secret: 'other/secret+value=',
  redirect_uris: ['https://other.example.org/cb'],
  name: 'Other <App> & "Co"',
};

export function startTestFake(options: FakeGlobusOptions = {}): Promise<RunningFakeGlobus> {
  return startFakeGlobus({ port: 0, clients: [DEMO_CLIENT, PUBLIC_CLIENT, OTHER_CLIENT], ...options });
}

/**
 * A test fake for the enclosing describe: started in `before`, closed in `after`. The returned
 * object reads through to it (use it inside hooks and tests), so every spec sets up the fake the same way.
 */
export function useTestFake(options: FakeGlobusOptions = {}): RunningFakeGlobus {
  let started: RunningFakeGlobus | undefined;
  const current = (): RunningFakeGlobus => {
    if (!started) throw new Error('the fake is not started (use it inside a hook or test)');
    return started;
  };
  before(async () => {
    started = await startTestFake(options);
  });
  after(async () => {
    await started?.close();
  });
  return {
    get url() {
      return current().url;
    },
    get inspect() {
      return current().inspect;
    },
    get faults() {
      return current().faults;
    },
    close: () => current().close(),
  };
}

/** The fake's token endpoint. */
export const tokenUrl = (fake: RunningFakeGlobus): string => `${fake.url}v2/oauth2/token`;

/** An error response's JSON body. */
export const errorOf = (body: string): unknown => JSON.parse(body);

export function secretOf(client: FakeClient): string {
  if (client.client_secret === undefined) throw new Error('test client has no secret');
  return client.client_secret;
}

/** Basic auth exactly as the Globus SDK builds it: base64 of the raw `id:secret`. */
export function basic(client: FakeClient, secret = secretOf(client)): string {
  return `Basic ${Buffer.from(`${client.client_id}:${secret}`).toString('base64')}`;
}

export function json<T>(response: Response<string>): T {
  expect(response.headers['content-type']).to.match(/^application\/json/);
  return JSON.parse(response.body) as T;
}

export function hiddenField(page: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(page);
  if (match?.[1] === undefined) throw new Error(`no hidden field ${name} in page`);
  return match[1];
}

export interface AuthorizeParams {
  client?: FakeClient;
  scope?: string;
  state?: string;
  [extra: string]: string | FakeClient | undefined;
}

export function authorizeUrl(fake: RunningFakeGlobus, params: AuthorizeParams = {}): string {
  const client = params.client ?? DEMO_CLIENT;
  const query = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0] ?? '',
    scope: params.scope ?? FULL_SCOPE,
    response_type: 'code',
    state: params.state ?? 'st4te-123',
  });
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && !['scope', 'state'].includes(name)) query.set(name, value);
  }
  return `${fake.url}v2/oauth2/authorize?${query.toString()}`;
}

export interface BrowserOptions {
  identity?: string;
  decision?: 'allow' | 'deny';
  cookieJar?: CookieJar;
}

/** Drive the browser leg over plain HTTP; returns the URL the browser is finally sent back to. */
export async function browse(fake: RunningFakeGlobus, params: AuthorizeParams = {}, options: BrowserOptions = {}): Promise<URL> {
  const client = options.cookieJar === undefined ? http : http.extend({ cookieJar: options.cookieJar });
  const start = await client.get(authorizeUrl(fake, params));
  expect(start.statusCode, start.body).to.equal(302);
  const signInUrl = new URL(start.headers.location ?? '', fake.url);
  expect(signInUrl.pathname).to.equal('/fake/sign-in');
  const signIn = await client.get(signInUrl);
  expect(signIn.statusCode).to.equal(200);
  const request = hiddenField(signIn.body, 'request');
  const signedIn = await client.post(`${fake.url}fake/sign-in`, { form: { request, identity: options.identity ?? JANE } });
  expect(signedIn.statusCode, signedIn.body).to.equal(303);
  const consentUrl = new URL(signedIn.headers.location ?? '', fake.url);
  const consent = await client.get(consentUrl);
  expect(consent.statusCode).to.equal(200);
  const decided = await client.post(`${fake.url}fake/consent`, { form: { request, decision: options.decision ?? 'allow' } });
  expect(decided.statusCode, decided.body).to.equal(302);
  return new URL(decided.headers.location ?? '');
}

export async function authorizationCode(fake: RunningFakeGlobus, params: AuthorizeParams = {}, options: BrowserOptions = {}): Promise<string> {
  const back = await browse(fake, params, options);
  const code = back.searchParams.get('code');
  if (code === null) throw new Error(`no code in ${back.toString()}`);
  return code;
}

export interface TokenJson {
  access_token: string;
  expires_in: number;
  resource_server: string;
  scope: string;
  token_type: string;
  refresh_token?: string;
  id_token?: string;
  state?: string;
  other_tokens: Array<Omit<TokenJson, 'other_tokens'>>;
}

export function exchangeCode(fake: RunningFakeGlobus, code: string, client: FakeClient = DEMO_CLIENT, extra: Record<string, string> = {}): Promise<Response<string>> {
  return http.post(`${fake.url}v2/oauth2/token`, {
    headers: { authorization: basic(client) },
    form: { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uris[0] ?? '', ...extra },
  });
}

/** Full login as `identity` with the demo client; returns the token response. */
export async function loginAs(fake: RunningFakeGlobus, identity = JANE, params: AuthorizeParams = {}): Promise<TokenJson> {
  const code = await authorizationCode(fake, params, { identity });
  const response = await exchangeCode(fake, code);
  expect(response.statusCode, response.body).to.equal(200);
  return json<TokenJson>(response);
}

export function transferToken(tokens: TokenJson): string {
  const transfer = [tokens, ...tokens.other_tokens].find((t) => t.resource_server === 'transfer.api.globus.org');
  if (transfer === undefined) throw new Error('no transfer token');
  return transfer.access_token;
}

export function endpointSearch(fake: RunningFakeGlobus, token: string, query: Record<string, string | number>): Promise<Response<string>> {
  return http.get(`${fake.url}v0.10/endpoint_search`, { headers: { authorization: `Bearer ${token}` }, searchParams: query });
}

export interface EndpointListJson {
  DATA_TYPE: string;
  offset: number;
  limit: number;
  has_next_page: boolean;
  DATA: Array<Record<string, unknown>>;
}

export interface TransferErrorJson {
  code: string;
  message: string;
  request_id: string;
  resource: string;
  required_scopes?: string[];
  authorization_parameters?: { required_scopes: string[]; session_message: string };
}
