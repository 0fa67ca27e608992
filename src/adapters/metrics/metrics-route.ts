import type Router from '@koa/router';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppMetrics } from './app-metrics.js';

export type BearerCheck = 'ok' | 'missing' | 'wrong';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time: both sides are hashed to 32 bytes
 * first, so neither the comparison nor the lengths tell an attacker anything.
 */
export function checkBearer(header: string | undefined, token: string): BearerCheck {
  const match = /^Bearer +([^\s]+) *$/i.exec(header ?? '');
  if (!match?.[1]) return 'missing';
  const ok = timingSafeEqual(digest(match[1]), digest(token));
  return ok && token !== '' ? 'ok' : 'wrong';
}

/**
 * GET /metrics in Prometheus text format, only for `Authorization: Bearer <token>`:
 * 401 without credentials, 403 with wrong ones. An empty token registers nothing (404):
 * metrics are never public by accident.
 */
export function metricsRoutes(router: Router, metrics: AppMetrics, token: string): void {
  if (token === '') return;
  router.get('/metrics', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const check = checkBearer(ctx.get('Authorization') || undefined, token);
    if (check !== 'ok') {
      ctx.status = check === 'missing' ? 401 : 403;
      if (check === 'missing') ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
      ctx.type = 'text/plain';
      ctx.body = check === 'missing' ? 'Bearer token required\n' : 'Forbidden\n';
      return;
    }
    ctx.type = metrics.contentType;
    ctx.body = await metrics.render();
  });
}
