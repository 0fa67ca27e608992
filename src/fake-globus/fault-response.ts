import type { Context } from 'koa';
import { authErrorEnvelope, transferCodeFor, transferError } from './errors.js';
import { sendPage } from './page-response.js';
import { errorPage } from './pages/error-page.js';
import type { FakeRoute, FaultResponse } from './types.js';

/** Answer with an injected failure; without an explicit body, the route's own error format. */
export function sendFault(ctx: Context, route: FakeRoute, fault: FaultResponse): void {
  if (fault.body === undefined && (route === 'authorize' || route === 'logout')) {
    sendPage(ctx, fault.status, errorPage('Globus is unavailable', 'The demo Globus was told to fail this request.', String(fault.status)));
  } else {
    ctx.status = fault.status;
  }
  for (const [name, value] of Object.entries(fault.headers ?? {})) ctx.set(name, value);
  if (typeof fault.body === 'string') {
    ctx.body = fault.body;
  } else if (fault.body !== undefined) {
    if (!ctx.response.get('Content-Type')) ctx.type = 'application/json';
    ctx.body = JSON.stringify(fault.body);
  } else if (route === 'endpoint_search') {
    ctx.body = transferError(ctx.path, transferCodeFor(fault.status), 'Injected failure from the fake Globus');
  } else if (route !== 'authorize' && route !== 'logout') {
    ctx.body = authErrorEnvelope(fault.status, 'Injected failure from the fake Globus');
  }
}
