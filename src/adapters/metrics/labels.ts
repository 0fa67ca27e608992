/** Why a finished login failed, as CompleteLogin reports it; anything else counts as `other`. */
export const LOGIN_FAILURE_REASONS = ['no-pending-login', 'login-expired', 'declined', 'code-rejected', 'id-token-invalid'] as const;

const FAILURES: ReadonlySet<string> = new Set(LOGIN_FAILURE_REASONS);

/**
 * The labels of one finished login: `success`/`none`, `failure`/<reason>, or `error`/`upstream-error`
 * (Globus or the store failed). Unknown outcomes fold into `failure`/`other`: labels stay bounded.
 */
export function loginLabels(outcome: string): { outcome: 'success' | 'failure' | 'error'; reason: string } {
  if (outcome === 'success') return { outcome: 'success', reason: 'none' };
  if (outcome === 'upstream-error') return { outcome: 'error', reason: 'upstream-error' };
  return { outcome: 'failure', reason: FAILURES.has(outcome) ? outcome : 'other' };
}

/** A value fit to be a label (short, plain characters), else `other`. */
export const boundedLabel = (value: string): string => (/^[A-Za-z0-9._:/-]{1,64}$/.test(value) ? value : 'other');

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The HTTP method, or `OTHER` for anything a client made up. */
export const methodLabel = (method: string): string => (METHODS.has(method) ? method : 'OTHER');
