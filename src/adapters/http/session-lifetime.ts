import type { Middleware } from 'koa';
import { requestIdOf } from './request-context.js';
import type { HttpLogger, HttpSettings } from './http-settings.js';
import { csrfTokenOf, markSeen, restartSession, sessionAge, sessionIdOf } from './session.js';
import type { UseCases } from './use-cases.js';

/**
 * Enforces the idle and absolute session limits: an expired session is logged out for real,
 * its tokens revoked and deleted, the moment it is seen. A session in use tells the token store
 * its new end (idle limit from now, never past the absolute one), so the reaper, which logs out
 * sessions nobody comes back to, leaves it alone.
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
      const sid = sessionIdOf(ctx);
      if (markSeen(ctx, now, settings.sessionIdleMs) && sid) {
        const absoluteEnd = now - age.sinceCreated + settings.sessionAbsoluteMs;
        await useCases.keepSessionAlive.execute(sid, Math.min(now + settings.sessionIdleMs, absoluteEnd));
      }
      csrfTokenOf(ctx, now); // forms on this session's pages need one
    }
    await next();
  };
}
