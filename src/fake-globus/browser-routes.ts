import type Router from '@koa/router';
import type { Context } from 'koa';
import { identityBySub, identityByUsername, DEMO_IDENTITIES } from './identities.js';
import { sendPage, sendStylesheet, STYLESHEET_PATH } from './page-response.js';
import { consentPage } from './pages/consent-page.js';
import { errorPage } from './pages/error-page.js';
import { signInPage } from './pages/sign-in-page.js';
import { withParams } from './redirect-url.js';
import { formBody, paramValue, queryParams } from './request-body.js';
import { requestOrigin } from './request-origin.js';
import { describeRequestedScope } from './scope-descriptions.js';
import type { FakeServices } from './services.js';
import { restrictionNote, satisfiesSession } from './session-requirements.js';

function expired(ctx: Context): void {
  sendPage(ctx, 400, errorPage('Sign-in request expired', 'This sign-in request is unknown or has expired. Go back to the application and log in again.'));
}

/** 303 to one of our own pages, as an absolute URL so plain HTTP clients need not resolve it. */
function seeOther(ctx: Context, path: string): void {
  ctx.redirect(`${requestOrigin(ctx)}${path}`);
  ctx.status = 303;
}

/** The fake's own sign-in and consent pages (the part of the browser leg that real Globus hosts). */
export function registerBrowserRoutes(router: Router, services: FakeServices): void {
  const { pending, clients, signIns, codes } = services;
  const clientName = (clientId: string): string => {
    const client = clients.find(clientId);
    return client === undefined ? clientId : clients.displayName(client);
  };

  router.get(STYLESHEET_PATH, (ctx) => sendStylesheet(ctx, services.styles));

  router.get('/fake/sign-in', (ctx) => {
    const requestId = paramValue(queryParams(ctx), 'request') ?? '';
    const entry = pending.get(requestId);
    if (entry === undefined) return expired(ctx);
    const { request } = entry;
    const forceLogin = request.prompt === 'login';
    const eligible = DEMO_IDENTITIES.filter((identity) => satisfiesSession(identity, request));
    const rememberedSub = signIns.recall(ctx);
    const remembered = forceLogin || rememberedSub === undefined ? undefined : eligible.find((identity) => identity.sub === rememberedSub);
    const restriction = restrictionNote(request);
    sendPage(
      ctx,
      200,
      signInPage({
        requestId,
        clientName: clientName(request.clientId),
        identities: eligible,
        forceLogin,
        mfaRequired: request.requireMfa,
        ...(remembered === undefined ? {} : { remembered }),
        ...(request.sessionMessage === undefined ? {} : { sessionMessage: request.sessionMessage }),
        ...(restriction === undefined ? {} : { restriction }),
      }),
    );
  });

  router.post('/fake/sign-in', (ctx) => {
    const form = formBody(ctx) ?? new URLSearchParams();
    const requestId = paramValue(form, 'request') ?? '';
    const entry = pending.get(requestId);
    if (entry === undefined) return expired(ctx);
    const identity = identityByUsername(paramValue(form, 'identity') ?? '');
    if (identity === undefined || !satisfiesSession(identity, entry.request)) {
      return sendPage(ctx, 400, errorPage('Cannot sign in', 'That identity is unknown or not allowed for this request.'));
    }
    pending.signIn(requestId, identity.sub);
    signIns.remember(ctx, identity.sub);
    seeOther(ctx, `/fake/consent?request=${encodeURIComponent(requestId)}`);
  });

  router.get('/fake/consent', (ctx) => {
    const requestId = paramValue(queryParams(ctx), 'request') ?? '';
    const entry = pending.get(requestId);
    if (entry === undefined) return expired(ctx);
    const identity = entry.signedIn === undefined ? undefined : identityBySub(entry.signedIn.sub);
    if (identity === undefined) return seeOther(ctx, `/fake/sign-in?request=${encodeURIComponent(requestId)}`);
    sendPage(
      ctx,
      200,
      consentPage({
        requestId,
        clientName: clientName(entry.request.clientId),
        identity,
        scopes: entry.request.scopes.map(describeRequestedScope),
        offline: entry.request.offline,
      }),
    );
  });

  router.post('/fake/consent', (ctx) => {
    const form = formBody(ctx) ?? new URLSearchParams();
    const requestId = paramValue(form, 'request') ?? '';
    const decision = paramValue(form, 'decision');
    const entry = pending.get(requestId);
    if (entry?.signedIn === undefined) return expired(ctx);
    if (decision !== 'allow' && decision !== 'deny') {
      return sendPage(ctx, 400, errorPage('No decision', 'Choose Allow or Deny.'));
    }
    pending.take(requestId);
    const { request } = entry;
    if (decision === 'deny') {
      const description = 'The user denied the request for access';
      ctx.redirect(withParams(request.redirectUri, { error: 'access_denied', error_description: description, state: request.state }));
      return;
    }
    const code = codes.issue({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      sub: entry.signedIn.sub,
      scopes: request.scopes,
      offline: request.offline,
      authTime: entry.signedIn.at,
      ...(request.state === undefined ? {} : { state: request.state }),
      ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
      ...(request.codeChallenge === undefined ? {} : { codeChallenge: request.codeChallenge }),
      ...(request.codeChallengeMethod === undefined ? {} : { codeChallengeMethod: request.codeChallengeMethod }),
    });
    ctx.redirect(withParams(request.redirectUri, { code, state: request.state }));
  });
}
