import { z } from 'zod';
import {
  ClientRejected,
  GrantRejected,
  UpstreamProtocolError,
  UpstreamUnavailable,
  type DomainError,
} from '../../../domain/errors.js';
import { safeCode } from './safe-code.js';

/** OAuth-style `{error}` and the Auth API envelope `{errors: [{code}]}`, possibly both. */
const authErrorSchema = z.object({
  error: z.string().optional(),
  errors: z.array(z.object({ code: z.unknown() })).optional(),
});

export interface AuthErrorBody {
  /** OAuth `error`, e.g. `invalid_grant`. */
  readonly error: string | null;
  /** The first envelope `errors[].code`, e.g. `UNAUTHORIZED`. */
  readonly code: string | null;
}

/** Reads a Globus Auth error body; null when it is neither an OAuth error nor the envelope. */
export function parseAuthErrorBody(body: unknown): AuthErrorBody | null {
  const parsed = authErrorSchema.safeParse(body);
  if (!parsed.success) return null;
  const { error, errors } = parsed.data;
  if (error === undefined && errors === undefined) return null;
  return { error: safeCode(error), code: safeCode(errors?.[0]?.code) };
}

/**
 * Maps a failed Globus Auth token/revoke call to a domain error
 * (https://docs.globus.org/api/auth/reference/#errors). `body` is the parsed JSON body, if any.
 * Globus answers a bad code with 401 `invalid_grant` and an expired refresh token with 400, so
 * any 4xx `invalid_grant` means "log in again"; any other JSON 401 means our client was refused.
 */
export function authFailure(status: number, body: unknown): DomainError {
  if (status >= 500 || status === 429) return new UpstreamUnavailable('Globus Auth');
  const parsed = parseAuthErrorBody(body);
  if (status >= 400 && parsed?.error === 'invalid_grant') return new GrantRejected();
  if ((status === 400 || status === 401) && parsed?.error === 'invalid_client') return new ClientRejected();
  if (status === 401 && parsed) return new ClientRejected();
  return new UpstreamProtocolError('Globus Auth', status, parsed?.error ?? parsed?.code ?? null);
}
