import { randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Parses `TOKEN_ENCRYPTION_KEYS`-style config: comma-separated 32-byte keys, each as
 * 64 hex chars or base64/base64url. The first key encrypts; all of them decrypt.
 * Errors name the key's position, never its value.
 */
export function parseKeys(spec: string): Buffer[] {
  const parts = spec.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (parts.length === 0) throw new Error('no encryption key given: expected comma-separated 32-byte keys');
  return parts.map((part, index) => parseKey(part, index + 1));
}

function parseKey(text: string, position: number): Buffer {
  if (HEX_KEY.test(text)) return Buffer.from(text, 'hex');
  if (!BASE64_KEY.test(text)) {
    throw new Error(`encryption key #${position} is neither 64 hex characters nor base64/base64url`);
  }
  // Node's base64 decoder also accepts the url-safe alphabet.
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(`encryption key #${position} is ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES}`);
  }
  return key;
}

/** A fresh random key in the format `parseKeys` accepts (base64url), for demos and setup. */
export const generateKey = (): string => randomBytes(KEY_BYTES).toString('base64url');
