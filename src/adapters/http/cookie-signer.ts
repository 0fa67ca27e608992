import { createHmac, timingSafeEqual } from 'node:crypto';

/** What Koa's cookies need for signed cookies (keygrip's interface). */
export interface CookieSigner {
  sign(data: string): string;
  verify(data: string, digest: string): boolean;
  /** Which secret signed `data` (0 = the current one), or -1. */
  index(data: string, digest: string): number;
}

/**
 * keygrip's signatures (HMAC-SHA1 in base64url, so cookies it signed stay valid) at a third of
 * its cost: keygrip compares through tsscmp, which HMACs both sides again under a fresh random
 * key — three HMACs and a randomBytes call for every request carrying a cookie. Here: one HMAC
 * per secret tried and a constant-time compare. The first secret signs; every secret verifies,
 * so secrets rotate by prepending a new one.
 */
export function cookieSigner(secrets: readonly string[]): CookieSigner {
  if (secrets.length === 0) throw new Error('cookieSigner needs at least one secret');
  const sign = (data: string, secret: string): string => createHmac('sha1', secret).update(data).digest('base64url');
  const index = (data: string, digest: string): number => {
    const given = Buffer.from(digest);
    return secrets.findIndex((secret) => {
      const expected = Buffer.from(sign(data, secret));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  };
  return {
    sign: (data) => sign(data, secrets[0] ?? ''),
    verify: (data, digest) => index(data, digest) > -1,
    index,
  };
}
