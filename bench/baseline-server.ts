/**
 * The floor: bare node:http answering one fixed small HTML page, with the same kind of
 * headers a real page carries. Nothing is computed per request. PORT from the environment.
 */
import { createServer } from 'node:http';

const page = Buffer.from(
  `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Baseline</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header><a href="/">Globus Login Demo</a></header>
<main><h1>Hello</h1><p>A fixed page from bare node:http: the fastest this machine answers HTTP.</p></main>
</body>
</html>
`,
  'utf8',
);

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length, 'cache-control': 'no-store' });
  res.end(page);
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
