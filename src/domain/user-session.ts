import type { Identity } from './identity.js';
import type { TokensByResourceServer } from './token.js';

/** What the server keeps for a logged-in browser session. */
export interface UserSession {
  readonly identity: Identity;
  readonly tokens: TokensByResourceServer;
  /** Scopes granted, across all tokens. */
  readonly grantedScopes: readonly string[];
  /** Epoch milliseconds. */
  readonly loggedInAt: number;
}

/** What pages show about a logged-in session: everything but the tokens, so reading it needs no decryption. */
export type SessionProfile = Omit<UserSession, 'tokens'>;

/** The profile part of a session. */
export const profileOf = ({ identity, grantedScopes, loggedInAt }: UserSession): SessionProfile => ({ identity, grantedScopes, loggedInAt });
