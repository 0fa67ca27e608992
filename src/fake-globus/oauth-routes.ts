import type Router from '@koa/router';
import type { Context } from 'koa';
import { bearerToken } from './bearer.js';
import { authenticateClient } from './client-auth.js';
import { sendAuthError, sendOAuthError } from './errors.js';
import { identityBySub } from './identities.js';
import { identitySet, scopedClaims, VIEW_IDENTITY_SET } from './identity-claims.js';
import { formBody, paramValue } from './request-body.js';
import { ROUTE_PATHS } from './route-names.js';
import { AUTH_RESOURCE_SERVER } from './scopes.js';
import { stableUuid } from './stable-uuid.js';
import type { FakeServices } from './services.js';
import type { AccessTokenRecord } from './token-registry.js';
import type { FakeClient } from './types.js';

/** Shared front part of revoke/introspect: form body, client authentication, `token` field. */
function clientAndToken(ctx: Context, services: FakeServices): { client: FakeClient; token: string } | undefined {
  const form = formBody(ctx);
  if (form === null) return void sendOAuthError(ctx, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  const auth = authenticateClient(ctx.get('Authorization'), form, services.clients);
  if (!auth.ok) return void sendOAuthError(ctx, 401, 'invalid_client');
  const token = paramValue(form, 'token');
  if (token === undefined) return void sendOAuthError(ctx, 400, 'invalid_request', 'token is required');
  return { client: auth.client, token };
}

function introspection(services: FakeServices, record: AccessTokenRecord, include: string[]): Record<string, unknown> {
  const identity = identityBySub(record.sub);
  const authTime = Math.floor(record.authTime / 1000);
  const body: Record<string, unknown> = {
    active: true,
    token_type: 'Bearer',
    scope: record.scope,
    client_id: record.clientId,
    sub: record.sub,
    username: identity?.username ?? null,
    name: identity?.name ?? null,
    email: identity?.email ?? null,
    aud: [record.resourceServer, record.clientId],
    iss: services.settings.issuer,
    exp: Math.floor(record.expiresAt / 1000),
    iat: Math.floor(record.issuedAt / 1000),
    nbf: Math.floor(record.issuedAt / 1000),
  };
  const set = identity === undefined ? [] : identitySet(identity, authTime);
  if (include.includes('identity_set')) body['identity_set'] = set.map((entry) => entry.sub);
  if (include.includes('identity_set_detail')) body['identity_set_detail'] = set.map((entry) => ({ ...entry, id: entry.sub }));
  if (include.includes('session_info') && identity !== undefined) {
    body['session_info'] = {
      session_id: stableUuid(`session/${record.sub}/${record.authTime}`),
      authentications: { [identity.sub]: { idp: identity.identity_provider, auth_time: authTime } },
    };
  }
  return body;
}

/** Revoke, introspect and userinfo (fact sheet §4). */
export function registerOAuthRoutes(router: Router, services: FakeServices): void {
  router.post(ROUTE_PATHS.revoke, (ctx) => {
    const request = clientAndToken(ctx, services);
    if (request === undefined) return;
    services.tokens.revoke(request.token, request.client.client_id);
    ctx.body = { active: false };
  });

  router.post(ROUTE_PATHS.introspect, (ctx) => {
    const request = clientAndToken(ctx, services);
    if (request === undefined) return;
    const record = services.tokens.activeAccessToken(request.token);
    if (record === undefined || record.clientId !== request.client.client_id) {
      ctx.body = { active: false };
      return;
    }
    const include = (formBody(ctx)?.get('include') ?? '').split(',').map((item) => item.trim());
    ctx.body = introspection(services, record, include);
  });

  const userinfo = (ctx: Context): void => {
    const record = bearerToken(ctx, services, AUTH_RESOURCE_SERVER);
    const identity = record === undefined ? undefined : identityBySub(record.sub);
    if (record === undefined || identity === undefined || !record.scope.split(' ').includes('openid')) {
      ctx.set('WWW-Authenticate', 'Bearer realm="Globus Auth"');
      return sendAuthError(ctx, 401, 'Call must be authenticated');
    }
    const granted = new Set(record.scope.split(' '));
    const authTime = Math.floor(record.authTime / 1000);
    const body = scopedClaims(identity, granted, authTime);
    if (granted.has(VIEW_IDENTITY_SET)) body['identity_set'] = identitySet(identity, authTime);
    ctx.body = body;
  };
  router.get(ROUTE_PATHS.userinfo, userinfo);
  router.post(ROUTE_PATHS.userinfo, userinfo);
}
