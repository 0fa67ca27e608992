import type Router from '@koa/router';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Our own stylesheet, read once at start-up: no CDN, no per-request disk access. */
export function staticRoutes(router: Router, templatesDir: string): void {
  const css = readFileSync(`${templatesDir}/static/app.css`);
  const etag = `"${createHash('sha256').update(css).digest('base64url').slice(0, 16)}"`;
  router.get('/static/app.css', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.set('ETag', etag);
    if (ctx.get('If-None-Match') === etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'text/css';
    ctx.body = css;
  });
}
