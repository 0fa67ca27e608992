import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { randomChunk } from '../shared/random-pool.js';
import { CipherError } from './cipher-error.js';

const PLAIN = 'v1';
/** Same as v1, but the plaintext was deflated before encryption (like JWE's `zip: DEF`). */
const DEFLATED = 'v1z';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/**
 * Below this, deflate does not pay for itself: a pending login's random state, nonce and verifier
 * barely compress (~330 → ~265 bytes) and live ten minutes at most, while deflating and inflating
 * costs ~0.1 ms per login. Session records (~1.5 KB, kept for hours) halve.
 */
const COMPRESS_FROM_BYTES = 512;
/** Defence in depth: only authenticated data is inflated, and never beyond this. */
const MAX_PLAINTEXT_BYTES = 1024 * 1024;

interface KeyEntry {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * AES-256-GCM sealing of short strings (tokens at rest).
 * Output: `v1.<keyId>.<iv>.<tag>.<data>` (base64url parts), where keyId is the first 8 hex
 * chars of sha256(key); `v1z` marks data deflated before encryption, which keeps token
 * records small in memory. (Compression leaks length only to someone who can already read
 * the store and cannot inject text next to the tokens, so CRIME-style attacks do not apply.)
 * The first key encrypts; every key decrypts, so keys rotate by prepending a new one and
 * dropping the old one once its records have expired.
 */
export class AesGcmCipher {
  private readonly current: KeyEntry;
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly Buffer[]) {
    const entries = keys.map((key, index) => {
      if (key.length !== KEY_BYTES) {
        throw new Error(`encryption key #${index + 1} is ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES}`);
      }
      return { id: keyId(key), key: Buffer.from(key) };
    });
    const [first] = entries;
    if (!first) throw new Error('AesGcmCipher needs at least one key');
    this.current = first;
    this.byId = new Map(entries.map((entry) => [entry.id, entry.key]));
  }

  /** Seals `plaintext` with the first key and a fresh random 96-bit IV. */
  encrypt(plaintext: string): string {
    const { version, bytes } = pack(plaintext);
    const iv = randomChunk(IV_BYTES);
    const header = `${version}.${this.current.id}`;
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    // The header is authenticated too, so a record cannot be relabelled.
    cipher.setAAD(Buffer.from(header));
    const data = Buffer.concat([cipher.update(bytes), cipher.final()]);
    return [header, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /**
   * Opens a string made by `encrypt` with any configured key.
   * @throws CipherError `malformed`, `unknown-key` or `tampered`.
   */
  decrypt(ciphertext: string): string {
    const parts = ciphertext.split('.');
    if (parts.length !== 5) throw new CipherError('malformed');
    const [version, id, ivText, tagText, dataText] = parts as [string, string, string, string, string];
    if (version !== PLAIN && version !== DEFLATED) throw new CipherError('malformed');
    const key = this.byId.get(id);
    if (!key) throw new CipherError('unknown-key');
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new CipherError('malformed');
    let bytes: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${version}.${id}`));
      decipher.setAuthTag(tag);
      // final() checks the tag; nothing is used (or inflated) before it passes.
      bytes = Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]);
    } catch {
      throw new CipherError('tampered');
    }
    return unpack(version, bytes);
  }
}

const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

function pack(plaintext: string): { version: string; bytes: Buffer } {
  const bytes = Buffer.from(plaintext, 'utf8');
  if (bytes.length < COMPRESS_FROM_BYTES) return { version: PLAIN, bytes };
  const deflated = deflateRawSync(bytes);
  return deflated.length < bytes.length ? { version: DEFLATED, bytes: deflated } : { version: PLAIN, bytes };
}

function unpack(version: string, bytes: Buffer): string {
  if (version === PLAIN) return bytes.toString('utf8');
  try {
    return inflateRawSync(bytes, { maxOutputLength: MAX_PLAINTEXT_BYTES }).toString('utf8');
  } catch {
    throw new CipherError('malformed');
  }
}
