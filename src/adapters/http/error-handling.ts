import type { Context, Middleware } from 'koa';
import { requestIdOf } from './request-context.js';
import { ConsentRequired, DomainError, UpstreamUnavailable } from '../../domain/errors.js';
import { safeReturnPath } from '../../domain/return-to.js';
import { ERRORS, type ErrorKind } from './error-catalogue.js';
import type { HttpLogger } from './http-settings.js';
import type { Render } from './views.js';
import { wantsJson } from './wants-json.js';

export interface ErrorDetails {
  /** Where "try again" / "log in" should lead. */
  readonly retryPath?: string;
  /** Scopes to ask for again when consent is required. */
  readonly scopes?: readonly string[];
}

/** Answers with the page (or JSON) for an error kind; never a stack trace. */
export function respondWithError(ctx: Context, render: Render, kind: ErrorKind, details: ErrorDetails = {}): void {
  const error = ERRORS[kind];
  const requestId = String(requestIdOf(ctx) ?? '');
  ctx.status = error.status;
  ctx.set('Cache-Control', 'no-store');
  if (wantsJson(ctx)) {
    ctx.body = { error: kind, message: error.message, requestId };
    return;
  }
  const retryPath = details.retryPath ?? '/';
  const loginPath = `/login?next=${encodeURIComponent(retryPath)}`;
  const consentPath = details.scopes ? `${loginPath}&scope=${encodeURIComponent(details.scopes.join(' '))}` : loginPath;
  ctx.type = 'html';
  ctx.body = render('error.njk', { error, kind, requestId, retryPath, loginPath, consentPath });
}

const kindOf = (error: unknown): ErrorKind => {
  if (error instanceof ConsentRequired) return 'consent-required';
  if (error instanceof UpstreamUnavailable) {
    if (error.service === 'Redis') return 'store-unavailable';
    if (error.service.includes('JWKS')) return 'identity-unverifiable';
    if (error.service === 'Globus Transfer' && !error.timedOut) return 'transfer-unavailable';
    return error.timedOut ? 'globus-timeout' : 'globus-unreachable';
  }
  if (error instanceof DomainError) return 'globus-unreachable';
  if (error instanceof URIError) return 'bad-request';
  const status: unknown = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  // The router throws 501 for a method it knows nothing of (TRACE, PROPFIND…): the client's mistake, not ours.
  if (status === 501) return 'method-not-allowed';
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return 'not-found';
    if (status === 405) return 'method-not-allowed';
    if (status === 401) return 'unauthorized';
    if (status === 403) return 'forbidden';
    return 'bad-request';
  }
  return 'internal';
};

/** Turns every thrown error into a clear page; logs the kind, never tokens or stacks to the user. */
export function errorHandling(render: Render, logger: HttpLogger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) respondWithError(ctx, render, 'not-found');
    } catch (error) {
      const kind = kindOf(error);
      const fields = { requestId: requestIdOf(ctx), path: ctx.path, kind, error: describe(error) };
      if (kind === 'internal') logger.error({ ...fields, stack: error instanceof Error ? error.stack : undefined }, 'unexpected error');
      else logger.warn(fields, 'request failed');
      const scopes = error instanceof ConsentRequired ? error.requiredScopes : undefined;
      // The callback URL carries the code: never offer it back as a link.
      const retryPath = ctx.method === 'GET' && !ctx.path.startsWith('/login') ? safeReturnPath(ctx.url) : '/';
      respondWithError(ctx, render, kind, { retryPath, ...(scopes ? { scopes } : {}) });
    }
  };
}

/** Error name and message only: adapters keep secrets out of messages. */
const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown');
