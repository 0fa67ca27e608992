import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export interface PublicJwk {
  kty: string;
  alg: 'RS512';
  use: 'sig';
  e: string;
  n: string;
}

interface KeyMaterial {
  privateKey: CryptoKey;
  jwk: PublicJwk;
}

// RSA generation takes a while; one key per process is enough (it is one "Globus").
let keyMaterial: Promise<KeyMaterial> | undefined;

async function generate(): Promise<KeyMaterial> {
  const { privateKey, publicKey } = await generateKeyPair('RS512', { extractable: true, modulusLength: 2048 });
  const { kty, e, n } = await exportJWK(publicKey);
  if (kty === undefined || e === undefined || n === undefined) throw new Error('fake Globus: could not export the RSA key');
  return { privateKey, jwk: { kty, alg: 'RS512', use: 'sig', e, n } };
}

/** at_hash for RS512: base64url of the left half of SHA-512 of the access token (43 characters). */
export function atHash(accessToken: string): string {
  return createHash('sha512').update(accessToken, 'ascii').digest().subarray(0, 32).toString('base64url');
}

/** Signs id_tokens like Globus: RS512, header {typ, alg} and no kid (pitfall 5). */
export class IdTokenSigner {
  private constructor(private readonly key: KeyMaterial) {}

  static async create(): Promise<IdTokenSigner> {
    keyMaterial ??= generate();
    return new IdTokenSigner(await keyMaterial);
  }

  /** JWKS document: exactly one key, no kid. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: [{ ...this.key.jwk }] };
  }

  async sign(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS512' }).sign(this.key.privateKey);
  }
}
