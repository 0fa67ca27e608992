import type Router from '@koa/router';
import type { Context } from 'koa';
import { bearerToken } from './bearer.js';
import { parseEndpointSearchQuery, searchEndpoints } from './endpoint-search.js';
import { sendTransferError } from './errors.js';
import { queryParams } from './request-body.js';
import { ROUTE_PATHS } from './route-names.js';
import { canonicalScope, TRANSFER_RESOURCE_SERVER } from './scopes.js';
import type { FakeServices } from './services.js';
import type { AccessTokenRecord } from './token-registry.js';

/** ConsentRequired when a required scope is missing from what the token's grant consented to (fact sheet §7). */
function missingConsent(services: FakeServices, record: AccessTokenRecord): string[] | null {
  const required = services.faults.requiredConsent();
  if (required === null) return null;
  const consented = new Set(record.consentedScopes.map(canonicalScope));
  return required.every((scope) => consented.has(canonicalScope(scope))) ? null : required;
}

function consentRequired(ctx: Context, required: string[]): void {
  const message = 'Missing required data_access consent';
  sendTransferError(ctx, 403, 'ConsentRequired', message, {
    required_scopes: required,
    authorization_parameters: { session_message: message, required_scopes: required },
  });
}

/** GET /v0.10/endpoint_search (fact sheet §8). */
export function registerTransferRoutes(router: Router, services: FakeServices): void {
  router.get(ROUTE_PATHS.endpoint_search, (ctx) => {
    const record = bearerToken(ctx, services, TRANSFER_RESOURCE_SERVER);
    if (record === undefined) return sendTransferError(ctx, 401, 'ClientError.AuthenticationFailed', 'Token is not active');
    const missing = missingConsent(services, record);
    if (missing !== null) return consentRequired(ctx, missing);
    const parsed = parseEndpointSearchQuery(queryParams(ctx));
    if (!parsed.ok) return sendTransferError(ctx, 400, 'ClientError.BadRequest', parsed.message);
    ctx.body = searchEndpoints(services.endpoints.visibleTo(record.sub), parsed.query, record.sub);
  });
}
