import type { Context } from 'koa';
import { STATUS_CODES } from 'node:http';
import { newRequestId, newUuid } from './random.js';

/** Auth API error envelope (fact sheet §3c). */
export interface AuthErrorEnvelope {
  errors: Array<{ status: string; id: string; code: string; title: string; detail: string | null }>;
  error: string;
  error_description: string;
}

const AUTH_CODES: Record<number, { code: string; title: string }> = {
  400: { code: 'BAD_REQUEST', title: 'Bad Request' },
  401: { code: 'UNAUTHORIZED', title: 'Unauthorized' },
  403: { code: 'FORBIDDEN', title: 'Forbidden' },
  404: { code: 'NOT_FOUND', title: 'Not Found' },
  405: { code: 'METHOD_NOT_ALLOWED', title: 'Method Not Allowed' },
  429: { code: 'TOO_MANY_REQUESTS', title: 'Too Many Requests' },
  500: { code: 'UNEXPECTED_ERROR', title: 'An unexpected error occurred.' },
  503: { code: 'SERVICE_UNAVAILABLE', title: 'Service Unavailable' },
};

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function authErrorEnvelope(status: number, detail: string | null = null): AuthErrorEnvelope {
  const known = AUTH_CODES[status];
  const title = known?.title ?? statusText(status);
  const code = known?.code ?? statusText(status).toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return {
    errors: [{ status: String(status), id: newUuid(), code, title, detail }],
    error: code.toLowerCase(),
    error_description: title,
  };
}

export function sendAuthError(ctx: Context, status: number, detail: string | null = null): void {
  ctx.status = status;
  ctx.body = authErrorEnvelope(status, detail);
}

/** Token-endpoint style errors: `{"error": "invalid_grant"}` (pitfall 8). */
export function sendOAuthError(ctx: Context, status: number, error: string, description?: string): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  if (error === 'invalid_client') ctx.set('WWW-Authenticate', 'Basic realm="Globus Auth"');
  ctx.body = description === undefined ? { error } : { error, error_description: description };
}

/** Transfer error document: `{code, message, request_id, resource}`, resource without /v0.10. */
export interface TransferError {
  code: string;
  message: string;
  request_id: string;
  resource: string;
  [extra: string]: unknown;
}

function transferResource(path: string): string {
  return path.replace(/^\/v0\.10(?=\/)/, '');
}

export function transferError(path: string, code: string, message: string, extra: Record<string, unknown> = {}): TransferError {
  return { code, message, request_id: newRequestId(), resource: transferResource(path), ...extra };
}

export function transferCodeFor(status: number): string {
  if (status === 401) return 'ClientError.AuthenticationFailed';
  if (status === 403) return 'PermissionDenied';
  if (status === 503) return 'ServiceUnavailable';
  if (status >= 500) return 'ServerError.InternalError';
  return `ClientError.${statusText(status).replace(/[^A-Za-z0-9]+/g, '')}`;
}

export function sendTransferError(ctx: Context, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  ctx.status = status;
  ctx.body = transferError(ctx.path, code, message, extra);
}
