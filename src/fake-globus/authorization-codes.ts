import { newAuthorizationCode } from './random.js';
import type { RequestedScope } from './scopes.js';

/** Everything a code stands for; checked again at the token endpoint. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  sub: string;
  scopes: RequestedScope[];
  offline: boolean;
  authTime: number;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

const CODE_TTL_MS = 10 * 60 * 1000;

/** Single-use authorization codes with a 10-minute lifetime. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, { grant: CodeGrant; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  issue(grant: CodeGrant): string {
    for (const [code, entry] of this.codes) if (entry.expiresAt <= this.now()) this.codes.delete(code);
    const code = newAuthorizationCode();
    this.codes.set(code, { grant, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  /** Any presentation consumes the code, even one that later fails a check, so it can never be replayed. */
  redeem(code: string): CodeGrant | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (entry === undefined || entry.expiresAt <= this.now()) return undefined;
    return entry.grant;
  }
}
