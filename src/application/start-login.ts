import type { LoginAttempt } from '../domain/login-attempt.js';
import { safeReturnPath } from '../domain/return-to.js';
import { asSessionId, type SessionId } from '../domain/session-id.js';
import type { LoginSettings } from './login-settings.js';
import type { Clock } from './ports/clock.js';
import type { IdentityProvider } from './ports/identity-provider.js';
import type { RandomSource } from './ports/random-source.js';
import type { TokenStore } from './ports/token-store.js';

export interface StartLoginInput {
  /** The browser's current session, if it has one. */
  readonly session: SessionId | undefined;
  /** Where the user wanted to go; only local paths are kept. */
  readonly returnTo?: string | undefined;
  /** Extra scopes a resource server asked for (consent required). */
  readonly extraScopes?: readonly string[];
}

export interface StartLoginOutput {
  readonly session: SessionId;
  readonly authorizationUrl: string;
}

/** Begins the authorize leg: fresh state, nonce and PKCE verifier, remembered server-side. */
export class StartLogin {
  constructor(
    private readonly idp: IdentityProvider,
    private readonly store: TokenStore,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly settings: LoginSettings,
  ) {}

  async execute(input: StartLoginInput): Promise<StartLoginOutput> {
    const session = input.session ?? asSessionId(this.random.token(32));
    const scopes = [...new Set([...this.settings.scopes, ...(input.extraScopes ?? []).filter((s) => this.isDependentOfOurs(s))])];
    const codeVerifier = this.settings.pkce ? this.random.token(48) : undefined;
    const attempt: LoginAttempt = {
      state: this.random.token(32),
      nonce: this.random.token(32),
      ...(codeVerifier ? { codeVerifier } : {}),
      returnTo: safeReturnPath(input.returnTo),
      scopes,
      createdAt: this.clock.now(),
    };
    await this.store.putAttempt(session, attempt);
    const authorizationUrl = this.idp.authorizationUrl({
      state: attempt.state,
      nonce: attempt.nonce,
      scopes,
      ...(codeVerifier ? { codeVerifier } : {}),
      offline: this.settings.refreshTokens,
    });
    return { session, authorizationUrl };
  }

  /**
   * Extra scopes arrive in a URL, so only dependent forms of the configured scopes are
   * accepted (what ConsentRequired asks for, e.g. `transfer…:all[*…/data_access]`); a link
   * cannot widen what this app asks users to grant.
   */
  private isDependentOfOurs(scope: string): boolean {
    return this.settings.scopes.some((own) => scope.startsWith(`${own}[`) && scope.endsWith(']'));
  }
}
