import type { Context } from 'koa';
import type { AccessTokenRecord } from './token-registry.js';
import type { FakeServices } from './services.js';

/** The active access token named by `Authorization: Bearer ...` for `resourceServer`, if any. */
export function bearerToken(ctx: Context, services: FakeServices, resourceServer: string): AccessTokenRecord | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization').trim());
  if (match?.[1] === undefined) return undefined;
  const record = services.tokens.activeAccessToken(match[1]);
  return record?.resourceServer === resourceServer ? record : undefined;
}
