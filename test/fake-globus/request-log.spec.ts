import { expect } from 'chai';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { RequestLog } from '../../src/fake-globus/inspector.js';
import { TokenRegistry } from '../../src/fake-globus/token-registry.js';

describe('fake Globus request log', () => {
  it('keeps only the newest requests up to its limit, so a fake under load stays bounded', async () => {
    const log = new RequestLog(new TokenRegistry(Date.now), 3);
    const app = new Koa();
    app.use(log.middleware);
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (let i = 1; i <= 8; i += 1) await (await fetch(`http://127.0.0.1:${port}/r${i}`)).text();
      expect(log.requests().map((r) => r.path)).to.deep.equal(['/r6', '/r7', '/r8']);
      expect(log.requests().every((r) => r.status === 200)).to.equal(true);
    } finally {
      server.close();
    }
  });
});
