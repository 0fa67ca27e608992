import { expect } from 'chai';
import type { Response } from 'got';
import { createHash, randomBytes } from 'node:crypto';
import { DEMO_CLIENT } from '../../src/fake-globus/index.js';
import {
  authorizationCode,
  basic,
  errorOf,
  exchangeCode,
  http,
  json,
  OTHER_CLIENT,
  PUBLIC_CLIENT,
  secretOf,
  tokenUrl,
  TRANSFER_SCOPE,
  useTestFake,
  type TokenJson,
} from './helpers.js';

describe('fake Globus: POST /v2/oauth2/token', () => {
  const fake = useTestFake();

  describe('authorization_code grant', () => {
    it('accepts a code once; the second use is 401 invalid_grant', async () => {
      const code = await authorizationCode(fake);
      expect((await exchangeCode(fake, code)).statusCode).to.equal(200);
      const again = await exchangeCode(fake, code);
      expect(again.statusCode).to.equal(401);
      expect(again.headers['content-type']).to.match(/^application\/json/);
      expect(errorOf(again.body)).to.deep.equal({ error: 'invalid_grant' });
    });

    it('rejects a redirect_uri that differs from the authorize one', async () => {
      const code = await authorizationCode(fake);
      const response = await exchangeCode(fake, code, DEMO_CLIENT, { redirect_uri: 'http://localhost:5000/other' });
      expect(response.statusCode).to.equal(401);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_grant' });
    });

    it('binds the code to the client that asked for it', async () => {
      const code = await authorizationCode(fake);
      const response = await http.post(tokenUrl(fake), {
        headers: { authorization: basic(OTHER_CLIENT) },
        form: { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5000/login' },
      });
      expect(response.statusCode).to.equal(401);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_grant' });
    });

    it('refuses a code_verifier when no challenge was sent', async () => {
      const code = await authorizationCode(fake);
      const response = await exchangeCode(fake, code, DEMO_CLIENT, { code_verifier: 'a'.repeat(43) });
      expect(response.statusCode).to.equal(401);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_grant' });
    });

    it('issues no refresh token for access_type=online', async () => {
      const tokens = json<TokenJson>(await exchangeCode(fake, await authorizationCode(fake)));
      expect(tokens).to.not.have.property('refresh_token');
      expect(tokens.other_tokens[0]).to.not.have.property('refresh_token');
    });

    it('puts a Transfer-only grant at top level with an empty other_tokens', async () => {
      const tokens = json<TokenJson>(await exchangeCode(fake, await authorizationCode(fake, { scope: TRANSFER_SCOPE })));
      expect(tokens).to.include({ resource_server: 'transfer.api.globus.org', scope: TRANSFER_SCOPE });
      expect(tokens.other_tokens).to.deep.equal([]);
      expect(tokens).to.not.have.property('id_token');
    });
  });

  describe('PKCE (public client)', () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const publicExchange = (code: string, extra: Record<string, string>): Promise<Response<string>> =>
      http.post(tokenUrl(fake), {
        form: { grant_type: 'authorization_code', code, redirect_uri: PUBLIC_CLIENT.redirect_uris[0] ?? '', client_id: PUBLIC_CLIENT.client_id, ...extra },
      });
    const pkceCode = (): Promise<string> =>
      authorizationCode(fake, { client: PUBLIC_CLIENT, code_challenge: challenge, code_challenge_method: 'S256' });

    it('exchanges with the right verifier and client_id in the body', async () => {
      const response = await publicExchange(await pkceCode(), { code_verifier: verifier });
      expect(response.statusCode).to.equal(200);
      expect(json<TokenJson>(response).resource_server).to.equal('auth.globus.org');
    });

    it('rejects a wrong verifier with 401 invalid_grant', async () => {
      const response = await publicExchange(await pkceCode(), { code_verifier: randomBytes(32).toString('base64url') });
      expect(response.statusCode).to.equal(401);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_grant' });
    });

    it('rejects a missing verifier', async () => {
      const response = await publicExchange(await pkceCode(), {});
      expect(response.statusCode).to.equal(401);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_grant' });
    });

    it('supports the plain method', async () => {
      const code = await authorizationCode(fake, { client: PUBLIC_CLIENT, code_challenge: verifier, code_challenge_method: 'plain' });
      expect((await publicExchange(code, { code_verifier: verifier })).statusCode).to.equal(200);
    });
  });

  describe('client authentication', () => {
    it('accepts a secret with + / = sent as raw base64 (as the Globus SDK does)', async () => {
      expect(secretOf(DEMO_CLIENT)).to.match(/\+/).and.match(/\//).and.match(/=/);
      const code = await authorizationCode(fake);
      expect((await exchangeCode(fake, code)).statusCode).to.equal(200);
    });

    it('refuses the same secret form-url-encoded before base64 (RFC 6749 §2.3.1 style)', async () => {
      const code = await authorizationCode(fake);
      const response = await http.post(tokenUrl(fake), {
        headers: { authorization: basic(DEMO_CLIENT, encodeURIComponent(secretOf(DEMO_CLIENT))) },
        form: { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5000/login' },
      });
      expect(response.statusCode).to.equal(401);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_client' });
    });

    it('answers a wrong secret with 401 invalid_client', async () => {
      const response = await http.post(tokenUrl(fake), {
        headers: { authorization: basic(DEMO_CLIENT, 'wrong') },
        form: { grant_type: 'authorization_code', code: 'x', redirect_uri: 'http://localhost:5000/login' },
      });
      expect(response.statusCode).to.equal(401);
      expect(response.headers['www-authenticate']).to.match(/^Basic/);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_client' });
    });

    it('answers an unknown client with 401 invalid_client', async () => {
      const stranger = { client_id: '11111111-2222-4333-8444-555555555555', client_secret: 's', redirect_uris: [] };
      const response = await http.post(tokenUrl(fake), { headers: { authorization: basic(stranger) }, form: { grant_type: 'refresh_token', refresh_token: 'x' } });
      expect(response.statusCode).to.equal(401);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_client' });
    });

    it('refuses client_secret_post for a confidential client', async () => {
      const response = await http.post(tokenUrl(fake), {
        form: { grant_type: 'refresh_token', refresh_token: 'x', client_id: DEMO_CLIENT.client_id, client_secret: secretOf(DEMO_CLIENT) },
      });
      expect(response.statusCode).to.equal(401);
      expect(errorOf(response.body)).to.deep.equal({ error: 'invalid_client' });
    });
  });

  describe('malformed requests', () => {
    it('answers 400 to a JSON body', async () => {
      const response = await http.post(tokenUrl(fake), { headers: { authorization: basic(DEMO_CLIENT) }, json: { grant_type: 'authorization_code' } });
      expect(response.statusCode).to.equal(400);
      expect(errorOf(response.body)).to.include({ error: 'invalid_request' });
    });

    it('answers 400 unsupported_grant_type to an unknown grant', async () => {
      const response = await http.post(tokenUrl(fake), { headers: { authorization: basic(DEMO_CLIENT) }, form: { grant_type: 'password' } });
      expect(response.statusCode).to.equal(400);
      expect(errorOf(response.body)).to.deep.equal({ error: 'unsupported_grant_type' });
    });

    it('answers 400 invalid_request without grant_type', async () => {
      const response = await http.post(tokenUrl(fake), { headers: { authorization: basic(DEMO_CLIENT) }, form: { code: 'x' } });
      expect(response.statusCode).to.equal(400);
      expect(errorOf(response.body)).to.include({ error: 'invalid_request' });
    });

    it('answers 405 with an Allow header to GET', async () => {
      const response = await http.get(tokenUrl(fake));
      expect(response.statusCode).to.equal(405);
      expect(response.headers.allow).to.equal('POST');
      expect(json<{ errors: Array<{ code: string }> }>(response).errors[0]?.code).to.equal('METHOD_NOT_ALLOWED');
    });
  });
});
