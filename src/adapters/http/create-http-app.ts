import Router from '@koa/router';
import Koa from 'koa';
import { errorHandling } from './error-handling.js';
import type { HttpLogger, HttpSettings, SessionDataStore } from './http-settings.js';
import { requestContext } from './request-context.js';
import { endpointRoutes } from './routes/endpoint-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { homeRoutes } from './routes/home-routes.js';
import { loginRoutes } from './routes/login-routes.js';
import { logoutRoutes } from './routes/logout-routes.js';
import { staticRoutes } from './routes/static-routes.js';
import { securityHeaders } from './security-headers.js';
import { sessionLifetime } from './session-lifetime.js';
import { sessionMiddleware } from './session.js';
import type { UseCases } from './use-cases.js';
import { createViews } from './views.js';

export interface HttpAppDependencies {
  readonly useCases: UseCases;
  readonly settings: HttpSettings;
  readonly sessionStore: SessionDataStore;
  readonly logger: HttpLogger;
  readonly templatesDir: string;
  /** Readiness of the store (and anything else the app needs to serve). */
  readonly isReady: () => Promise<boolean>;
  /** Extra routes (e.g. /metrics) added by the composition root; served without a session. */
  readonly extraRoutes?: (router: Router) => void;
  /** Runs first on every request (e.g. request metrics); added by the composition root. */
  readonly outerMiddleware?: readonly Koa.Middleware[];
}

/** The driving HTTP adapter: Koa, sessions, routes and pages. Knows use cases, not adapters. */
export function createHttpApp(deps: HttpAppDependencies): Koa {
  const { useCases, settings, logger } = deps;
  const app = new Koa({ proxy: settings.trustProxy });
  app.silent = true; // errorHandling logs; Koa's default handler would print stacks
  const render = createViews(deps.templatesDir, { appName: settings.appName, demo: settings.mode === 'demo' });

  // Probes, CSS and metrics never touch the session store: a probe must not depend on Redis.
  const sessionless = new Router();
  healthRoutes(sessionless, deps.isReady);
  staticRoutes(sessionless, deps.templatesDir);
  deps.extraRoutes?.(sessionless);

  const router = new Router();
  homeRoutes(router, useCases, render);
  loginRoutes(router, useCases, settings, render, logger);
  endpointRoutes(router, useCases, render);
  logoutRoutes(router, useCases, settings, render, logger);

  for (const middleware of deps.outerMiddleware ?? []) app.use(middleware);
  app.use(requestContext(logger));
  app.use(securityHeaders({ authOrigin: settings.authOrigin, https: settings.secureCookies }));
  app.use(errorHandling(render, logger));
  app.use(sessionless.routes());
  app.use(sessionless.allowedMethods({ throw: true }));
  app.use(sessionMiddleware(app, settings, deps.sessionStore));
  app.use(sessionLifetime(settings, useCases, logger));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
