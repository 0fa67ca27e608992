import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UNBIASED_BELOW = 256 - (256 % ALNUM.length);

/** Cryptographically random [A-Za-z0-9] string: tokens and codes must not be guessable even in a fake. */
export function randomAlnum(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      // 248 = 4 × 62: taking higher bytes too would favour the first characters.
      if (byte < UNBIASED_BELOW && out.length < length) out += ALNUM.charAt(byte % ALNUM.length);
    }
  }
  return out;
}

/** Opaque Globus-style token: 'Ag' + alphanumerics, ~92 characters like the real ones. */
export const newOpaqueToken = (): string => `Ag${randomAlnum(90)}`;

/** Authorization codes seen in the wild are ~30 alphanumerics. */
export const newAuthorizationCode = (): string => randomAlnum(30);

/** Transfer `request_id`: 9 alphanumerics. */
export const newRequestId = (): string => randomAlnum(9);

export const newUuid = (): string => randomUUID();
