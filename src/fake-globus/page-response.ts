import type { Context } from 'koa';
import { STYLESHEET_PATH } from './pages/layout.js';

/** Pages carry no script at all, and say so in their CSP. */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(ctx: Context, status: number, page: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', CSP);
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.body = page;
}

export function sendStylesheet(ctx: Context, css: string): void {
  ctx.type = 'text/css; charset=utf-8';
  ctx.set('Cache-Control', 'public, max-age=300');
  ctx.body = css;
}

export { STYLESHEET_PATH };
