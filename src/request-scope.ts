import { AsyncLocalStorage } from 'node:async_hooks';

/** What one browser request carries through every async call made while serving it. */
export interface RequestScope {
  /** Koa's `ctx.state`: the log context reads `requestId` from it. */
  readonly state?: unknown;
  /** Epoch-ms deadline for all the request's Globus calls together (adapters/globus/call-budget.ts). */
  readonly deadline?: number;
}

// One AsyncLocalStorage for both, on purpose: on Node 20 every active instance is copied onto
// each promise a request creates, so two cost twice what one does.
const scopes = new AsyncLocalStorage<RequestScope>();

export const currentRequestScope = (): RequestScope | undefined => scopes.getStore();

/** Runs `work` in the current scope with `changes` applied (a new scope when there is none). */
export const runInRequestScope = <T>(changes: RequestScope, work: () => T): T => scopes.run({ ...scopes.getStore(), ...changes }, work);
