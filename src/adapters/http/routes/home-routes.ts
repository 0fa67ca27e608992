import type Router from '@koa/router';
import { sessionIdOf, csrfOf } from '../session.js';
import type { UseCases } from '../use-cases.js';
import { respondWithError } from '../error-handling.js';
import type { Render } from '../views.js';
import { wantsJson } from '../wants-json.js';

/** GET /: who is logged in, or off to log in. */
export function homeRoutes(router: Router, useCases: UseCases, render: Render): void {
  router.get('/', async (ctx) => {
    const user = await useCases.getCurrentUser.execute(sessionIdOf(ctx));
    // An API client gets a 401 it can act on, not a login page it cannot follow.
    if (!user) return wantsJson(ctx) ? respondWithError(ctx, render, 'unauthorized') : ctx.redirect('/login');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = render('home.njk', {
      user,
      identity: user.identity,
      grantedScopes: user.grantedScopes,
      loggedInAt: new Date(user.loggedInAt).toISOString(),
      csrf: csrfOf(ctx),
    });
  });
}
