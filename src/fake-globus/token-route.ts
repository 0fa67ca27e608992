import type Router from '@koa/router';
import type { Context } from 'koa';
import { authenticateClient } from './client-auth.js';
import { sendOAuthError } from './errors.js';
import { pkceSatisfied } from './pkce.js';
import { formBody, hasRepeatedParams, paramValue } from './request-body.js';
import { ROUTE_PATHS } from './route-names.js';
import type { FakeServices } from './services.js';
import { issueForCode, issueForRefresh, type TokenResponse } from './token-issuer.js';
import type { FakeClient } from './types.js';

function sendTokens(ctx: Context, response: TokenResponse): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  ctx.body = response;
}

async function authorizationCodeGrant(ctx: Context, services: FakeServices, client: FakeClient, form: URLSearchParams): Promise<void> {
  const code = paramValue(form, 'code');
  if (code === undefined) return sendOAuthError(ctx, 400, 'invalid_request', 'code is required');
  const grant = services.codes.redeem(code);
  // Globus answers 401 invalid_grant for a bad, expired or reused code (pitfall 8).
  if (grant === undefined || grant.clientId !== client.client_id) return sendOAuthError(ctx, 401, 'invalid_grant');
  if (form.get('redirect_uri') !== grant.redirectUri) return sendOAuthError(ctx, 401, 'invalid_grant');
  if (!pkceSatisfied(grant, form.get('code_verifier') ?? undefined)) return sendOAuthError(ctx, 401, 'invalid_grant');
  sendTokens(ctx, await issueForCode(services, grant));
}

function refreshTokenGrant(ctx: Context, services: FakeServices, client: FakeClient, form: URLSearchParams): void {
  const refreshToken = paramValue(form, 'refresh_token');
  if (refreshToken === undefined) return sendOAuthError(ctx, 400, 'invalid_request', 'refresh_token is required');
  const grant = services.tokens.activeRefreshToken(refreshToken);
  if (grant === undefined || grant.clientId !== client.client_id) return sendOAuthError(ctx, 400, 'invalid_grant');
  sendTokens(ctx, issueForRefresh(services, grant, refreshToken));
}

/** POST /v2/oauth2/token (fact sheet §3). */
export function registerTokenRoute(router: Router, services: FakeServices): void {
  router.post(ROUTE_PATHS.token, async (ctx) => {
    const form = formBody(ctx);
    if (form === null) return sendOAuthError(ctx, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    if (hasRepeatedParams(form)) return sendOAuthError(ctx, 400, 'invalid_request', 'Repeated parameters');
    const auth = authenticateClient(ctx.get('Authorization'), form, services.clients);
    if (!auth.ok) return sendOAuthError(ctx, 401, 'invalid_client');
    const grantType = paramValue(form, 'grant_type');
    switch (grantType) {
      case 'authorization_code':
        return authorizationCodeGrant(ctx, services, auth.client, form);
      case 'refresh_token':
        return refreshTokenGrant(ctx, services, auth.client, form);
      case undefined:
        return sendOAuthError(ctx, 400, 'invalid_request', 'grant_type is required');
      default:
        return sendOAuthError(ctx, 400, 'unsupported_grant_type');
    }
  });
}
