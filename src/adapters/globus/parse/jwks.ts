import { z } from 'zod';
import type { JSONWebKeySet, JWK } from 'jose';

const jwksSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string() })).min(1),
});

/** Reads Globus Auth's `/jwk.json` (one RSA key, no `kid`). Null when it holds no keys. */
export function parseJwks(body: unknown): JSONWebKeySet | null {
  const parsed = jwksSchema.safeParse(body);
  if (!parsed.success) return null;
  const keys: JWK[] = parsed.data.keys;
  return { keys };
}
