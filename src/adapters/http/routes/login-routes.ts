import type Router from '@koa/router';
import { requestIdOf } from '../request-context.js';
import type { Context } from 'koa';
import type { CompleteLoginFailure } from '../../../application/complete-login.js';
import type { ErrorKind } from '../error-catalogue.js';
import { respondWithError } from '../error-handling.js';
import type { HttpLogger, HttpSettings } from '../http-settings.js';
import { queryParam } from '../query.js';
import { attachSessionId, rotateSession, sessionIdOf } from '../session.js';
import type { UseCases } from '../use-cases.js';
import type { Render } from '../views.js';

const FAILURE_PAGES: Record<CompleteLoginFailure, ErrorKind> = {
  'no-pending-login': 'no-pending-login',
  'login-expired': 'login-expired',
  declined: 'declined',
  'code-rejected': 'code-rejected',
  'id-token-invalid': 'id-token-invalid',
};

/** GET /login: starts a login, or (with code/error/state) completes one. */
export function loginRoutes(router: Router, useCases: UseCases, settings: HttpSettings, render: Render, logger: HttpLogger): void {
  router.get('/login', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const isCallback = ['code', 'error', 'state'].some((p) => ctx.query[p] !== undefined);
    if (isCallback) await completeLogin(ctx);
    else await startLogin(ctx);
  });

  async function startLogin(ctx: Context): Promise<void> {
    const next = queryParam(ctx, 'next', 2048) ?? undefined;
    const scope = queryParam(ctx, 'scope', 4096) ?? undefined;
    const { session, authorizationUrl } = await useCases.startLogin.execute({
      session: sessionIdOf(ctx),
      returnTo: next,
      extraScopes: scope ? scope.split(' ').filter(Boolean) : [],
    });
    attachSessionId(ctx, session, Date.now());
    ctx.redirect(authorizationUrl);
  }

  async function completeLogin(ctx: Context): Promise<void> {
    // The code must not leak onwards through the Referer header.
    ctx.set('Referrer-Policy', 'no-referrer');
    const state = queryParam(ctx, 'state', 256);
    const code = queryParam(ctx, 'code', 512);
    const error = queryParam(ctx, 'error', 128);
    const iss = queryParam(ctx, 'iss', 256);
    if (iss === null || (iss !== undefined && iss !== settings.issuer)) return respondWithError(ctx, render, 'issuer-mismatch');
    if (!state || code === null || error === null || (!code && !error)) return respondWithError(ctx, render, 'no-pending-login');

    const before = sessionIdOf(ctx);
    const result = await useCases.completeLogin.execute({
      session: before,
      state,
      outcome: code ? { code } : { error: error ?? 'unknown' },
    });
    if (result.ok) {
      await rotateSession(ctx, result.value.session, Date.now());
      logger.info({ requestId: requestIdOf(ctx), outcome: 'success' }, 'login');
      return ctx.redirect(result.value.returnTo);
    }
    logger.warn({ requestId: requestIdOf(ctx), outcome: result.error }, 'login');
    // Back button or reload after a successful login: the user is already in.
    if (result.error === 'no-pending-login' && (await useCases.getCurrentUser.execute(before))) return ctx.redirect('/');
    respondWithError(ctx, render, FAILURE_PAGES[result.error]);
  }
}
