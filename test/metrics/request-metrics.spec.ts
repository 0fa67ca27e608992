import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { AppMetrics } from '../../src/adapters/metrics/app-metrics.js';
import { requestMetrics } from '../../src/adapters/metrics/request-metrics.js';
import { parsePrometheus, valueOf } from '../scale/support/prometheus-text.js';

describe('Request metrics middleware', () => {
  it('labels requests with the route template, the method and the status; unrouted ones as `unmatched`', async () => {
    const metrics = new AppMetrics({ sessionsActive: () => 0, processMetrics: false });
    const app = new Koa();
    app.silent = true;
    const router = new Router();
    router.get('/things/:id', (ctx) => {
      ctx.body = { id: ctx.params['id'] };
    });
    router.post('/boom', () => {
      throw new Error('boom');
    });
    app.use(requestMetrics(metrics));
    app.use(router.routes());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/things/42?secret=x`)).status).to.equal(200);
      expect((await fetch(`${base}/things/43`)).status).to.equal(200);
      expect((await fetch(`${base}/elsewhere/44`)).status).to.equal(404);
      expect((await fetch(`${base}/boom`, { method: 'POST' })).status).to.equal(500);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const samples = parsePrometheus(await metrics.render());
    const count = 'globus_login_http_request_duration_seconds_count';
    expect(valueOf(samples, count, { method: 'GET', route: '/things/:id', status: '200' })).to.equal(2);
    expect(valueOf(samples, count, { method: 'GET', route: 'unmatched', status: '404' })).to.equal(1);
    expect(valueOf(samples, count, { method: 'POST', route: '/boom', status: '500' })).to.equal(1);
    const routes = samples.map((s) => s.labels['route']).filter(Boolean).join(' ');
    expect(routes).to.not.match(/42|43|44|secret/);
  });
});
