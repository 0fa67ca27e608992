import type { Container } from 'inversify';
import { runWithGlobusBudget } from '../../../src/adapters/globus/call-budget.js';
import { CompleteLogin } from '../../../src/application/complete-login.js';
import { ListEndpoints } from '../../../src/application/list-endpoints.js';
import { Logout } from '../../../src/application/logout.js';

type Executable = { execute(...args: never[]): Promise<unknown> };

/** The same use case object, its `execute` run inside a Globus request budget. */
function budgeted<T extends Executable>(inner: T, ms: number): T {
  const wrapper = Object.create(inner) as T;
  const execute = inner.execute.bind(inner) as (...args: unknown[]) => Promise<unknown>;
  Object.defineProperty(wrapper, 'execute', { value: (...args: unknown[]) => runWithGlobusBudget(ms, () => execute(...args)) });
  return wrapper;
}

/**
 * A `prepare` hook giving every use case that calls Globus one budget per execution: what the
 * composition root should do (see docs/operations.md ("When Globus misbehaves")), so tests can show its effect.
 */
export function withGlobusRequestBudget(ms: number): (c: Container) => void {
  return (c) => {
    const listEndpoints = c.get(ListEndpoints);
    const completeLogin = c.get(CompleteLogin);
    const logout = c.get(Logout);
    c.rebind(ListEndpoints).toConstantValue(budgeted(listEndpoints, ms));
    c.rebind(CompleteLogin).toConstantValue(budgeted(completeLogin, ms));
    c.rebind(Logout).toConstantValue(budgeted(logout, ms));
  };
}
