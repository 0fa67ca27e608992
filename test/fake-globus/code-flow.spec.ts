import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { DEMO_CLIENT } from '../../src/fake-globus/index.js';
import {
  authorizationCode,
  basic,
  endpointSearch,
  exchangeCode,
  http,
  JANE,
  json,
  transferToken,
  type EndpointListJson,
  type TokenJson,
  type TransferErrorJson,
  useTestFake,
  secretOf,
} from './helpers.js';

interface Jwks {
  keys: Array<{ kty: string; alg: string; use: string; e: string; n: string; kid?: string }>;
}

describe('fake Globus: the whole authorization-code flow over HTTP', () => {
  const fake = useTestFake();

  it('goes from authorize to a revoked Transfer token', async () => {
    const code = await authorizationCode(fake, { state: 'abc', nonce: 'n-0S6_WzA2Mj', access_type: 'offline' });
    expect(code).to.match(/^[A-Za-z0-9]{30}$/);

    const tokenResponse = await exchangeCode(fake, code);
    expect(tokenResponse.statusCode).to.equal(200);
    expect(tokenResponse.headers['cache-control']).to.equal('no-store');
    const tokens = json<TokenJson>(tokenResponse);
    expect(tokens).to.include({ resource_server: 'auth.globus.org', token_type: 'Bearer', expires_in: 172800, scope: 'profile email openid', state: 'abc' });
    expect(tokens.access_token).to.match(/^Ag[A-Za-z0-9]{80,110}$/);
    expect(tokens.refresh_token).to.match(/^Ag[A-Za-z0-9]+$/);
    expect(tokens.other_tokens).to.have.length(1);
    expect(tokens.other_tokens[0]).to.include({
      resource_server: 'transfer.api.globus.org',
      scope: 'urn:globus:auth:scope:transfer.api.globus.org:all',
      token_type: 'Bearer',
      expires_in: 172800,
    });
    expect(tokens.other_tokens[0]?.refresh_token).to.be.a('string');
    expect(tokens.other_tokens[0]).to.not.have.property('id_token');

    // id_token: RS512, no kid, verifiable with the key advertised through discovery.
    const discovery = json<{ jwks_uri: string; issuer: string; token_endpoint: string }>(await http.get(`${fake.url}.well-known/openid-configuration`));
    expect(discovery.jwks_uri).to.equal(`${fake.url}jwk.json`);
    expect(discovery.token_endpoint).to.equal(`${fake.url}v2/oauth2/token`);
    expect(discovery.issuer).to.equal('https://auth.globus.org');
    const jwks = json<Jwks>(await http.get(discovery.jwks_uri));
    expect(jwks.keys).to.have.length(1);
    const [jwk] = jwks.keys;
    if (jwk === undefined || tokens.id_token === undefined) throw new Error('missing key or id_token');
    expect(jwk).to.include({ kty: 'RSA', alg: 'RS512', use: 'sig', e: 'AQAB' });
    expect(jwk).to.not.have.property('kid');
    expect(decodeProtectedHeader(tokens.id_token)).to.deep.equal({ typ: 'JWT', alg: 'RS512' });
    const { payload } = await jwtVerify(tokens.id_token, await importJWK(jwk, 'RS512'), {
      issuer: 'https://auth.globus.org',
      audience: DEMO_CLIENT.client_id,
      algorithms: ['RS512'],
    });
    const expectedAtHash = createHash('sha512').update(tokens.access_token).digest().subarray(0, 32).toString('base64url');
    expect(payload).to.include({
      aud: DEMO_CLIENT.client_id,
      sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f',
      nonce: 'n-0S6_WzA2Mj',
      at_hash: expectedAtHash,
      preferred_username: JANE,
      name: 'Jane Doe',
      email: JANE,
      organization: 'University of Chicago',
      identity_provider_display_name: 'University of Chicago',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).to.equal(172800);
    expect(payload['identity_set']).to.have.length(2);

    // userinfo takes the Auth token, not the Transfer one.
    const userinfo = await http.get(`${fake.url}v2/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.statusCode).to.equal(200);
    expect(json<Record<string, unknown>>(userinfo)).to.include({ sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f', email: JANE, preferred_username: JANE });
    const wrongUserinfo = await http.get(`${fake.url}v2/oauth2/userinfo`, { headers: { authorization: `Bearer ${transferToken(tokens)}` } });
    expect(wrongUserinfo.statusCode).to.equal(401);
    expect(json<{ errors: Array<{ code: string }> }>(wrongUserinfo).errors[0]?.code).to.equal('UNAUTHORIZED');

    // Transfer takes the Transfer token, not the top-level one (pitfall 2).
    const search = await endpointSearch(fake, transferToken(tokens), { filter_scope: 'my-endpoints' });
    expect(search.statusCode).to.equal(200);
    expect(json<EndpointListJson>(search).DATA.map((e) => e['display_name'])).to.deep.equal([
      'jdoe laptop',
      'Lab share for the Doe group',
      'Campus Research Storage',
    ]);
    const wrongToken = await endpointSearch(fake, tokens.access_token, { filter_scope: 'my-endpoints' });
    expect(wrongToken.statusCode).to.equal(401);

    // Introspect, then revoke, then the same call fails.
    const introspect = async (): Promise<Record<string, unknown>> =>
      json<Record<string, unknown>>(
        await http.post(`${fake.url}v2/oauth2/token/introspect`, {
          headers: { authorization: basic(DEMO_CLIENT) },
          form: { token: transferToken(tokens), include: 'identity_set' },
        }),
      );
    expect(await introspect()).to.deep.include({
      active: true,
      client_id: DEMO_CLIENT.client_id,
      username: JANE,
      aud: ['transfer.api.globus.org', DEMO_CLIENT.client_id],
      identity_set: ['bd9abf42-4a7a-476f-b34b-c17b369c477f', 'f6f614cc-ed00-4bc1-bdac-b6a456147007'],
    });
    const revoke = await http.post(`${fake.url}v2/oauth2/token/revoke`, {
      headers: { authorization: basic(DEMO_CLIENT) },
      form: { token: transferToken(tokens) },
    });
    expect(revoke.statusCode).to.equal(200);
    expect(json<unknown>(revoke)).to.deep.equal({ active: false });
    expect(await introspect()).to.deep.equal({ active: false });

    const after = await endpointSearch(fake, transferToken(tokens), { filter_scope: 'my-endpoints' });
    expect(after.statusCode).to.equal(401);
    const error = json<TransferErrorJson>(after);
    expect(error).to.include({ code: 'ClientError.AuthenticationFailed', message: 'Token is not active', resource: '/endpoint_search' });
    expect(error.request_id).to.match(/^[A-Za-z0-9]{9}$/);

    // What the inspector saw.
    expect(fake.inspect.revokedTokens()).to.deep.equal([transferToken(tokens)]);
    const issued = fake.inspect.issuedTokens();
    expect(issued.map((t) => [t.resource_server, t.revoked])).to.deep.equal([
      ['auth.globus.org', false],
      ['transfer.api.globus.org', true],
    ]);
    expect(issued[0]).to.include({ sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f', client_id: DEMO_CLIENT.client_id });
    const tokenCall = fake.inspect.requests().find((r) => r.path === '/v2/oauth2/token');
    expect(tokenCall?.authorization).to.deep.equal({ scheme: 'Basic', clientId: DEMO_CLIENT.client_id });
    expect(tokenCall?.form).to.include({ grant_type: 'authorization_code', code });
    expect(JSON.stringify(fake.inspect.requests())).to.not.include(secretOf(DEMO_CLIENT));
  });

  it('answers userinfo over POST as well', async () => {
    const tokens = json<TokenJson>(await exchangeCode(fake, await authorizationCode(fake, { scope: 'openid email' })));
    const userinfo = await http.post(`${fake.url}v2/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.statusCode).to.equal(200);
    // Only the granted scopes' claims: email but no profile fields.
    expect(json<Record<string, unknown>>(userinfo)).to.deep.equal({ sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f', email: JANE });
  });

  it('rejects userinfo without a token in the Auth error envelope', async () => {
    const response = await http.get(`${fake.url}v2/oauth2/userinfo`);
    expect(response.statusCode).to.equal(401);
    expect(json<Record<string, unknown>>(response)).to.deep.include({ error: 'unauthorized', error_description: 'Unauthorized' });
  });

  it('forgets requests on reset but keeps tokens valid', async () => {
    const tokens = json<TokenJson>(await exchangeCode(fake, await authorizationCode(fake)));
    fake.inspect.reset();
    expect(fake.inspect.requests()).to.deep.equal([]);
    const search = await endpointSearch(fake, transferToken(tokens), { filter_scope: 'my-endpoints' });
    expect(search.statusCode).to.equal(200);
    expect(fake.inspect.requests().map((r) => [r.route, r.status])).to.deep.equal([['endpoint_search', 200]]);
  });
});
