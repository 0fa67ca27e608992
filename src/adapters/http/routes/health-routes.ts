import type Router from '@koa/router';

// Ready-made JSON strings: Koa answers a string body directly, whereas an object body is first
// checked against ReadableStream, Blob and Response, which makes Node load its web streams
// (~40 ms on the first /healthz, i.e. on the start-up path).
const HEALTHY = JSON.stringify({ status: 'ok' });
const READY = JSON.stringify({ status: 'ready' });
const UNAVAILABLE = JSON.stringify({ status: 'unavailable' });

/** GET /healthz: the process is up. GET /readyz: the store and configuration are usable. */
export function healthRoutes(router: Router, isReady: () => Promise<boolean>): void {
  router.get('/healthz', (ctx) => {
    ctx.type = 'application/json';
    ctx.body = HEALTHY;
  });
  router.get('/readyz', async (ctx) => {
    const ready = await isReady().catch(() => false);
    ctx.status = ready ? 200 : 503;
    ctx.type = 'application/json';
    ctx.body = ready ? READY : UNAVAILABLE;
  });
}
