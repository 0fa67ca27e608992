import type { Context, Middleware } from 'koa';
import type { AppMetrics } from './app-metrics.js';
import { methodLabel } from './labels.js';

/** The route template @koa/router matched (e.g. `/endpoints`, `/static/:file`), never the raw URL. */
function routeLabel(ctx: Context): string {
  const matched: unknown = (ctx as unknown as { _matchedRoute?: unknown })._matchedRoute;
  if (typeof matched === 'string' && matched !== '') return matched;
  if (matched instanceof RegExp) return String(matched);
  // 404s, 405s, and requests answered before routing (e.g. the store was down).
  return 'unmatched';
}

/** Request latency by method, route template and status; runs outermost, so it times everything. */
export function requestMetrics(metrics: AppMetrics): Middleware {
  return async (ctx, next) => {
    const stop = metrics.httpRequests.startTimer();
    let failed = false;
    try {
      await next();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      try {
        stop({ method: methodLabel(ctx.method), route: routeLabel(ctx), status: failed ? '500' : String(ctx.status) });
      } catch {
        // Metrics never break a request.
      }
    }
  };
}
