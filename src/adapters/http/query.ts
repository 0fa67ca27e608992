import type { Context } from 'koa';

/** One query parameter as a bounded string; repeated or oversized values count as absent-and-invalid. */
export function queryParam(ctx: Context, name: string, maxLength = 512): string | undefined | null {
  const value = ctx.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > maxLength) return null;
  return value;
}
