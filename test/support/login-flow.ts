import { expect } from 'chai';
import type { Response } from 'got';
import { type BrowserClient, locationOf } from './browser-client.js';

export interface LoginHops {
  readonly authorizeUrl: string;
  readonly callbackUrl: string;
  readonly final: Response<string>;
}

/**
 * Drives the browser leg over plain HTTP: /login → fake authorize → sign in → consent → callback.
 * Returns the callback URL so tests can replay it.
 */
export async function loginAs(
  client: BrowserClient,
  appUrl: string,
  identity: string,
  decision: 'allow' | 'deny' = 'allow',
  startPath = '/login',
): Promise<LoginHops> {
  const start = await client.get(`${appUrl}${startPath}`);
  expect(start.statusCode, 'GET /login').to.equal(302);
  const authorizeUrl = locationOf(start);
  const callbackUrl = await approveAtFake(client, authorizeUrl, identity, decision);
  const final = await client.get(callbackUrl);
  return { authorizeUrl, callbackUrl, final };
}

/** At the fake Globus: sign in as `identity`, then allow or deny; returns the app callback URL. */
export async function approveAtFake(client: BrowserClient, authorizeUrl: string, identity: string, decision: 'allow' | 'deny'): Promise<string> {
  const authorize = await client.get(authorizeUrl);
  expect(authorize.statusCode, 'GET authorize').to.equal(302);
  const signInUrl = new URL(locationOf(authorize), authorizeUrl);
  const request = signInUrl.searchParams.get('request') ?? '';
  const signedIn = await client.postForm(new URL('/fake/sign-in', signInUrl).href, { request, identity });
  expect(signedIn.statusCode, 'POST sign-in').to.be.oneOf([302, 303]);
  const consented = await client.postForm(new URL('/fake/consent', signInUrl).href, { request, decision });
  expect(consented.statusCode, 'POST consent').to.be.oneOf([302, 303]);
  return locationOf(consented);
}
