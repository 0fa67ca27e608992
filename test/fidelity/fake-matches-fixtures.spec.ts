import { expect } from 'chai';
import got, { type Got } from 'got';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { GlobusAuthIdentityProvider } from '../../src/adapters/globus/globus-auth-identity-provider.js';
import { createGlobusHttp } from '../../src/adapters/globus/globus-http.js';
import { GlobusTransferService } from '../../src/adapters/globus/globus-transfer-service.js';
import { JoseIdTokenVerifier } from '../../src/adapters/globus/jose-id-token-verifier.js';
import { DEMO_CLIENT, startFakeGlobus, type RunningFakeGlobus } from '../../src/fake-globus/index.js';
import { BrowserClient } from '../support/browser-client.js';
import { approveAtFake } from '../support/login-flow.js';

/**
 * The fixtures the nock contract tests use and the fake Globus must describe the same wire
 * protocol: the adapters' own requests, sent to the fake, must come back with every field and
 * nesting level of the recorded-shape fixtures (the fake may add fields; types must agree).
 */
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/globus/${name}.json`, import.meta.url), 'utf8'));

type Shape = string | Shape[] | { [key: string]: Shape };
const shapeOf = (value: unknown): Shape => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return typeof value;
};

/** Fields the fact sheet marks as seen only in SDK test payloads ("don't rely on it"). */
const UNCONFIRMED = new Set(['$.other_tokens[0].state']);

/** Paths of the expected shape that the actual value lacks or types differently (null matches any scalar). */
function differences(expected: unknown, actual: unknown, path = '$'): string[] {
  if (expected === null || actual === null) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    if (expected.length === 0 || actual.length === 0) return [];
    return expected.flatMap((item, i) => differences(item, actual[Math.min(i, actual.length - 1)], `${path}[${i}]`));
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object`];
    const a = actual as Record<string, unknown>;
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) => {
      if (k in a) return differences(v, a[k], `${path}.${k}`);
      return UNCONFIRMED.has(`${path}.${k}`) ? [] : [`${path}.${k}: missing`];
    });
  }
  return typeof expected === typeof actual ? [] : [`${path}: expected ${typeof expected}, got ${typeof actual}`];
}

interface Captured {
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
}

/** A Globus HTTP client that records every response body it receives. */
function recordingHttp(baseUrl: string, into: Captured[]): Got {
  return createGlobusHttp({ prefixUrl: baseUrl, timeouts: { connectMs: 2000, totalMs: 5000 }, retries: 0 }).extend({
    hooks: {
      afterResponse: [
        (response) => {
          const text = String(response.body);
          into.push({ path: new URL(response.url).pathname, status: response.statusCode, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as unknown) : text });
          return response;
        },
      ],
    },
  });
}

describe('Fidelity: the fake Globus answers with the fixtures’ shapes', () => {
  let fake: RunningFakeGlobus;
  let captured: Captured[];
  let auth: GlobusAuthIdentityProvider;
  let transfer: GlobusTransferService;
  const redirectUri = 'http://127.0.0.1:1/login';
  const last = (path: string): Captured => {
    const found = captured.filter((c) => c.path === path).at(-1);
    if (!found) throw new Error(`no response captured for ${path}`);
    return found;
  };

  before(async () => {
    fake = await startFakeGlobus({ port: 0, clients: [{ ...DEMO_CLIENT, redirect_uris: [redirectUri] }] });
    captured = [];
    const settings = {
      authUrl: fake.url,
      clientId: DEMO_CLIENT.client_id,
      clientSecret: DEMO_CLIENT.client_secret ?? '',
      redirectUri,
      logoutReturnUrl: 'http://127.0.0.1:1/',
      appName: 'Fidelity',
      issuer: 'https://auth.globus.org',
      clockLeewaySeconds: 60,
      timeouts: { connectMs: 2000, totalMs: 5000 },
      retries: 0,
    };
    auth = new GlobusAuthIdentityProvider(settings, new JoseIdTokenVerifier(settings), undefined, recordingHttp(fake.url, captured));
    transfer = new GlobusTransferService({ transferUrl: fake.url, timeouts: settings.timeouts, retries: 0 }, recordingHttp(`${fake.url}v0.10/`, captured));
  });
  after(async () => fake.close());

  async function codeFor(identity: string): Promise<{ code: string; verifier: string }> {
    const verifier = randomBytes(32).toString('base64url');
    const url = auth.authorizationUrl({ state: 's', nonce: 'n', scopes: ['openid', 'profile', 'email', 'urn:globus:auth:scope:transfer.api.globus.org:all'], codeVerifier: verifier, offline: true });
    const callback = new URL(await approveAtFake(new BrowserClient(), url, identity, 'allow'));
    return { code: callback.searchParams.get('code') ?? '', verifier };
  }

  it('code exchange, refresh, revoke and a reused code', async () => {
    const { code, verifier } = await codeFor('ahmed@globusid.org');
    const grant = await auth.exchangeCode(code, verifier);
    expect(differences(fixture('auth-token-code-exchange'), last('/v2/oauth2/token').body)).to.deep.equal([]);
    expect(shapeOf(last('/v2/oauth2/token').body)).to.have.property('other_tokens');

    const transferToken = grant.tokens.find((t) => t.resourceServer === 'transfer.api.globus.org');
    await auth.refresh(transferToken?.refreshToken ?? '');
    expect(differences(fixture('auth-token-refresh'), last('/v2/oauth2/token').body)).to.deep.equal([]);

    await auth.exchangeCode(code, verifier).catch(() => undefined);
    const reused = last('/v2/oauth2/token');
    expect(reused.status).to.equal(401);
    expect(differences(fixture('auth-error-invalid-grant-401'), reused.body)).to.deep.equal([]);

    const page = await transfer.searchMyEndpoints(transferToken?.accessToken ?? '', { offset: 0, limit: 100 });
    expect(page.hasNextPage).to.equal(true);
    expect(differences(fixture('transfer-endpoint-search-page-1'), last('/v0.10/endpoint_search').body)).to.deep.equal([]);

    await auth.revoke(transferToken?.accessToken ?? '');
    expect(differences(fixture('auth-revoke'), last('/v2/oauth2/token/revoke').body)).to.deep.equal([]);

    await transfer.searchMyEndpoints(transferToken?.accessToken ?? '', { offset: 0, limit: 10 }).catch(() => undefined);
    const rejected = last('/v0.10/endpoint_search');
    expect(rejected.status).to.equal(401);
    expect(differences(fixture('transfer-error-authentication-failed-401'), rejected.body)).to.deep.equal([]);
  });

  it('consent required', async () => {
    const { code, verifier } = await codeFor('jdoe@uchicago.edu');
    const grant = await auth.exchangeCode(code, verifier);
    const transferToken = grant.tokens.find((t) => t.resourceServer === 'transfer.api.globus.org');
    fake.faults.requireConsent(['urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c04ee0b0-5cb0-4a60-9ec7-349c16d8055e/data_access]']);
    try {
      await transfer.searchMyEndpoints(transferToken?.accessToken ?? '', { offset: 0, limit: 10 }).catch(() => undefined);
    } finally {
      fake.faults.requireConsent(null);
    }
    const consent = last('/v0.10/endpoint_search');
    expect(consent.status).to.equal(403);
    expect(differences(fixture('transfer-error-consent-required-403'), consent.body)).to.deep.equal([]);
  });

  it('discovery document and the Auth error envelope', async () => {
    const discovery: unknown = await got(`${fake.url}.well-known/openid-configuration`).json();
    expect(differences(fixture('auth-openid-configuration'), discovery)).to.deep.equal([]);
    const userinfo = await got(`${fake.url}v2/oauth2/userinfo`, { throwHttpErrors: false });
    expect(userinfo.statusCode).to.equal(401);
    expect(differences(fixture('auth-error-unauthorized-401'), JSON.parse(userinfo.body))).to.deep.equal([]);
  });

  it('the shape comparison itself notices a missing or mistyped field', () => {
    expect(differences({ a: { b: 1 } }, { a: {} })).to.deep.equal(['$.a.b: missing']);
    expect(differences({ a: [{ b: 'x' }] }, { a: [{ b: 2 }] })).to.deep.equal(['$.a[0].b: expected string, got number']);
  });
});
