/**
 * The floors: one fixed small HTML page, with the same kind of headers a real page carries,
 * from bare node:http (FLOOR unset: the fastest this machine answers HTTP) or from a bare Koa
 * app (FLOOR=koa: the least any Koa app costs, before a single middleware). Nothing is computed
 * per request. PORT from the environment.
 */
import { createServer, type RequestListener } from 'node:http';
import Koa from 'koa';

const koa = process.env['FLOOR'] === 'koa';
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

const bare: RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length, 'cache-control': 'no-store' });
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

const server = createServer(koa ? koaFloor() : bare);
server.keepAliveTimeout = 5000;
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
