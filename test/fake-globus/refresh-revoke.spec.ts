import { expect } from 'chai';
import type { Response } from 'got';
import { DEMO_CLIENT } from '../../src/fake-globus/index.js';
import {
  authorizationCode,
  basic,
  endpointSearch,
  errorOf,
  exchangeCode,
  http,
  json,
  OTHER_CLIENT,
  tokenUrl,
  TRANSFER_SCOPE,
  transferToken,
  useTestFake,
  type TokenJson,
} from './helpers.js';

describe('fake Globus: refresh, revocation and introspection', () => {
  const fake = useTestFake();

  describe('refresh_token grant', () => {
    let tokens: TokenJson;
    let transferRefresh: string;
    before(async () => {
      tokens = json<TokenJson>(await exchangeCode(fake, await authorizationCode(fake, { access_type: 'offline' })));
      transferRefresh = tokens.other_tokens[0]?.refresh_token ?? '';
    });
    const refresh = (refreshToken: string): Promise<Response<string>> =>
      http.post(tokenUrl(fake), { headers: { authorization: basic(DEMO_CLIENT) }, form: { grant_type: 'refresh_token', refresh_token: refreshToken } });

    it('returns one new token at top level, echoes the refresh token, other_tokens empty, no id_token', async () => {
      const response = await refresh(transferRefresh);
      expect(response.statusCode).to.equal(200);
      const refreshed = json<TokenJson>(response);
      expect(refreshed).to.include({ resource_server: 'transfer.api.globus.org', scope: TRANSFER_SCOPE, token_type: 'Bearer', refresh_token: transferRefresh });
      expect(refreshed.access_token).to.not.equal(transferToken(tokens));
      expect(refreshed.other_tokens).to.deep.equal([]);
      expect(refreshed).to.not.have.property('id_token');
      expect((await endpointSearch(fake, refreshed.access_token, { filter_scope: 'my-endpoints' })).statusCode).to.equal(200);
    });

    it('refuses another client’s refresh token', async () => {
      const response = await http.post(tokenUrl(fake), { headers: { authorization: basic(OTHER_CLIENT) }, form: { grant_type: 'refresh_token', refresh_token: transferRefresh } });
      expect(response.statusCode).to.equal(400);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_grant' });
    });

    it('answers 400 invalid_grant for unknown and for revoked refresh tokens', async () => {
      expect((await refresh('AgUnknown')).statusCode).to.equal(400);
      const authRefresh = tokens.refresh_token ?? '';
      expect((await refresh(authRefresh)).statusCode).to.equal(200);
      await http.post(`${fake.url}v2/oauth2/token/revoke`, { headers: { authorization: basic(DEMO_CLIENT) }, form: { token: authRefresh, token_type_hint: 'refresh_token' } });
      const response = await refresh(authRefresh);
      expect(response.statusCode).to.equal(400);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_grant' });
      expect(fake.inspect.revokedTokens()).to.include(authRefresh);
      // Revoking the refresh token alone leaves the access token alone: apps must revoke both.
      const stillActive = fake.inspect.issuedTokens().find((t) => t.access_token === tokens.access_token);
      expect(stillActive).to.include({ revoked: false, refreshRevoked: true });
    });
  });

  describe('revocation and introspection', () => {
    it('answers 200 {"active": false} for an unknown token', async () => {
      const response = await http.post(`${fake.url}v2/oauth2/token/revoke`, { headers: { authorization: basic(DEMO_CLIENT) }, form: { token: 'AgNope' } });
      expect(response.statusCode).to.equal(200);
      expect(JSON.parse(response.body)).to.deep.equal({ active: false });
    });

    it('requires client authentication', async () => {
      const revoke = await http.post(`${fake.url}v2/oauth2/token/revoke`, { form: { token: 'AgNope' } });
      expect(revoke.statusCode).to.equal(401);
      const introspect = await http.post(`${fake.url}v2/oauth2/token/introspect`, { headers: { authorization: basic(DEMO_CLIENT, 'bad') }, form: { token: 'AgNope' } });
      expect(introspect.statusCode).to.equal(401);
    });

    it('does not let one client revoke another client’s token', async () => {
      const tokens = json<TokenJson>(await exchangeCode(fake, await authorizationCode(fake)));
      await http.post(`${fake.url}v2/oauth2/token/revoke`, { headers: { authorization: basic(OTHER_CLIENT) }, form: { token: transferToken(tokens) } });
      expect((await endpointSearch(fake, transferToken(tokens), { filter_scope: 'my-endpoints' })).statusCode).to.equal(200);
    });
  });
});
