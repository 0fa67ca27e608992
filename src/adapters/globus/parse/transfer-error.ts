import { z } from 'zod';
import { TRANSFER_RESOURCE_SERVER } from '../../../domain/token.js';
import {
  ConsentRequired,
  TokenRejected,
  UpstreamProtocolError,
  UpstreamUnavailable,
  type DomainError,
} from '../../../domain/errors.js';
import { safeCode } from './safe-code.js';

const scopes = z.array(z.string());

const transferErrorSchema = z.object({
  code: z.unknown(),
  required_scopes: scopes.optional().catch(undefined),
  required_scope: z.string().optional().catch(undefined),
  authorization_parameters: z.object({ required_scopes: scopes.optional().catch(undefined) }).optional().catch(undefined),
});

type TransferErrorBody = z.infer<typeof transferErrorSchema>;

/** `required_scopes`, else the GARE `authorization_parameters.required_scopes`, else the older singular `required_scope`. */
function requiredScopesOf(body: TransferErrorBody): string[] {
  if (body.required_scopes?.length) return body.required_scopes;
  const gare = body.authorization_parameters?.required_scopes;
  if (gare?.length) return gare;
  return body.required_scope ? [body.required_scope] : [];
}

/**
 * Maps a failed Transfer call to a domain error
 * (https://docs.globus.org/api/transfer/overview/#errors). `body` is the parsed JSON body, if any.
 * Every 401 means the token was refused (`ClientError.AuthenticationFailed`); a 403 `ConsentRequired`
 * carries the scopes to ask for again.
 */
export function transferFailure(status: number, body: unknown): DomainError {
  const parsed = transferErrorSchema.safeParse(body);
  const details = parsed.success ? parsed.data : null;
  const code = safeCode(details?.code);
  if (status === 401) return new TokenRejected(TRANSFER_RESOURCE_SERVER);
  if (status === 403 && details && code === 'ConsentRequired') return new ConsentRequired(requiredScopesOf(details));
  if (status === 429 || status >= 500) return new UpstreamUnavailable('Globus Transfer');
  return new UpstreamProtocolError('Globus Transfer', status, code);
}
