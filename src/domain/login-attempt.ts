/** A login that StartLogin began and CompleteLogin may finish once. */
export interface LoginAttempt {
  readonly state: string;
  readonly nonce: string;
  /** PKCE verifier; absent when PKCE is switched off by configuration. */
  readonly codeVerifier?: string;
  /** Local path to return to after login. */
  readonly returnTo: string;
  /** Scopes asked for in this attempt. */
  readonly scopes: readonly string[];
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/** How long a pending login may wait for its callback. */
export const LOGIN_ATTEMPT_TTL_MS = 10 * 60 * 1000;

export const isAttemptExpired = (attempt: LoginAttempt, now: number): boolean =>
  now - attempt.createdAt > LOGIN_ATTEMPT_TTL_MS;
