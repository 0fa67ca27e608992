import { randomBytes } from 'node:crypto';
import type { GlobusProxy } from './globus-proxy.js';

const TOKEN_PATH = '/v2/oauth2/token';
const REVOKE_PATH = '/v2/oauth2/token/revoke';

export interface RotationLog {
  /** Rotated refresh tokens handed to the app, in order. */
  readonly handedOut: string[];
  /** Refresh tokens the app sent in refresh_token grants, in order. */
  readonly refreshedWith: string[];
  /** Tokens the app asked to revoke (rotated ones as the app knows them). */
  readonly revokeRequested: string[];
}

/**
 * Plays a Globus that rotates refresh tokens (the fake echoes them, as Globus does today): every
 * refresh_token in a token response is swapped for a new one on its way to the app, and swapped
 * back on its way to the fake, so the fake keeps working and the test sees what the app stored.
 */
export function rotateRefreshTokens(proxy: GlobusProxy): RotationLog {
  const original = new Map<string, string>();
  const log: RotationLog = { handedOut: [], refreshedWith: [], revokeRequested: [] };
  const rotate = (token: Record<string, unknown>): void => {
    if (typeof token['refresh_token'] !== 'string') return;
    const rotated = `rotated-${randomBytes(12).toString('base64url')}`;
    original.set(rotated, token['refresh_token']);
    token['refresh_token'] = rotated;
    log.handedOut.push(rotated);
  };
  proxy.transformResponseBody = (path, body) => {
    if (path !== TOKEN_PATH) return body;
    const parsed = JSON.parse(body) as Record<string, unknown>;
    rotate(parsed);
    if (Array.isArray(parsed['other_tokens'])) for (const other of parsed['other_tokens'] as Array<Record<string, unknown>>) rotate(other);
    return JSON.stringify(parsed);
  };
  proxy.transformRequestBody = (path, body) => {
    if (path !== TOKEN_PATH && path !== REVOKE_PATH) return body;
    const form = new URLSearchParams(body);
    const field = path === TOKEN_PATH ? 'refresh_token' : 'token';
    const sent = form.get(field);
    if (sent === null) return body;
    if (path === TOKEN_PATH) log.refreshedWith.push(sent);
    else log.revokeRequested.push(sent);
    const back = original.get(sent);
    if (back !== undefined) form.set(field, back);
    return form.toString();
  };
  return log;
}
