import { html } from './html.js';
import { layout } from './layout.js';

export interface LogoutView {
  clientName?: string;
  /** Only http(s) URLs get a link; the page never redirects by itself (pitfall 9). */
  continueTo?: { url: string; name: string };
}

export function logoutPage(view: LogoutView): string {
  const heading = view.clientName === undefined ? 'You have logged out' : `You have logged out of ${view.clientName}`;
  return layout(
    'Logged out',
    html`<h1>${heading}</h1>
<p>You have also been signed out of Demo Globus in this browser.</p>
${view.continueTo === undefined ? '' : html`<p><a class="continue" href="${view.continueTo.url}">Continue to ${view.continueTo.name}</a></p>`}`,
  );
}
