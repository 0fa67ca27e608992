import Router from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminRouter } from './admin-routes.js';
import { registerAuthorizeRoute } from './authorize-route.js';
import { registerBrowserRoutes } from './browser-routes.js';
import { sendAuthError, sendTransferError } from './errors.js';
import { sendFault } from './fault-response.js';
import { DEMO_IDENTITIES } from './identities.js';
import { registerLogoutRoute } from './logout-route.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { registerOidcRoutes } from './oidc-routes.js';
import { sendPage, STYLESHEET_PATH } from './page-response.js';
import { homePage } from './pages/home-page.js';
import { readBodyMiddleware } from './request-body.js';
import { requestOrigin } from './request-origin.js';
import { isTransferPath, routeOf } from './route-names.js';
import type { FakeServices } from './services.js';
import { registerTokenRoute } from './token-route.js';
import { registerTransferRoutes } from './transfer-routes.js';

function sendError(ctx: Context, status: number, message: string): void {
  if (isTransferPath(ctx.path)) {
    const code = status === 404 ? 'ClientError.NotFound' : status === 405 ? 'ClientError.MethodNotAllowed' : 'ServerError.InternalError';
    sendTransferError(ctx, status, code, message);
  } else {
    sendAuthError(ctx, status, message);
  }
}

/** Unexpected exceptions become a 500 in the right envelope instead of Koa's plain text. */
async function errorBoundary(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    console.error(`fake Globus: unexpected error on ${ctx.method} ${ctx.path}: ${error instanceof Error ? error.message : String(error)}`);
    sendError(ctx, 500, 'An unexpected error occurred.');
  }
}

async function securityHeaders(ctx: Context, next: Next): Promise<void> {
  ctx.set('X-Content-Type-Options', 'nosniff');
  await next();
}

function isInternal(path: string): boolean {
  return path.startsWith('/_fake/') || path === STYLESHEET_PATH;
}

/** Latency and injected failures, per route, before the real handler runs. */
function faultMiddleware(services: FakeServices) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const route = routeOf(ctx.path);
    if (route === null) {
      await next();
      return;
    }
    const delay = services.faults.latencyFor(route);
    if (delay > 0) await sleep(delay);
    const failure = services.faults.takeFailure(route);
    if (failure !== undefined) return sendFault(ctx, route, failure);
    await next();
  };
}

/** Nothing matched: 405 with Allow when the path exists under another method, else 404. */
function fallback(router: Router) {
  return (ctx: Context): void => {
    const allowed = new Set(router.match(ctx.path, ctx.method).path.flatMap((layer) => layer.methods));
    if (allowed.size === 0) return sendError(ctx, 404, `No such resource: ${ctx.path}`);
    ctx.set('Allow', [...allowed].join(', '));
    sendError(ctx, 405, `Method ${ctx.method} is not allowed on ${ctx.path}`);
  };
}

/** The fake's Koa app: Auth (/v2, /.well-known, /jwk.json), Transfer (/v0.10), its own pages (/fake). */
export function createFakeApp(services: FakeServices): Koa {
  const app = new Koa();
  const router = new Router();
  router.get('/', (ctx) => sendPage(ctx, 200, homePage(`${requestOrigin(ctx)}/`, DEMO_IDENTITIES)));
  registerAuthorizeRoute(router, services);
  registerBrowserRoutes(router, services);
  registerLogoutRoute(router, services);
  registerTokenRoute(router, services);
  registerOAuthRoutes(router, services);
  registerOidcRoutes(router, services);
  registerTransferRoutes(router, services);

  app.use(errorBoundary);
  app.use(securityHeaders);
  app.use(readBodyMiddleware);
  if (services.settings.adminApi) app.use(adminRouter(services).routes());
  app.use(async (ctx, next) => {
    if (isInternal(ctx.path)) await next();
    else await services.log.middleware(ctx, next);
  });
  app.use(faultMiddleware(services));
  app.use(router.routes());
  app.use(fallback(router));
  return app;
}
