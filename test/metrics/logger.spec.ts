import { expect } from 'chai';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { globusBudgetDeadline, runWithGlobusBudget } from '../../src/adapters/globus/call-budget.js';
import { createLogger, requestLogContext } from '../../src/logger.js';

function capture(): { sink: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { sink, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('Logger', () => {
  it('adds the request id to every line logged while a request is served, even without it in the call', async () => {
    const { sink, lines } = capture();
    const logger = createLogger('info', sink);
    const app = new Koa();
    app.use(requestLogContext());
    app.use(async (ctx, next) => {
      (ctx.state as Record<string, unknown>)['requestId'] = 'abcdef0123456789';
      await next();
    });
    let deadlineInside: number | undefined;
    app.use(async (ctx) => {
      logger.info({}, 'inside, before an await');
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.warn({ requestId: 'explicit' }, 'an explicit id wins');
      // The Globus call budget shares the request's scope: entering it keeps the log context.
      await runWithGlobusBudget(1000, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        deadlineInside = globusBudgetDeadline();
        logger.info({}, 'inside a Globus budget');
      });
      ctx.body = 'ok';
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    logger.info({}, 'outside any request');
    const [inside, explicit, budgeted, outside] = lines();
    expect(inside).to.include({ msg: 'inside, before an await', requestId: 'abcdef0123456789' });
    expect(explicit).to.include({ msg: 'an explicit id wins', requestId: 'explicit' });
    expect(budgeted).to.include({ msg: 'inside a Globus budget', requestId: 'abcdef0123456789' });
    expect(deadlineInside).to.be.a('number');
    expect(globusBudgetDeadline()).to.equal(undefined);
    expect(outside).to.not.have.property('requestId');
  });

  it('redacts secrets should they ever be logged by mistake', () => {
    const { sink, lines } = capture();
    const logger = createLogger('info', sink);
    logger.info(
      {
        code: 'the-code',
        headers: { authorization: 'Bearer tok', cookie: 'sid=abc', 'set-cookie': 'sid=abc' },
        body: { access_token: 'at', refresh_token: 'rt', id_token: 'it', client_secret: 'cs' },
        client_secret: 'cs2',
        sessionSecret: 'ss',
        tokenEncryptionKeys: 'k',
        metricsToken: 'mt',
      },
      'oops',
    );
    const text = JSON.stringify(lines()[0]);
    for (const secret of ['the-code', 'Bearer tok', 'sid=abc', '"at"', '"rt"', '"it"', '"cs"', 'cs2', '"ss"', '"k"', '"mt"']) {
      expect(text).to.not.contain(secret);
    }
    expect(text).to.contain('[redacted]');
  });
});
