import { GrantRejected, IdTokenInvalid } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import { isAttemptExpired } from '../domain/login-attempt.js';
import { fail, ok, type Result } from '../domain/result.js';
import { asSessionId, type SessionId } from '../domain/session-id.js';
import { indexByResourceServer, revocablesOf, type Token } from '../domain/token.js';
import type { UserSession } from '../domain/user-session.js';
import { silentAuthEvents, type AuthEvents } from './ports/auth-events.js';
import type { Clock } from './ports/clock.js';
import type { IdentityProvider } from './ports/identity-provider.js';
import type { RandomSource } from './ports/random-source.js';
import type { TokenStore } from './ports/token-store.js';
import { revokeAll } from './revoke-all.js';

export interface CompleteLoginInput {
  readonly session: SessionId | undefined;
  readonly state: string;
  /** The callback carries either a code or an OAuth `error` (e.g. access_denied). */
  readonly outcome: { readonly code: string } | { readonly error: string };
}

export interface CompletedLogin {
  /** The new session id: login always rotates it (no session fixation). */
  readonly session: SessionId;
  readonly identity: Identity;
  readonly returnTo: string;
}

export type CompleteLoginFailure =
  | 'no-pending-login'
  | 'login-expired'
  | 'declined'
  | 'code-rejected'
  | 'id-token-invalid';

/** Redeems the callback: checks the pending login, exchanges the code, verifies who logged in. */
export class CompleteLogin {
  constructor(
    private readonly idp: IdentityProvider,
    private readonly store: TokenStore,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly events: AuthEvents = silentAuthEvents,
  ) {}

  async execute(input: CompleteLoginInput): Promise<Result<CompletedLogin, CompleteLoginFailure>> {
    try {
      const result = await this.complete(input);
      this.events.loginFinished(result.ok ? 'success' : result.error);
      return result;
    } catch (error) {
      this.events.loginFinished('upstream-error');
      throw error;
    }
  }

  private async complete(input: CompleteLoginInput): Promise<Result<CompletedLogin, CompleteLoginFailure>> {
    if (!input.session) return fail('no-pending-login');
    // Taking the attempt deletes it, so a replayed callback finds nothing.
    const attempt = await this.store.takeAttempt(input.session, input.state);
    if (!attempt) return fail('no-pending-login');
    if (isAttemptExpired(attempt, this.clock.now())) return fail('login-expired');
    // An error is only believed once the state proved the callback is ours.
    if ('error' in input.outcome) return fail('declined');

    let tokens: readonly Token[];
    let idToken: string | null;
    try {
      ({ tokens, idToken } = await this.idp.exchangeCode(input.outcome.code, attempt.codeVerifier));
    } catch (error) {
      if (error instanceof GrantRejected) return fail('code-rejected');
      throw error;
    }

    let identity: Identity;
    try {
      if (!idToken) throw new IdTokenInvalid('missing');
      identity = await this.idp.verifyIdToken(idToken, attempt.nonce);
    } catch (error) {
      // Tokens we will not keep must not stay alive at Globus.
      await revokeAll(this.idp, revocablesOf(tokens), this.events);
      if (error instanceof IdTokenInvalid) return fail('id-token-invalid');
      throw error;
    }

    const previous = await this.store.getSession(input.session);
    const user: UserSession = {
      identity,
      tokens: indexByResourceServer(tokens),
      grantedScopes: [...new Set(tokens.flatMap((t) => t.scope.split(' ').filter(Boolean)))],
      loggedInAt: this.clock.now(),
    };
    const session = asSessionId(this.random.token(32));
    await this.store.rotate(input.session, session);
    await this.store.putSession(session, user);
    if (previous) {
      // A re-login replaces the old session wholesale; its superseded tokens are revoked.
      const kept = new Set(revocablesOf(tokens).map((r) => r.token));
      const superseded = revocablesOf(Object.values(previous.tokens)).filter((r) => !kept.has(r.token));
      await revokeAll(this.idp, superseded, this.events);
    }
    return ok({ session, identity, returnTo: attempt.returnTo });
  }
}
