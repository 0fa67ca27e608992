import { expect } from 'chai';
import { AppMetrics } from '../../src/adapters/metrics/app-metrics.js';
import { boundedLabel, loginLabels, methodLabel } from '../../src/adapters/metrics/labels.js';
import { checkBearer } from '../../src/adapters/metrics/metrics-route.js';
import { PromAuthEvents } from '../../src/adapters/metrics/prom-auth-events.js';
import { parsePrometheus, valueOf } from '../scale/support/prometheus-text.js';

const samplesOf = async (metrics: AppMetrics) => parsePrometheus(await metrics.render());

describe('Metrics adapter', () => {
  describe('labels', () => {
    it('maps login outcomes to a bounded outcome and reason', () => {
      expect(loginLabels('success')).to.deep.equal({ outcome: 'success', reason: 'none' });
      expect(loginLabels('declined')).to.deep.equal({ outcome: 'failure', reason: 'declined' });
      expect(loginLabels('upstream-error')).to.deep.equal({ outcome: 'error', reason: 'upstream-error' });
      expect(loginLabels('anything <else>')).to.deep.equal({ outcome: 'failure', reason: 'other' });
    });

    it('keeps only plain, short label values', () => {
      expect(boundedLabel('transfer.api.globus.org')).to.equal('transfer.api.globus.org');
      expect(boundedLabel('a"b')).to.equal('other');
      expect(boundedLabel('x'.repeat(65))).to.equal('other');
      expect(boundedLabel('')).to.equal('other');
      expect(methodLabel('GET')).to.equal('GET');
      expect(methodLabel('BREW')).to.equal('OTHER');
    });
  });

  describe('checkBearer', () => {
    it('accepts exactly the token, in the Bearer scheme', () => {
      expect(checkBearer('Bearer s3cret-token', 's3cret-token')).to.equal('ok');
      expect(checkBearer('bearer s3cret-token', 's3cret-token')).to.equal('ok');
      expect(checkBearer('Bearer s3cret-tokem', 's3cret-token')).to.equal('wrong');
      expect(checkBearer('Bearer s3cret-token2', 's3cret-token')).to.equal('wrong');
      expect(checkBearer('Bearer s3cret', 's3cret-token')).to.equal('wrong');
      expect(checkBearer(undefined, 's3cret-token')).to.equal('missing');
      expect(checkBearer('Basic s3cret-token', 's3cret-token')).to.equal('missing');
      expect(checkBearer('Bearer a b', 's3cret-token')).to.equal('missing');
    });

    it('never accepts anything when the token is empty', () => {
      expect(checkBearer('Bearer x', '')).to.equal('wrong');
      expect(checkBearer('Bearer ', '')).to.equal('missing');
    });
  });

  describe('PromAuthEvents', () => {
    it('counts logins, refreshes and revocations', async () => {
      const metrics = new AppMetrics({ sessionsActive: () => 0, processMetrics: false });
      const events = new PromAuthEvents(metrics);
      events.loginFinished('success');
      events.loginFinished('success');
      events.loginFinished('code-rejected');
      events.tokenRefreshed('rejected');
      events.tokenRevoked('failed', 'transfer.api.globus.org');
      const samples = await samplesOf(metrics);
      expect(valueOf(samples, 'globus_login_logins_total', { outcome: 'success', reason: 'none' })).to.equal(2);
      expect(valueOf(samples, 'globus_login_logins_total', { outcome: 'failure', reason: 'code-rejected' })).to.equal(1);
      expect(valueOf(samples, 'globus_login_token_refreshes_total', { outcome: 'rejected' })).to.equal(1);
      expect(valueOf(samples, 'globus_login_token_refreshes_total', { outcome: 'success' })).to.equal(0);
      expect(valueOf(samples, 'globus_login_token_revocations_total', { outcome: 'failed', resource_server: 'transfer.api.globus.org' })).to.equal(1);
    });

    it('folds resource servers beyond 20 into `other`, so a hostile response cannot blow up the series', async () => {
      const metrics = new AppMetrics({ sessionsActive: () => 0, processMetrics: false });
      const events = new PromAuthEvents(metrics);
      for (let i = 0; i < 30; i += 1) events.tokenRevoked('success', `rs${i}.example.org`);
      events.tokenRevoked('success', 'rs0.example.org');
      const samples = (await samplesOf(metrics)).filter((s) => s.name === 'globus_login_token_revocations_total');
      expect(new Set(samples.map((s) => s.labels['resource_server'])).size).to.equal(21);
      expect(valueOf(samples, 'globus_login_token_revocations_total', { resource_server: 'other' })).to.equal(10);
      expect(valueOf(samples, 'globus_login_token_revocations_total', { resource_server: 'rs0.example.org' })).to.equal(2);
    });

    it('never throws, even when counting fails', () => {
      const metrics = new AppMetrics({ sessionsActive: () => 0, processMetrics: false });
      metrics.registry.clear();
      Object.defineProperty(metrics, 'logins', { value: { inc: () => { throw new Error('broken'); } } });
      expect(() => new PromAuthEvents(metrics).loginFinished('success')).to.not.throw();
    });
  });

  describe('Globus call latency', () => {
    it('observes calls by service, endpoint and status', async () => {
      const metrics = new AppMetrics({ sessionsActive: () => 0, processMetrics: false });
      metrics.observeGlobusCall({ service: 'auth', endpoint: 'token', status: 200, durationMs: 120 });
      metrics.observeGlobusCall({ service: 'transfer', endpoint: 'endpoint_search', status: 'timeout', durationMs: 3000 });
      const samples = await samplesOf(metrics);
      const count = 'globus_login_globus_call_duration_seconds_count';
      expect(valueOf(samples, count, { service: 'auth', endpoint: 'token', status: '200' })).to.equal(1);
      expect(valueOf(samples, 'globus_login_globus_call_duration_seconds_sum', { service: 'auth' })).to.be.closeTo(0.12, 1e-9);
      expect(valueOf(samples, count, { service: 'transfer', endpoint: 'endpoint_search', status: 'timeout' })).to.equal(1);
    });
  });

  describe('sessions_active', () => {
    it('asks the store at most once per cache period and keeps the last value when the store fails', async () => {
      let now = 0;
      let calls = 0;
      let fail = false;
      const metrics = new AppMetrics({
        sessionsActive: () => {
          calls += 1;
          if (fail) throw new Error('store down');
          return Promise.resolve(calls * 10);
        },
        sessionsCacheMs: 1000,
        processMetrics: false,
        now: () => now,
      });
      const gauge = async () => valueOf(await samplesOf(metrics), 'globus_login_sessions_active');
      expect(await gauge()).to.equal(10);
      now = 500;
      expect(await gauge()).to.equal(10);
      expect(calls).to.equal(1);
      now = 1500;
      expect(await gauge()).to.equal(20);
      fail = true;
      now = 3000;
      expect(await gauge(), 'a failing store does not fail the scrape').to.equal(20);
      expect(calls).to.equal(3);
    });

    it('runs one store query for concurrent scrapes', async () => {
      let calls = 0;
      let release: (n: number) => void = () => undefined;
      const metrics = new AppMetrics({
        sessionsActive: () => {
          calls += 1;
          return new Promise<number>((resolve) => (release = resolve));
        },
        processMetrics: false,
      });
      const scrapes = Promise.all([metrics.render(), metrics.render(), metrics.render()]);
      await new Promise((resolve) => setImmediate(resolve));
      release(7);
      for (const text of await scrapes) expect(valueOf(parsePrometheus(text), 'globus_login_sessions_active')).to.equal(7);
      expect(calls).to.equal(1);
    });
  });

  it('keeps each instance in its own registry', async () => {
    const one = new AppMetrics({ sessionsActive: () => 0, processMetrics: false });
    const two = new AppMetrics({ sessionsActive: () => 0, processMetrics: false });
    new PromAuthEvents(one).loginFinished('success');
    expect(valueOf(await samplesOf(two), 'globus_login_logins_total', { outcome: 'success' })).to.equal(0);
    expect(valueOf(await samplesOf(one), 'globus_login_logins_total', { outcome: 'success' })).to.equal(1);
  });
});
