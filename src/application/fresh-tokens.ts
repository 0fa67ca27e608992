import { GrantRejected } from '../domain/errors.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { SessionId } from '../domain/session-id.js';
import type { Token } from '../domain/token.js';
import type { UserSession } from '../domain/user-session.js';
import type { LoginSettings } from './login-settings.js';
import { silentAuthEvents, type AuthEvents } from './ports/auth-events.js';
import type { Clock } from './ports/clock.js';
import type { IdentityProvider } from './ports/identity-provider.js';
import type { TokenStore } from './ports/token-store.js';
import { revokeSessionTokens } from './revoke-all.js';

export type FreshTokenFailure = 'not-logged-in' | 'login-required';

/** A usable token and the logged-in session it belongs to (with that token in it). */
export interface SessionToken {
  readonly user: UserSession;
  readonly token: Token;
}

/**
 * Hands out a usable access token for a resource server, refreshing it first when it is
 * about to expire. Concurrent callers of one session share a single refresh.
 */
export class FreshTokens {
  private readonly inFlight = new Map<string, Promise<Result<Token, FreshTokenFailure>>>();

  constructor(
    private readonly idp: IdentityProvider,
    private readonly store: TokenStore,
    private readonly clock: Clock,
    private readonly settings: LoginSettings,
    private readonly events: AuthEvents = silentAuthEvents,
  ) {}

  /** A token valid for at least the configured margin, or why there is none. */
  async get(session: SessionId, resourceServer: string): Promise<Result<Token, FreshTokenFailure>> {
    const found = await this.getWithSession(session, resourceServer);
    return found.ok ? ok(found.value.token) : found;
  }

  /**
   * Like `get`, with the session the token was read from, so a caller that also shows who is
   * logged in needs no second store read (each read opens the sealed record).
   */
  async getWithSession(session: SessionId, resourceServer: string): Promise<Result<SessionToken, FreshTokenFailure>> {
    const user = await this.store.getSession(session);
    if (!user) return fail('not-logged-in');
    const token = user.tokens[resourceServer];
    if (!token) return fail('login-required');
    if (this.isUsable(token)) return ok({ user, token });
    const fresh = await this.refresh(session, token);
    if (!fresh.ok) return fresh;
    return ok({ user: { ...user, tokens: { ...user.tokens, [resourceServer]: fresh.value } }, token: fresh.value });
  }

  /** Refreshes even an unexpired token (the resource server refused it). */
  async refresh(session: SessionId, stale: Token): Promise<Result<Token, FreshTokenFailure>> {
    const key = `${session}\u0000${stale.resourceServer}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const attempt = this.doRefresh(session, stale).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, attempt);
    return attempt;
  }

  private async doRefresh(session: SessionId, stale: Token): Promise<Result<Token, FreshTokenFailure>> {
    // Another request (or instance) may have refreshed since `stale` was read.
    const current = (await this.store.getSession(session))?.tokens[stale.resourceServer];
    if (current && current.accessToken !== stale.accessToken && this.isUsable(current)) return ok(current);
    if (!stale.refreshToken) return fail('login-required');
    let fresh: Token;
    try {
      fresh = await this.idp.refresh(stale.refreshToken);
      this.events.tokenRefreshed('success');
    } catch (error) {
      this.events.tokenRefreshed(error instanceof GrantRejected ? 'rejected' : 'failed');
      if (!(error instanceof GrantRejected)) throw error; // transient: keep the session
      await this.endSession(session);
      return fail('login-required');
    }
    const user = await this.store.getSession(session);
    if (!user) return fail('not-logged-in'); // logged out while we refreshed
    const kept: Token = fresh.refreshToken ? fresh : { ...fresh, refreshToken: stale.refreshToken };
    await this.store.putSession(session, { ...user, tokens: { ...user.tokens, [kept.resourceServer]: kept } });
    return ok(kept);
  }

  private isUsable(token: Token): boolean {
    return token.expiresAt - this.settings.expiryMarginMs > this.clock.now();
  }

  /** The grant is dead: revoke what else the session holds, then forget it. */
  private async endSession(session: SessionId): Promise<void> {
    const user = await this.store.getSession(session);
    if (user) await revokeSessionTokens(this.idp, user, this.events);
    await this.store.clear(session);
  }
}
