import type Router from '@koa/router';
import { validateAuthorize } from './authorize-validation.js';
import { sendPage } from './page-response.js';
import { errorPage } from './pages/error-page.js';
import { withParams } from './redirect-url.js';
import { queryParams } from './request-body.js';
import { requestOrigin } from './request-origin.js';
import { ROUTE_PATHS } from './route-names.js';
import type { FakeServices } from './services.js';

/** GET /v2/oauth2/authorize: validate, then hand the browser to the sign-in page. */
export function registerAuthorizeRoute(router: Router, services: FakeServices): void {
  router.get(ROUTE_PATHS.authorize, (ctx) => {
    const outcome = validateAuthorize(queryParams(ctx), services.clients);
    switch (outcome.kind) {
      case 'page':
        sendPage(ctx, 400, errorPage(outcome.title, outcome.message, outcome.code));
        return;
      case 'redirect-error':
        ctx.redirect(withParams(outcome.redirectUri, { error: outcome.error, error_description: outcome.description, state: outcome.state }));
        return;
      case 'ok':
        ctx.redirect(`${requestOrigin(ctx)}/fake/sign-in?request=${encodeURIComponent(services.pending.add(outcome.request))}`);
        return;
    }
  });
}
