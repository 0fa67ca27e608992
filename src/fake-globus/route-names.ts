import type { FakeRoute } from './types.js';

/** Paths of the Globus API the fake serves, and the fault-control name of each. */
export const ROUTE_PATHS: Record<FakeRoute, string> = {
  authorize: '/v2/oauth2/authorize',
  token: '/v2/oauth2/token',
  revoke: '/v2/oauth2/token/revoke',
  introspect: '/v2/oauth2/token/introspect',
  userinfo: '/v2/oauth2/userinfo',
  jwks: '/jwk.json',
  'openid-configuration': '/.well-known/openid-configuration',
  logout: '/v2/web/logout',
  endpoint_search: '/v0.10/endpoint_search',
};

export const FAKE_ROUTES = [
  'authorize',
  'token',
  'revoke',
  'introspect',
  'userinfo',
  'jwks',
  'openid-configuration',
  'logout',
  'endpoint_search',
] as const satisfies readonly FakeRoute[];

const BY_PATH = new Map(FAKE_ROUTES.map((route) => [ROUTE_PATHS[route], route]));

/** The route a path belongs to; a trailing slash is tolerated as the router tolerates it. */
export function routeOf(path: string): FakeRoute | null {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return BY_PATH.get(trimmed) ?? null;
}

export const isTransferPath = (path: string): boolean => path === '/v0.10' || path.startsWith('/v0.10/');
