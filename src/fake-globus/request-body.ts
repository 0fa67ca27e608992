import type { Context, Next } from 'koa';

const MAX_BODY_BYTES = 64 * 1024;
const bodies = new WeakMap<Context, Buffer>();

class BodyTooLarge extends Error {}

async function readAll(ctx: Context): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads every request body once, up front, so both the request log and the routes can see it. */
export async function readBodyMiddleware(ctx: Context, next: Next): Promise<void> {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    try {
      bodies.set(ctx, await readAll(ctx));
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      ctx.status = 413;
      ctx.body = { error: 'request_too_large' };
      return;
    }
  }
  await next();
}

export function rawBody(ctx: Context): Buffer {
  return bodies.get(ctx) ?? Buffer.alloc(0);
}

/** The form fields, or null when the body is not application/x-www-form-urlencoded. */
export function formBody(ctx: Context): URLSearchParams | null {
  if (!ctx.request.is('application/x-www-form-urlencoded')) return null;
  return new URLSearchParams(rawBody(ctx).toString('utf8'));
}

/** One value per name: repeated parameters are rejected (RFC 6749 §3.1), so we report them. */
export type SingleParam = { kind: 'missing' } | { kind: 'repeated' } | { kind: 'value'; value: string };

export function singleParam(params: URLSearchParams, name: string): SingleParam {
  const values = params.getAll(name);
  if (values.length === 0) return { kind: 'missing' };
  if (values.length > 1) return { kind: 'repeated' };
  return { kind: 'value', value: values[0] ?? '' };
}

/** Value when present exactly once and non-empty; otherwise undefined. */
export function paramValue(params: URLSearchParams, name: string): string | undefined {
  const param = singleParam(params, name);
  return param.kind === 'value' && param.value !== '' ? param.value : undefined;
}

export function hasRepeatedParams(params: URLSearchParams): boolean {
  const names = [...params.keys()];
  return new Set(names).size !== names.length;
}

/** Query string parsed the way servers do: '+' means space (fact sheet §2). */
export function queryParams(ctx: Context): URLSearchParams {
  return new URLSearchParams(ctx.querystring);
}
