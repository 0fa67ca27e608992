import type Router from '@koa/router';
import { respondWithError } from '../error-handling.js';
import { queryParam } from '../query.js';
import { sessionIdOf, csrfOf } from '../session.js';
import type { UseCases } from '../use-cases.js';
import type { Render } from '../views.js';
import { wantsJson } from '../wants-json.js';

/** GET /endpoints: the user's own Globus endpoints, as a page or as JSON. */
export function endpointRoutes(router: Router, useCases: UseCases, render: Render): void {
  router.get('/endpoints', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const page = Number(queryParam(ctx, 'page', 6) ?? '1');
    const search = queryParam(ctx, 'q', 200);
    if (search === null || !Number.isFinite(page)) return respondWithError(ctx, render, 'bad-request');

    const result = await useCases.listEndpoints.execute({ session: sessionIdOf(ctx), page, search });
    if (!result.ok) {
      if (wantsJson(ctx)) return respondWithError(ctx, render, 'unauthorized');
      return ctx.redirect(`/login?next=${encodeURIComponent(ctx.url)}`);
    }
    const listing = result.value;
    if (wantsJson(ctx)) {
      ctx.body = {
        endpoints: listing.endpoints,
        page: listing.page,
        hasNextPage: listing.hasNextPage,
        hasPreviousPage: listing.hasPreviousPage,
        search: listing.search,
      };
      return;
    }
    // The use case already read the session for its token: no second store read for the header.
    ctx.body = render('endpoints.njk', { user: listing.user, listing, csrf: csrfOf(ctx) });
  });
}
