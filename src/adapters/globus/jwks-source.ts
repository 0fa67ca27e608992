import type { JSONWebKeySet } from 'jose';
import { UpstreamProtocolError, UpstreamUnavailable } from '../../domain/errors.js';
import { parseJsonBody } from './parse/json-body.js';
import { parseJwks } from './parse/jwks.js';
import type { UpstreamCaller } from './upstream-call.js';

const SERVICE = 'Globus Auth JWKS';

/** GETs Globus Auth's signing keys (`/jwk.json`, https://docs.globus.org/api/auth/reference/#jwk); retried like any GET. */
export async function fetchGlobusJwks(caller: UpstreamCaller): Promise<JSONWebKeySet> {
  const reply = await caller.send({ endpoint: 'jwks', method: 'GET', path: 'jwk.json', headers: { accept: 'application/json' }, idempotent: true });
  if (reply.status === 429 || reply.status >= 500) throw new UpstreamUnavailable(SERVICE);
  const jwks = reply.status === 200 ? parseJwks(parseJsonBody(reply.contentType, reply.text)) : null;
  if (jwks === null) throw new UpstreamProtocolError(SERVICE, reply.status, null);
  return jwks;
}
