/**
 * Failures that adapters throw and use cases or the HTTP edge translate.
 * Messages never carry tokens, codes or secrets.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name; // logs read "UpstreamUnavailable: …", not "Error: …"
  }
}

/** Globus (or the store) could not be reached, timed out, or answered 5xx. */
export class UpstreamUnavailable extends DomainError {
  readonly kind = 'upstream-unavailable';
  constructor(
    readonly service: string,
    readonly timedOut = false,
  ) {
    super(`${service} is unavailable${timedOut ? ' (timed out)' : ''}`);
  }
}

/** Globus Auth refused a code or refresh token (`invalid_grant`): the user must log in again. */
export class GrantRejected extends DomainError {
  readonly kind = 'grant-rejected';
  constructor() {
    super('Globus Auth rejected the grant');
  }
}

/** Globus Auth refused our client credentials: a configuration problem, not the user's. */
export class ClientRejected extends DomainError {
  readonly kind = 'client-rejected';
  constructor() {
    super('Globus Auth rejected the client credentials');
  }
}

/** A resource server refused the access token (`AuthenticationFailed`). */
export class TokenRejected extends DomainError {
  readonly kind = 'token-rejected';
  constructor(readonly resourceServer: string) {
    super(`${resourceServer} rejected the access token`);
  }
}

/** A resource server needs more consent; the user must log in again with these scopes. */
export class ConsentRequired extends DomainError {
  readonly kind = 'consent-required';
  constructor(readonly requiredScopes: readonly string[]) {
    super('additional consent is required');
  }
}

/** The id_token failed verification (signature, issuer, audience, time, nonce). */
export class IdTokenInvalid extends DomainError {
  readonly kind = 'id-token-invalid';
  constructor(readonly reason: string) {
    super(`id_token rejected: ${reason}`);
  }
}

/** Globus answered something we could not understand. */
export class UpstreamProtocolError extends DomainError {
  readonly kind = 'upstream-protocol-error';
  constructor(
    readonly service: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(`${service} answered ${status}${code ? ` (${code})` : ''}`);
  }
}
