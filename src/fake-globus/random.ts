import { randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Cryptographically random [A-Za-z0-9] string: tokens and codes must not be guessable even in a fake. */
export function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALNUM.charAt(randomInt(ALNUM.length));
  return out;
}

/** Opaque Globus-style token: 'Ag' + alphanumerics, ~92 characters like the real ones. */
export const newOpaqueToken = (): string => `Ag${randomAlnum(90)}`;

/** Authorization codes seen in the wild are ~30 alphanumerics. */
export const newAuthorizationCode = (): string => randomAlnum(30);

/** Transfer `request_id`: 9 alphanumerics. */
export const newRequestId = (): string => randomAlnum(9);

export const newUuid = (): string => randomUUID();
