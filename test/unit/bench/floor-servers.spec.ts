import { expect } from 'chai';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { keepAliveAgent, send } from '../../../bench/lib/http-client.js';
import { freePort, spawnNode, waitFor200, type Child } from '../../../bench/lib/processes.js';

/** The bench's floor servers (bench/baseline-server.ts), as `npm run bench` starts them. */
describe('bench floor servers', function () {
  this.timeout(30_000);
  const agent = keepAliveAgent();
  const children: Child[] = [];

  async function startFloor(env: Record<string, string>): Promise<string> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const child = spawnNode('floor', 'bench/baseline-server.ts', { env: { PORT: String(port), ...env } });
    children.push(child);
    await waitFor200(url, child, performance.now());
    return url;
  }

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop()));
  });
  after(() => agent.destroy());

  for (const floor of ['bare', 'koa']) {
    it(`${floor}: answers the same fixed HTML page`, async () => {
      const url = await startFloor(floor === 'koa' ? { FLOOR: 'koa' } : {});
      const reply = await send(agent, url);
      expect(reply.status).to.equal(200);
      expect(reply.headers['content-type']).to.match(/^text\/html/);
      expect(reply.body).to.contain('<h1>Hello</h1>');
    });
  }

  describe('transfer: one upstream call per request', () => {
    let upstream: Server;
    let seen: IncomingHttpHeaders[];
    let upstreamStatus: number;

    beforeEach(async () => {
      seen = [];
      upstreamStatus = 200;
      upstream = createServer((req, res) => {
        seen.push(req.headers);
        res.writeHead(upstreamStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ DATA: [] }));
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    });
    afterEach(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

    const upstreamUrl = (): string => `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v0.10/endpoint_search?limit=50`;

    it('sends the Bearer token upstream for every request and answers the page', async () => {
      const url = await startFloor({ FLOOR: 'transfer', UPSTREAM_URL: upstreamUrl(), UPSTREAM_TOKEN: 'bench-token' });
      const before = seen.length; // waitFor200's probes call upstream too
      const replies = await Promise.all([send(agent, url), send(agent, url), send(agent, url)]);
      expect(replies.map((r) => r.status)).to.deep.equal([200, 200, 200]);
      expect(replies[0]?.body).to.contain('<h1>Hello</h1>');
      expect(seen.length - before).to.equal(3);
      expect(seen.every((h) => h.authorization === 'Bearer bench-token' && h.accept === 'application/json')).to.equal(true);
    });

    it('answers 502 when the upstream call fails, so the bench counts an error', async () => {
      const url = await startFloor({ FLOOR: 'transfer', UPSTREAM_URL: upstreamUrl(), UPSTREAM_TOKEN: 'bench-token' });
      upstreamStatus = 401;
      expect((await send(agent, url)).status).to.equal(502);
    });
  });
});
