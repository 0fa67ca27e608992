import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from 'jose';
import { CLIENT_ID, NOW } from './test-settings.js';

/** A locally generated RS512 key and the JWKS Globus would serve for it (one key, no `kid`). */
export interface SigningKey {
  readonly privateKey: CryptoKey;
  readonly jwks: JSONWebKeySet;
}

export async function newSigningKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS512', { extractable: true });
  const jwk = await exportJWK(publicKey); // no `kid`, as Globus serves it
  return { privateKey, jwks: { keys: [{ ...jwk, alg: 'RS512', use: 'sig' }] } };
}

export const NONCE = 'n-0S6_WzA2Mj';
const nowSeconds = Math.floor(NOW / 1000);

/** Claims of a Globus id_token (fact sheet §5), issued now for 48 h. */
export function globusClaims(overrides: Readonly<Record<string, unknown>> = {}): JWTPayload {
  return {
    iss: 'https://auth.globus.org',
    aud: CLIENT_ID,
    sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f',
    iat: nowSeconds,
    exp: nowSeconds + 172800,
    nonce: NONCE,
    at_hash: 'kzbGQ2P1JUj3mpVj2r0rS8cH4QqNQ4mYV6WqoR8d5Xk',
    preferred_username: 'jdoe@uchicago.edu',
    name: 'Jane Doe',
    email: 'jdoe@uchicago.edu',
    organization: 'University of Chicago',
    identity_provider: '91ded6ab-0799-43a3-a1fc-52464472df0e',
    identity_provider_display_name: 'University of Chicago',
    last_authentication: nowSeconds - 60,
    ...overrides,
  };
}

/** Claims without the named ones (JSON drops undefined values). */
export function claimsWithout(...names: string[]): JWTPayload {
  return globusClaims(Object.fromEntries(names.map((name) => [name, undefined])));
}

/** Signs like Globus: header `{"typ":"JWT","alg":"RS512"}`, no `kid`. */
export const signRs512 = (claims: JWTPayload, key: SigningKey): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS512' }).sign(key.privateKey);

export const signHs256 = (claims: JWTPayload): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));

/** An `alg: none` token, which a verifier must never accept. */
export function unsecuredToken(claims: JWTPayload): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'none' })}.${part(claims)}.`;
}
