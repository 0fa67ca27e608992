import type Router from '@koa/router';
import { sessionIdOf, csrfOf } from '../session.js';
import type { UseCases } from '../use-cases.js';
import type { Render } from '../views.js';

/** GET /: who is logged in, or off to log in. */
export function homeRoutes(router: Router, useCases: UseCases, render: Render): void {
  router.get('/', async (ctx) => {
    const user = await useCases.getCurrentUser.execute(sessionIdOf(ctx));
    if (!user) return ctx.redirect('/login');
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
