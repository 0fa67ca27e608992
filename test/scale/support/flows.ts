import { expect } from 'chai';
import type { Response } from 'got';
import { BrowserClient, locationOf } from '../../support/browser-client.js';

export const JANE = 'jdoe@uchicago.edu';
export const RIYA = 'riya@example.edu';

/** Which instance the proxy sent a request to. */
export const servedBy = (response: Response<string>): string => String(response.headers['x-served-by'] ?? '');

/** GET /logout (the confirmation page), then POST it with the CSRF token: the logout a user makes. */
export async function logOut(client: BrowserClient, baseUrl: string): Promise<Response<string>> {
  const confirm = await client.get(`${baseUrl}/logout`);
  expect(confirm.statusCode, 'GET /logout').to.equal(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
  expect(csrf, 'CSRF token on the logout page').to.not.equal('');
  return client.postForm(`${baseUrl}/logout`, { _csrf: csrf });
}

/** The endpoints as JSON; fails the test unless the answer is 200. */
export async function endpointsOf(client: BrowserClient, baseUrl: string): Promise<{ names: string[]; response: Response<string> }> {
  const response = await client.get(`${baseUrl}/endpoints`, { accept: 'application/json' });
  expect(response.statusCode, `GET /endpoints: ${response.body.slice(0, 200)}`).to.equal(200);
  const listing = JSON.parse(response.body) as { endpoints: { displayName: string }[] };
  return { names: listing.endpoints.map((e) => e.displayName), response };
}

/** Cookie values the browser holds for `url`: secrets that must never be logged. */
export async function cookieValues(client: BrowserClient, url: string): Promise<string[]> {
  const cookies = await client.jar.getCookies(url);
  return cookies.map((c) => c.value).filter((v) => v.length >= 8);
}

/** The code and state of a callback URL: secrets that must never be logged. */
export function callbackSecrets(callbackUrl: string): string[] {
  const q = new URL(callbackUrl).searchParams;
  return [q.get('code') ?? '', q.get('state') ?? ''].filter((v) => v.length >= 8);
}

export { BrowserClient, locationOf };
