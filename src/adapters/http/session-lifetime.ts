import type { Middleware } from 'koa';
import { requestIdOf } from './request-context.js';
import type { HttpLogger, HttpSettings } from './http-settings.js';
import { csrfTokenOf, markSeen, restartSession, sessionAge, sessionIdOf } from './session.js';
import type { UseCases } from './use-cases.js';

/**
 * Enforces the idle and absolute session limits: an expired session is logged out for real,
 * its tokens revoked and deleted, the moment it is seen.
 */
export function sessionLifetime(settings: HttpSettings, useCases: UseCases, logger: HttpLogger): Middleware {
  return async (ctx, next) => {
    const now = Date.now();
    const age = sessionAge(ctx, now);
    if (age && (age.sinceCreated > settings.sessionAbsoluteMs || age.sinceSeen > settings.sessionIdleMs)) {
      const { unrevoked } = await useCases.logout.execute(sessionIdOf(ctx));
      logger.info({ requestId: requestIdOf(ctx), unrevoked }, 'session expired');
      await restartSession(ctx);
    } else if (age) {
      markSeen(ctx, now, settings.sessionIdleMs);
      csrfTokenOf(ctx, now); // forms on this session's pages need one
    }
    await next();
  };
}
