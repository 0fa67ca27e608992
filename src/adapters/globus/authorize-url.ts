import type { AuthorizationRequest } from '../../application/ports/identity-provider.js';
import { pkceChallenge } from './pkce-challenge.js';
import { queryString, withTrailingSlash } from './query-string.js';

export interface AuthorizeUrlSettings {
  readonly authUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

/**
 * Globus Auth's authorize URL (https://docs.globus.org/api/auth/reference/#authorization_code_grant_preferred):
 * code flow with state and nonce, plus the S256 PKCE challenge and `access_type=offline` when asked.
 */
export function authorizeUrl(settings: AuthorizeUrlSettings, request: AuthorizationRequest): string {
  const pairs: Array<readonly [string, string]> = [
    ['client_id', settings.clientId],
    ['redirect_uri', settings.redirectUri],
    ['scope', request.scopes.join(' ')],
    ['state', request.state],
    ['response_type', 'code'],
    ['nonce', request.nonce],
  ];
  if (request.codeVerifier !== undefined) {
    pairs.push(['code_challenge', pkceChallenge(request.codeVerifier)], ['code_challenge_method', 'S256']);
  }
  if (request.offline) pairs.push(['access_type', 'offline']);
  return `${withTrailingSlash(settings.authUrl)}v2/oauth2/authorize?${queryString(pairs)}`;
}
