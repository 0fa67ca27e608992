import type Router from '@koa/router';

/** GET /healthz: the process is up. GET /readyz: the store and configuration are usable. */
export function healthRoutes(router: Router, isReady: () => Promise<boolean>): void {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const ready = await isReady().catch(() => false);
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable' };
  });
}
