import type { DemoIdentity } from '../identities.js';
import type { ScopeLine } from '../scope-descriptions.js';
import { html } from './html.js';
import { layout } from './layout.js';

export interface ConsentView {
  requestId: string;
  clientName: string;
  identity: DemoIdentity;
  scopes: readonly ScopeLine[];
  offline: boolean;
}

export function consentPage(view: ConsentView): string {
  const lines = view.scopes.map(
    (line) => html`<li>${line.text}${line.details.length === 0 ? '' : html`<ul>${line.details.map((d) => html`<li>${d}</li>`)}</ul>`}</li>`,
  );
  return layout(
    'Allow access',
    html`<h1>${view.clientName} would like to:</h1>
<ul class="scopes">${lines}</ul>
${view.offline ? html`<p class="note">${view.clientName} will keep this access while you are away (refresh tokens) until you revoke it.</p>` : ''}
<p>Signed in as <strong>${view.identity.name}</strong> (${view.identity.username}).</p>
<form method="post" action="/fake/consent">
<input type="hidden" name="request" value="${view.requestId}">
<div class="actions" role="group" aria-label="Your decision">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</div>
</form>`,
  );
}
