import type { ClientRegistry } from './clients.js';
import type { AuthorizeRequest } from './pending-authorizations.js';
import { singleParam } from './request-body.js';
import { parseScopeParameter } from './scopes.js';

export type AuthorizeOutcome =
  /** Shown in the browser; the app is NOT told (unknown client, unregistered redirect URI). */
  | { kind: 'page'; title: string; message: string; code: string }
  /** Redirected back to the (verified) redirect URI with ?error=... */
  | { kind: 'redirect-error'; redirectUri: string; error: string; description: string; state?: string }
  | { kind: 'ok'; request: AuthorizeRequest };

const PKCE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;
const FAILURE = 'OAUTH_AUTH_REQUEST_FAILURE';

function list(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** Validate GET /v2/oauth2/authorize like Globus: client and redirect URI first, then everything else. */
export function validateAuthorize(params: URLSearchParams, clients: ClientRegistry): AuthorizeOutcome {
  const clientId = singleParam(params, 'client_id');
  const client = clientId.kind === 'value' ? clients.find(clientId.value) : undefined;
  if (client === undefined) {
    return { kind: 'page', title: 'Unknown client', message: 'The client_id in this request is missing or not registered with Globus.', code: FAILURE };
  }
  const redirect = singleParam(params, 'redirect_uri');
  if (redirect.kind !== 'value' || !client.redirect_uris.includes(redirect.value)) {
    return { kind: 'page', title: 'Mismatching redirect URI', message: 'The redirect_uri does not match any redirect URI registered for this client.', code: FAILURE };
  }
  const redirectUri = redirect.value;
  const state = singleParam(params, 'state');
  const fail = (error: string, description: string): AuthorizeOutcome => ({
    kind: 'redirect-error',
    redirectUri,
    error,
    description,
    ...(state.kind === 'value' ? { state: state.value } : {}),
  });

  const repeated = [...new Set(params.keys())].find((name) => params.getAll(name).length > 1);
  if (repeated !== undefined) return fail('invalid_request', `Parameter '${repeated}' was given more than once`);
  const get = (name: string): string | undefined => params.get(name) ?? undefined;

  const responseType = get('response_type');
  if (responseType === undefined) return fail('invalid_request', 'response_type is required');
  if (responseType !== 'code') return fail('unsupported_response_type', `response_type '${responseType}' is not supported`);

  const rawScope = get('scope');
  if (rawScope === undefined || rawScope.trim() === '') return fail('invalid_request', 'scope is required');
  const scopes = parseScopeParameter(rawScope);
  if (!scopes.ok) return fail('invalid_scope', `Unknown or malformed scope '${scopes.invalid}'`);

  const accessType = get('access_type') ?? 'online';
  if (accessType !== 'online' && accessType !== 'offline') return fail('invalid_request', "access_type must be 'online' or 'offline'");

  const challenge = get('code_challenge');
  const method = get('code_challenge_method');
  if (challenge === undefined && method !== undefined) return fail('invalid_request', 'code_challenge_method without code_challenge');
  if (challenge !== undefined && !PKCE_CHALLENGE.test(challenge)) return fail('invalid_request', 'code_challenge is malformed');
  if (method !== undefined && method !== 'S256' && method !== 'plain') return fail('invalid_request', "code_challenge_method must be 'S256' or 'plain'");
  if (client.client_secret === undefined && challenge === undefined) return fail('invalid_request', 'Public clients must use PKCE (code_challenge)');

  const mfa = get('session_required_mfa')?.toLowerCase();
  if (mfa !== undefined && mfa !== 'true' && mfa !== 'false') return fail('invalid_request', 'session_required_mfa must be true or false');

  const request: AuthorizeRequest = {
    clientId: client.client_id,
    redirectUri,
    scopes: scopes.scopes,
    offline: accessType === 'offline' || scopes.offlineAccess,
    requiredIdentities: list(get('session_required_identities')),
    requiredDomains: list(get('session_required_single_domain')).map((domain) => domain.toLowerCase()),
    requiredPolicies: list(get('session_required_policies')),
    requireMfa: mfa === 'true',
  };
  const [stateValue, nonce, prompt, sessionMessage] = [get('state'), get('nonce'), get('prompt'), get('session_message')];
  if (stateValue !== undefined) request.state = stateValue;
  if (nonce !== undefined) request.nonce = nonce;
  if (prompt !== undefined) request.prompt = prompt;
  if (sessionMessage !== undefined) request.sessionMessage = sessionMessage;
  if (challenge !== undefined) {
    request.codeChallenge = challenge;
    request.codeChallengeMethod = method === 'S256' ? 'S256' : 'plain';
  }
  return { kind: 'ok', request };
}
