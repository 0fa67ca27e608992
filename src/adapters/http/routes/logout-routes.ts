import type Router from '@koa/router';
import { requestIdOf } from '../request-context.js';
import type { Context } from 'koa';
import parseBody from 'co-body';
import { timingSafeEqual } from 'node:crypto';
import { respondWithError } from '../error-handling.js';
import type { HttpLogger, HttpSettings } from '../http-settings.js';
import { destroySession, sessionIdOf, csrfOf } from '../session.js';
import type { UseCases } from '../use-cases.js';
import type { Render } from '../views.js';

/** GET /logout asks; POST /logout (same-origin, with the CSRF token) revokes, forgets and leaves for Globus. */
export function logoutRoutes(router: Router, useCases: UseCases, settings: HttpSettings, render: Render, logger: HttpLogger): void {
  const appOrigin = new URL(settings.baseUrl).origin;
  router.get('/logout', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const user = await useCases.getCurrentUser.execute(sessionIdOf(ctx));
    ctx.body = render('logout.njk', { user, csrf: csrfOf(ctx) });
  });

  router.post('/logout', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    if (!(await isSameSiteWithToken(ctx, appOrigin))) return respondWithError(ctx, render, 'forbidden');
    const { logoutUrl, unrevoked } = await useCases.logout.execute(sessionIdOf(ctx));
    for (const resourceServer of unrevoked) {
      logger.warn({ requestId: requestIdOf(ctx), resourceServer }, 'token revocation failed; token deleted locally');
    }
    destroySession(ctx);
    ctx.status = 303;
    ctx.redirect(logoutUrl);
  });
}

async function isSameSiteWithToken(ctx: Context, appOrigin: string): Promise<boolean> {
  const origin = ctx.get('Origin');
  if (origin && origin !== appOrigin) return false;
  // Fetch metadata: only this origin's own pages (or the user typing) may post; a sibling
  // subdomain (same-site) is not this app either.
  const fetchSite = ctx.get('Sec-Fetch-Site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const body: unknown = await parseBody.form(ctx, { limit: '4kb' });
  const sent = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['_csrf'] : undefined;
  const expected = csrfOf(ctx);
  if (typeof sent !== 'string' || !expected) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
