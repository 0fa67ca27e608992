import { currentRequestScope, runInRequestScope } from '../../request-scope.js';

/**
 * A time budget shared by every Globus call made while serving one browser request. Each call
 * already has its own connect and total timeouts; the budget caps their sum, so a request that
 * needs several calls (refresh, search, refresh again, search again) still answers in time.
 */
export const DEFAULT_GLOBUS_REQUEST_BUDGET_MS = 25_000;

/** Runs `work` with at most `ms` for all its Globus calls (an enclosing budget still applies). */
export function runWithGlobusBudget<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const outer = currentRequestScope()?.deadline ?? Number.POSITIVE_INFINITY;
  return runInRequestScope({ deadline: Math.min(Date.now() + ms, outer) }, work);
}

/** The epoch-ms deadline of the current budget, if the caller runs inside one. */
export function globusBudgetDeadline(): number | undefined {
  return currentRequestScope()?.deadline;
}

/** Koa-compatible middleware giving each request one budget for its Globus calls. */
export function globusBudgetMiddleware(ms: number = DEFAULT_GLOBUS_REQUEST_BUDGET_MS): (ctx: unknown, next: () => Promise<unknown>) => Promise<unknown> {
  return (_ctx, next) => runWithGlobusBudget(ms, next);
}
