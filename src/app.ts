import type Koa from 'koa';
import type { Container } from 'inversify';
import { join } from 'node:path';
import { globusBudgetMiddleware } from './adapters/globus/call-budget.js';
import { createHttpApp } from './adapters/http/create-http-app.js';
import type { HttpLogger, HttpSettings, SessionDataStore } from './adapters/http/http-settings.js';
import type { AppConfig } from './config/app-config.js';
import { buildContainer, INFRA, loadOptionalAdapters, metricsOf, resolveUseCases } from './container.js';
import { requestLogContext } from './logger.js';
import { APP_ROOT } from './paths.js';

const TEMPLATES_DIR = join(APP_ROOT, 'templates/');

export interface AssembledApp {
  readonly koa: Koa;
  readonly container: Container;
  /** Releases stores, clients and timers. */
  close(): Promise<void>;
}

const httpSettingsFrom = (config: AppConfig): HttpSettings => ({
  appName: config.appName,
  mode: config.mode,
  baseUrl: config.baseUrl,
  issuer: config.globus.issuer,
  authOrigin: new URL(config.globus.authUrl).origin,
  sessionSecrets: config.session.secrets,
  secureCookies: config.secureCookies,
  trustProxy: config.trustProxy,
  sessionIdleMs: config.session.idleMs,
  sessionAbsoluteMs: config.session.absoluteMs,
  metricsToken: config.metricsToken,
});

/**
 * Wires the container and the HTTP edge into one Koa app. `prepare` may rebind ports (tests).
 * Async because the Redis and metrics adapters are imported only when the configuration uses them.
 */
export async function assembleApp(config: AppConfig, logger: HttpLogger, prepare?: (c: Container) => void): Promise<AssembledApp> {
  const adapters = await loadOptionalAdapters(config);
  const container = buildContainer(config, adapters, (error) => logger.warn({ error: error.message }, 'redis connection error'), logger);
  prepare?.(container);
  const appMetrics = metricsOf(container);
  // Both are there exactly when METRICS_TOKEN is set (buildContainer binds the metrics from the loaded adapters).
  const metrics = appMetrics && adapters.metrics ? { app: appMetrics, adapters: adapters.metrics } : undefined;
  const koa = createHttpApp({
    useCases: resolveUseCases(container),
    settings: httpSettingsFrom(config),
    sessionStore: container.get<SessionDataStore>(INFRA.SessionDataStore),
    logger,
    templatesDir: TEMPLATES_DIR,
    isReady: container.get<() => Promise<boolean>>(INFRA.Readiness),
    // Log context first, so even the request metrics' lines would carry the request id.
    // The Globus budget bounds the total wait on Globus of one browser request (refresh + retries included).
    outerMiddleware: [requestLogContext(), globusBudgetMiddleware(), ...(metrics ? [metrics.adapters.requestMetrics(metrics.app)] : [])],
    ...(metrics ? { extraRoutes: (router) => metrics.adapters.metricsRoutes(router, metrics.app, config.metricsToken) } : {}),
  });
  return { koa, container, close: () => container.get<() => Promise<void>>(INFRA.Closer)() };
}
