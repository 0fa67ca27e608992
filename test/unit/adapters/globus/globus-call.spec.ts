import { expect } from 'chai';
import { globusBudgetDeadline, runWithGlobusBudget } from '../../../../src/adapters/globus/call-budget.js';
import { reportCall, type GlobusCall } from '../../../../src/adapters/globus/globus-call.js';

const call: GlobusCall = { service: 'auth', endpoint: 'token', status: 200, durationMs: 1 };

describe('reportCall', () => {
  it('hands the call to the observer', () => {
    const seen: GlobusCall[] = [];
    reportCall((c) => seen.push(c), call);
    expect(seen).to.deep.equal([call]);
  });

  it('swallows an observer that throws', () => {
    expect(() =>
      reportCall(() => {
        throw new Error('boom');
      }, call),
    ).not.to.throw();
  });

  it('does nothing without an observer', () => {
    expect(() => reportCall(undefined, call)).not.to.throw();
  });
});

describe('runWithGlobusBudget', () => {
  it('sets a deadline for the work, and none outside it', async () => {
    expect(globusBudgetDeadline()).to.equal(undefined);
    const before = Date.now();
    const deadline = await runWithGlobusBudget(1000, async () => globusBudgetDeadline());
    expect(deadline).to.be.within(before + 1000, Date.now() + 1000);
    expect(globusBudgetDeadline()).to.equal(undefined);
  });

  it('never extends an enclosing budget', async () => {
    const [outer, inner] = await runWithGlobusBudget(500, async () => [globusBudgetDeadline(), await runWithGlobusBudget(5000, async () => globusBudgetDeadline())]);
    expect(inner).to.equal(outer);
  });
});
