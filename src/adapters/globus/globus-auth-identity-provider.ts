import type { Got } from 'got';
import type { AuthorizationRequest, CodeGrant, IdentityProvider } from '../../application/ports/identity-provider.js';
import type { Clock } from '../../application/ports/clock.js';
import { UpstreamProtocolError } from '../../domain/errors.js';
import type { Identity } from '../../domain/identity.js';
import type { Token } from '../../domain/token.js';
import { AuthFormClient } from './auth-form-client.js';
import { authorizeUrl } from './authorize-url.js';
import type { GlobusAuthSettings } from './globus-auth-settings.js';
import { createGlobusHttp } from './globus-http.js';
import { httpSettingsFor } from './http-settings-for.js';
import type { IdTokenVerifier } from './id-token-verifier.js';
import { logoutUrl } from './logout-url.js';
import { parseTokenResponse } from './parse/token-response.js';
import { withTrailingSlash } from './query-string.js';
import { systemTime } from './system-time.js';

export type { GlobusAuthSettings } from './globus-auth-settings.js';

const TOKEN_PATH = 'v2/oauth2/token';
const REVOKE_PATH = 'v2/oauth2/token/revoke';

/**
 * Globus Auth for a confidential web client (https://docs.globus.org/api/auth/reference/):
 * authorize and logout URLs, code exchange, refresh and revocation over got, id_token checks
 * delegated to an IdTokenVerifier (normally JoseIdTokenVerifier).
 */
export class GlobusAuthIdentityProvider implements IdentityProvider {
  private readonly forms: AuthFormClient;

  constructor(
    private readonly settings: GlobusAuthSettings,
    private readonly idTokens: IdTokenVerifier,
    private readonly clock: Clock = systemTime,
    http: Got = createGlobusHttp(httpSettingsFor(withTrailingSlash(settings.authUrl), settings)),
  ) {
    this.forms = new AuthFormClient(http, settings, settings.clientId, settings.clientSecret);
  }

  /** The /v2/oauth2/authorize URL (https://docs.globus.org/api/auth/reference/#authorization_code_grant_preferred). */
  authorizationUrl(request: AuthorizationRequest): string {
    return authorizeUrl(this.settings, request);
  }

  /**
   * Redeems a code at POST /v2/oauth2/token (https://docs.globus.org/api/auth/reference/#token).
   * One attempt only. Throws GrantRejected, ClientRejected, UpstreamUnavailable or UpstreamProtocolError.
   */
  async exchangeCode(code: string, codeVerifier: string | undefined): Promise<CodeGrant> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: this.settings.redirectUri };
    if (codeVerifier !== undefined) form['code_verifier'] = codeVerifier;
    return this.requestTokens(form);
  }

  /** Verifies the id_token of a code grant (https://docs.globus.org/api/auth/reference/#openid_connect). */
  async verifyIdToken(idToken: string, nonce: string): Promise<Identity> {
    return this.idTokens.verify(idToken, nonce);
  }

  /**
   * `grant_type=refresh_token` (https://docs.globus.org/api/auth/reference/#refresh_token_grant).
   * Keeps the old refresh token when Globus does not send one back.
   */
  async refresh(refreshToken: string): Promise<Token> {
    const grant = await this.requestTokens({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const [token] = grant.tokens;
    if (token === undefined) throw new UpstreamProtocolError('Globus Auth', 200, null);
    return token.refreshToken === undefined ? { ...token, refreshToken } : token;
  }

  /** POST /v2/oauth2/token/revoke (https://docs.globus.org/api/auth/reference/#token_revocation); never retried. */
  async revoke(token: string): Promise<void> {
    await this.forms.post('revoke', REVOKE_PATH, { token });
  }

  /** The browser logout page (https://docs.globus.org/api/helper-pages/auth/#logout). */
  logoutUrl(): string {
    return logoutUrl(this.settings);
  }

  private async requestTokens(form: Readonly<Record<string, string>>): Promise<CodeGrant> {
    const reply = await this.forms.post('token', TOKEN_PATH, form);
    const grant = parseTokenResponse(reply.body, this.clock.now());
    if (grant === null) throw new UpstreamProtocolError('Globus Auth', reply.status, null);
    return grant;
  }
}
