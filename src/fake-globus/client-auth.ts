import { timingSafeEqual } from 'node:crypto';
import type { ClientRegistry } from './clients.js';
import { paramValue } from './request-body.js';
import type { FakeClient } from './types.js';

export type ClientAuthResult = { ok: true; client: FakeClient } | { ok: false };

/**
 * Decode `Basic base64(id:secret)` exactly as the Globus SDK sends it: raw, NOT form-url-encoded
 * first (pitfall 4). A client that url-encodes a secret containing + / = therefore fails here.
 */
export function decodeBasic(header: string): { clientId: string; secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Confidential clients: HTTP Basic only (discovery advertises only client_secret_basic);
 * client_secret in the body is refused. Public clients: client_id in the body, no secret.
 */
export function authenticateClient(authorization: string, form: URLSearchParams, clients: ClientRegistry): ClientAuthResult {
  if (form.has('client_secret')) return { ok: false };
  const bodyClientId = paramValue(form, 'client_id');
  if (authorization !== '') {
    const basic = decodeBasic(authorization);
    if (basic === null) return { ok: false };
    const client = clients.find(basic.clientId);
    if (client?.client_secret === undefined || !sameSecret(client.client_secret, basic.secret)) return { ok: false };
    if (form.has('client_id') && bodyClientId !== client.client_id) return { ok: false };
    return { ok: true, client };
  }
  if (bodyClientId === undefined) return { ok: false };
  const client = clients.find(bodyClientId);
  if (client === undefined || client.client_secret !== undefined) return { ok: false };
  return { ok: true, client };
}
