/**
 * The floors: the least this machine can do for a kind of request, nothing computed per request.
 * FLOOR unset: one fixed small HTML page from bare node:http (the fastest this machine answers
 * HTTP). FLOOR=koa: the same page from a bare Koa app (the least any Koa app costs, before a
 * single middleware). FLOOR=transfer: bare node:http that, for each request, makes one keep-alive
 * GET to UPSTREAM_URL with UPSTREAM_TOKEN as Bearer (the fake Transfer's endpoint search), parses
 * the JSON and answers the fixed page: the least any app that calls Transfer per page costs.
 * PORT from the environment.
 */
import { Agent, createServer, get, type RequestListener } from 'node:http';
import Koa from 'koa';

const page = Buffer.from(
  `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Baseline</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header><a href="/">Globus Login Demo</a></header>
<main><h1>Hello</h1><p>A fixed page: nothing is computed per request, the floor under every page.</p></main>
</body>
</html>
`,
  'utf8',
);
const pageHeaders = { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length, 'cache-control': 'no-store' };

const bare: RequestListener = (_req, res) => {
  res.writeHead(200, pageHeaders);
  res.end(page);
};

function koaFloor(): RequestListener {
  const app = new Koa();
  app.use((ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = page;
  });
  const handle = app.callback();
  return (req, res) => void handle(req, res);
}

/** One upstream call per request, on a keep-alive pool shaped like the app's Globus pool. */
function transferFloor(upstream: string, token: string): RequestListener {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo' });
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  return (_req, res) => {
    const fail = (): void => {
      res.writeHead(502).end();
    };
    get(upstream, { agent, headers }, (upstreamRes) => {
      const chunks: Buffer[] = [];
      upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
      upstreamRes.on('end', () => {
        try {
          if (upstreamRes.statusCode !== 200) throw new Error(`upstream ${upstreamRes.statusCode}`);
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return fail();
        }
        bare(_req, res);
      });
    }).on('error', fail);
  };
}

function listener(floor: string | undefined): RequestListener {
  if (floor === 'koa') return koaFloor();
  if (floor === 'transfer') return transferFloor(process.env['UPSTREAM_URL'] ?? '', process.env['UPSTREAM_TOKEN'] ?? '');
  return bare;
}

const server = createServer(listener(process.env['FLOOR']));
server.keepAliveTimeout = 5000;
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
