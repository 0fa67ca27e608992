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
