import type { DemoIdentity } from '../identities.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export interface SignInView {
  requestId: string;
  clientName: string;
  identities: readonly DemoIdentity[];
  /** Signed in earlier in this browser (and no prompt=login): offer to continue. */
  remembered?: DemoIdentity;
  /** The app asked for prompt=login. */
  forceLogin: boolean;
  sessionMessage?: string;
  mfaRequired: boolean;
  /** Why the list is shorter than usual (session_required_* parameters). */
  restriction?: string;
}

function signInForm(requestId: string, identity: DemoIdentity, label: string, className = ''): SafeHtml {
  return html`<form method="post" action="/fake/sign-in">
<input type="hidden" name="request" value="${requestId}">
<input type="hidden" name="identity" value="${identity.username}">
<button type="submit"${className === '' ? '' : html` class="${className}"`}>${label}</button>
</form>`;
}

export function signInPage(view: SignInView): string {
  const items = view.identities.map(
    (identity) => html`<li><span class="who"><strong>${identity.name}</strong><small>${identity.username} · ${identity.identity_provider_display_name}</small></span>
${signInForm(view.requestId, identity, `Sign in as ${identity.name}`)}</li>`,
  );
  return layout(
    'Sign in',
    html`<h1>Sign in to use ${view.clientName}</h1>
${view.sessionMessage === undefined ? '' : html`<p role="status"><strong>Message from ${view.clientName}:</strong> ${view.sessionMessage}</p>`}
${view.forceLogin ? html`<p class="note">${view.clientName} asked you to sign in again.</p>` : ''}
${view.mfaRequired ? html`<p class="note">Multi-factor authentication was requested (the demo asks for no second factor).</p>` : ''}
${view.remembered === undefined ? '' : html`<p>You are already signed in as ${view.remembered.name}.</p>${signInForm(view.requestId, view.remembered, `Continue as ${view.remembered.name}`, 'secondary')}`}
<p>Pick a demo identity. There are no passwords: this is not the real Globus.</p>
${view.restriction === undefined ? '' : html`<p class="note">${view.restriction}</p>`}
${items.length === 0 ? html`<p>No demo identity satisfies what ${view.clientName} requires.</p>` : html`<ul class="plain identities">${items}</ul>`}`,
  );
}
