import type { DemoIdentity } from '../identities.js';
import { html } from './html.js';
import { layout } from './layout.js';

/** Landing page at / so a curious visitor learns what this server is. */
export function homePage(origin: string, identities: readonly DemoIdentity[]): string {
  return layout(
    'Fake Globus',
    html`<h1>Fake Globus Auth and Transfer</h1>
<p>This server imitates Globus Auth (<code>/v2/…</code>) and Transfer's <code>/v0.10/endpoint_search</code> for demos and tests.</p>
<p>Point the Globus SDKs at it with <code>GLOBUS_SDK_SERVICE_URL_AUTH=${origin}</code> and <code>GLOBUS_SDK_SERVICE_URL_TRANSFER=${origin}</code>.</p>
<h2>Demo identities</h2>
<ul>${identities.map((identity) => html`<li>${identity.name} (${identity.username})</li>`)}</ul>`,
  );
}
