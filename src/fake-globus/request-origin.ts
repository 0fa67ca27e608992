import type { Context } from 'koa';

/** Origin the client used to reach us (Koa 3's ctx.origin is not reliable here). */
export function requestOrigin(ctx: Context): string {
  return `${ctx.protocol}://${ctx.host}`;
}
