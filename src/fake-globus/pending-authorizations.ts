import { randomAlnum } from './random.js';
import type { RequestedScope } from './scopes.js';

/** A validated /authorize request waiting for the user to sign in and consent. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: RequestedScope[];
  /** access_type=offline or the offline_access scope: issue refresh tokens. */
  offline: boolean;
  state?: string;
  nonce?: string;
  prompt?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  sessionMessage?: string;
  requiredIdentities: string[];
  requiredDomains: string[];
  requiredPolicies: string[];
  requireMfa: boolean;
}

interface Pending {
  request: AuthorizeRequest;
  createdAt: number;
  /** Set once the user picked an identity on the sign-in page. */
  signedIn?: { sub: string; at: number };
}

const PENDING_TTL_MS = 30 * 60 * 1000;

/** Browser-leg state, keyed by the random `request` id carried through the sign-in and consent pages. */
export class PendingAuthorizations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number) {}

  add(request: AuthorizeRequest): string {
    this.sweep();
    const id = randomAlnum(24);
    this.pending.set(id, { request, createdAt: this.now() });
    return id;
  }

  get(id: string): Pending | undefined {
    const entry = this.pending.get(id);
    if (entry === undefined || this.now() - entry.createdAt > PENDING_TTL_MS) return undefined;
    return entry;
  }

  signIn(id: string, sub: string): void {
    const entry = this.get(id);
    if (entry !== undefined) entry.signedIn = { sub, at: this.now() };
  }

  /** Removes it: a request ends in exactly one redirect back to the app. */
  take(id: string): Pending | undefined {
    const entry = this.get(id);
    this.pending.delete(id);
    return entry;
  }

  private sweep(): void {
    for (const [id, entry] of this.pending) {
      if (this.now() - entry.createdAt > PENDING_TTL_MS) this.pending.delete(id);
    }
  }
}
