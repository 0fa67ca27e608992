/**
 * Every metrics adapter in one module, so the composition root loads them (and prom-client)
 * with one dynamic import, and only when METRICS_TOKEN turns metrics on.
 */
export { AppMetrics } from './app-metrics.js';
export { metricsRoutes } from './metrics-route.js';
export { PromAuthEvents } from './prom-auth-events.js';
export { requestMetrics } from './request-metrics.js';
