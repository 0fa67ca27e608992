import type { Context, Middleware } from 'koa';
import { randomHex } from '../shared/random-pool.js';
import type { HttpLogger } from './http-settings.js';

/** A request id on every response and log line; the access log never prints the query string. */
export function requestContext(logger: HttpLogger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const requestId = randomHex(8);
    (ctx.state as Record<string, unknown>)['requestId'] = requestId;
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { requestId, method: ctx.method, path: ctx.path, status: ctx.status, durationMs: Math.round(durationMs * 10) / 10 },
        'request',
      );
    }
  };
}

/** This request's id, for logs and error pages. */
export const requestIdOf = (ctx: Context): string => {
  const id = (ctx.state as Record<string, unknown>)['requestId'];
  return typeof id === 'string' ? id : '';
};
