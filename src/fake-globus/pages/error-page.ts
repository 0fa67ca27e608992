import { html } from './html.js';
import { layout } from './layout.js';

/** Error shown in the browser instead of redirecting (e.g. unknown client or redirect URI). */
export function errorPage(title: string, message: string, code?: string): string {
  return layout(
    title,
    html`<h1>${title}</h1>
<p>${message}</p>
${code === undefined ? '' : html`<p>Error code: <span class="error-code">${code}</span></p>`}
<p class="note">The application that sent you here is misconfigured or the link is stale. You can close this page.</p>`,
  );
}
