import { z } from 'zod';
import type { CodeGrant } from '../../../application/ports/identity-provider.js';
import type { Token } from '../../../domain/token.js';

const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().nonnegative(),
  resource_server: z.string().min(1),
  scope: z.string(),
  refresh_token: z.string().min(1).nullish(),
});

const tokenResponseSchema = tokenSchema.extend({
  id_token: z.string().min(1).nullish(),
  // Globus always sends it (possibly []); tolerate its absence anyway.
  other_tokens: z.array(tokenSchema).optional(),
});

type TokenFields = z.infer<typeof tokenSchema>;

function toToken(fields: TokenFields, now: number): Token {
  const token: Token = {
    resourceServer: fields.resource_server,
    accessToken: fields.access_token,
    scope: fields.scope,
    expiresAt: now + fields.expires_in * 1000,
  };
  return fields.refresh_token ? { ...token, refreshToken: fields.refresh_token } : token;
}

/**
 * Reads a Globus token response (https://docs.globus.org/api/auth/reference/#token): the top-level
 * token first, then every `other_tokens` entry. `now` is epoch ms. Null when the shape is wrong.
 */
export function parseTokenResponse(body: unknown, now: number): CodeGrant | null {
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) return null;
  const { id_token: idToken, other_tokens: others = [] } = parsed.data;
  return {
    tokens: [toToken(parsed.data, now), ...others.map((t) => toToken(t, now))],
    idToken: idToken ?? null,
  };
}
