import type { Got } from 'got';
import type { JSONWebKeySet } from 'jose';
import { UpstreamProtocolError, UpstreamUnavailable } from '../../domain/errors.js';
import { parseJsonBody } from './parse/json-body.js';
import { parseJwks } from './parse/jwks.js';
import { callUpstream } from './upstream-call.js';

const SERVICE = 'Globus Auth JWKS';

/** GETs Globus Auth's signing keys (`/jwk.json`, https://docs.globus.org/api/auth/reference/#jwk). */
export async function fetchGlobusJwks(http: Got): Promise<JSONWebKeySet> {
  const reply = await callUpstream(SERVICE, () => http.get('jwk.json', { headers: { accept: 'application/json' } }));
  if (reply.status === 429 || reply.status >= 500) throw new UpstreamUnavailable(SERVICE);
  const jwks = reply.status === 200 ? parseJwks(parseJsonBody(reply.contentType, reply.text)) : null;
  if (jwks === null) throw new UpstreamProtocolError(SERVICE, reply.status, null);
  return jwks;
}
