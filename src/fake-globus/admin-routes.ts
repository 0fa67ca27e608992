import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { applyFaultCommand, faultCommand } from './admin-commands.js';
import { rawBody } from './request-body.js';
import type { FakeServices } from './services.js';

function badRequest(ctx: Context, message: string): void {
  ctx.status = 400;
  ctx.body = { error: 'bad_request', message };
}

function parseJson(ctx: Context): { ok: true; value: unknown } | { ok: false } {
  if (!ctx.request.is('application/json')) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(rawBody(ctx).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/**
 * The same inspection and fault controls as the in-process API, over HTTP under /_fake/,
 * for benchmarks and multi-process tests. Only mounted with `adminApi: true`.
 */
export function adminRouter(services: FakeServices): Router {
  const router = new Router({ prefix: '/_fake' });
  const { log, faults } = services;

  router.get('/requests', (ctx) => {
    ctx.body = log.requests();
  });
  router.delete('/requests', (ctx) => {
    log.reset();
    ctx.status = 204;
  });
  router.get('/tokens', (ctx) => {
    ctx.body = log.issuedTokens();
  });
  router.get('/revoked', (ctx) => {
    ctx.body = log.revokedTokens();
  });
  router.get('/faults', (ctx) => {
    ctx.body = faults.snapshot();
  });
  router.post('/faults', (ctx) => {
    const json = parseJson(ctx);
    if (!json.ok) return badRequest(ctx, 'Send a JSON fault command (Content-Type: application/json)');
    const parsed = z.array(faultCommand).safeParse(Array.isArray(json.value) ? json.value : [json.value]);
    if (!parsed.success) return badRequest(ctx, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    try {
      for (const command of parsed.data) applyFaultCommand(faults, command);
    } catch (error) {
      if (error instanceof RangeError) return badRequest(ctx, error.message);
      throw error;
    }
    ctx.body = faults.snapshot();
  });
  router.delete('/faults', (ctx) => {
    faults.clear();
    ctx.body = faults.snapshot();
  });
  // Clean slate between benchmark runs: no recorded requests, no faults (issued tokens stay valid).
  router.post('/reset', (ctx) => {
    log.reset();
    faults.clear();
    ctx.status = 204;
  });
  return router;
}
