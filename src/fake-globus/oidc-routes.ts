import type Router from '@koa/router';
import { requestOrigin } from './request-origin.js';
import { ROUTE_PATHS } from './route-names.js';
import type { FakeServices } from './services.js';

/** Discovery document with every URL pointing at this fake (pitfall 6); issuer stays the configured one. */
function openidConfiguration(origin: string, issuer: string): Record<string, unknown> {
  const at = (path: string): string => new URL(path, origin).toString();
  return {
    issuer,
    jwks_uri: at(ROUTE_PATHS.jwks),
    authorization_endpoint: at(ROUTE_PATHS.authorize),
    token_endpoint: at(ROUTE_PATHS.token),
    userinfo_endpoint: at(ROUTE_PATHS.userinfo),
    revocation_endpoint: at(ROUTE_PATHS.revoke),
    response_types_supported: ['code', 'token', 'token id_token', 'id_token'],
    id_token_signing_alg_values_supported: ['RS512'],
    scopes_supported: ['openid', 'email', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
    claims_supported: ['at_hash', 'aud', 'email', 'exp', 'name', 'nonce', 'preferred_username', 'iat', 'iss', 'sub'],
    subject_types_supported: ['public'],
  };
}

export function registerOidcRoutes(router: Router, services: FakeServices): void {
  // The request's own origin, so a fake reached as localhost, 127.0.0.1 or a container name advertises itself.
  router.get(ROUTE_PATHS['openid-configuration'], (ctx) => {
    ctx.body = openidConfiguration(requestOrigin(ctx), services.settings.issuer);
  });
  router.get(ROUTE_PATHS.jwks, (ctx) => {
    ctx.body = services.signer.jwks();
  });
}
