import { expect } from 'chai';
import Koa from 'koa';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { globusBudgetDeadline, globusBudgetMiddleware, runWithGlobusBudget } from '../../../../src/adapters/globus/call-budget.js';
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

describe('globusBudgetMiddleware', () => {
  it('gives every Koa request its own budget', async () => {
    const app = new Koa();
    const middleware: Koa.Middleware = globusBudgetMiddleware(1500);
    app.use(middleware);
    app.use((ctx) => {
      ctx.body = { remaining: (globusBudgetDeadline() ?? 0) - Date.now() };
    });
    const handle = app.callback();
    const server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const first = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { remaining: number };
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { remaining: number };
      expect(first.remaining).to.be.within(1000, 1500);
      expect(second.remaining, 'a fresh budget, not what the first request left').to.be.within(1000, 1500);
    } finally {
      server.close();
    }
  });
});
