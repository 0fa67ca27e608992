import type { Context } from 'koa';

/** The client asked for JSON rather than a page (an API call, not a browser navigation). */
export const wantsJson = (ctx: Context): boolean => ctx.accepts('html', 'json') === 'json';
