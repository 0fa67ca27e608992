import type Router from '@koa/router';
import { sendPage } from './page-response.js';
import { logoutPage, type LogoutView } from './pages/logout-page.js';
import { paramValue, queryParams } from './request-body.js';
import { ROUTE_PATHS } from './route-names.js';
import type { FakeServices } from './services.js';

function httpUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** GET /v2/web/logout: forgets the sign-in, shows a page with a "Continue" link, never redirects (pitfall 9). */
export function registerLogoutRoute(router: Router, services: FakeServices): void {
  router.get(ROUTE_PATHS.logout, (ctx) => {
    const query = queryParams(ctx);
    // client_id is the documented name; `client` is what Globus's Flask example and most portals send.
    const clientId = paramValue(query, 'client_id') ?? paramValue(query, 'client');
    const client = clientId === undefined ? undefined : services.clients.find(clientId);
    const clientName = client === undefined ? undefined : services.clients.displayName(client);
    const url = httpUrl(paramValue(query, 'redirect_uri'));
    const view: LogoutView = {};
    if (clientName !== undefined) view.clientName = clientName;
    if (url !== undefined) view.continueTo = { url, name: paramValue(query, 'redirect_name') ?? clientName ?? url };
    services.signIns.forget(ctx);
    sendPage(ctx, 200, logoutPage(view));
  });
}
