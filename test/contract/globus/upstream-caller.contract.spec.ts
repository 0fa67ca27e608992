import { expect } from 'chai';
import { runWithGlobusBudget } from '../../../src/adapters/globus/call-budget.js';
import type { GlobusCall } from '../../../src/adapters/globus/globus-call.js';
import { createGlobusHttp } from '../../../src/adapters/globus/globus-http.js';
import { UpstreamCaller, type CallerSettings, type UpstreamRequest } from '../../../src/adapters/globus/upstream-call.js';
import { UpstreamUnavailable } from '../../../src/domain/errors.js';
import { rejectionOf } from './support/rejection-of.js';
import { useRealNetwork } from './support/real-network.js';
import { ScriptedServer } from './support/scripted-server.js';
import { UnacceptingListener } from './support/unaccepting-listener.js';

const TOKEN = 'AgCX6Q7EmNx75eQYp4349FFYub5qYL078X2T9t4Twumu6PYlBCLsqZF9RYTuyJvtAMG70WXsHIPJklsnzUOzAVBALjQ7ViAbn';

const search: UpstreamRequest = {
  endpoint: 'endpoint_search',
  method: 'GET',
  path: 'endpoint_search',
  searchParams: new URLSearchParams({ filter_scope: 'my-endpoints' }),
  headers: { authorization: `Bearer ${TOKEN}` },
  idempotent: true,
};
const revoke: UpstreamRequest = { endpoint: 'revoke', method: 'POST', path: 'v2/oauth2/token/revoke', form: { token: TOKEN }, headers: {}, idempotent: false };

interface LoggedLine {
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

describe('UpstreamCaller: timeouts, retries and the call observer (contract, loopback server)', () => {
  useRealNetwork();
  let server: ScriptedServer;
  let calls: GlobusCall[];
  let logged: LoggedLine[];

  const caller = (overrides: Partial<CallerSettings> = {}, url = server.url, service: 'Globus Transfer' | 'Globus Auth' = 'Globus Transfer') => {
    const settings: CallerSettings = {
      timeouts: { connectMs: 300, totalMs: 3000 },
      retries: 2,
      retryBaseDelayMs: 5,
      maxRetryAfterMs: 2000,
      onCall: (call) => calls.push(call),
      logger: { warn: (fields, message) => logged.push({ fields, message }) },
      ...overrides,
    };
    return new UpstreamCaller(createGlobusHttp({ prefixUrl: url, ...settings }), service, settings);
  };

  beforeEach(async () => {
    server = await ScriptedServer.start();
    calls = [];
    logged = [];
  });
  afterEach(async () => server.close());

  describe('an idempotent GET', () => {
    for (const status of [429, 502, 503, 504]) {
      it(`is retried after a ${status} and returns the answer that follows`, async () => {
        server.script({ status }, { status: 200, body: '{"ok":true}' });

        const reply = await caller().send(search);

        expect(reply.status).to.equal(200);
        expect(server.received).to.have.length(2);
        expect(calls.map((c) => c.status)).to.deep.equal([status, 200]);
      });
    }

    it('is not retried after a 500 or a 4xx (they would answer the same)', async () => {
      server.script({ status: 500 }, { status: 401 }, { status: 200 });

      expect((await caller().send(search)).status).to.equal(500);
      expect((await caller().send(search)).status).to.equal(401);
      expect(server.received).to.have.length(2);
    });

    it('gives up after the configured retries and hands back the last answer', async () => {
      server.script({ status: 503 }, { status: 503 }, { status: 503 }, { status: 200 });

      const reply = await caller().send(search);

      expect(reply.status).to.equal(503);
      expect(server.received).to.have.length(3); // first attempt + 2 retries
      expect(server.pending).to.equal(1);
    });

    it('is retried after a connection reset', async () => {
      server.script({ reset: true }, { status: 200 });

      const reply = await caller().send(search);

      expect(reply.status).to.equal(200);
      expect(calls.map((c) => c.status)).to.deep.equal(['error', 200]);
    });

    it('is retried on a refused connection, then fails as UpstreamUnavailable (not timed out)', async () => {
      const url = server.url;
      await server.close();

      const error = await rejectionOf(caller({}, url).send(search));

      expect(error).to.be.instanceOf(UpstreamUnavailable);
      expect((error as UpstreamUnavailable).timedOut).to.equal(false);
      expect(calls.map((c) => c.status)).to.deep.equal(['error', 'error', 'error']);
      server = await ScriptedServer.start();
    });

    it('backs off exponentially between retries', async () => {
      server.script({ status: 503 }, { status: 503 }, { status: 200 });

      await caller({ retryBaseDelayMs: 200 }).send(search);

      const [first, second, third] = server.received.map((r) => r.at);
      // jittered between half and all of 200 ms, then of 400 ms
      expect(second! - first!).to.be.within(90, 1000);
      expect(third! - second!).to.be.within(190, 1500);
    });
  });

  describe('a Retry-After', () => {
    it('is waited for when within the cap', async () => {
      server.script({ status: 503, headers: { 'retry-after': '1' } }, { status: 200 });

      await caller().send(search);

      const [first, second] = server.received.map((r) => r.at);
      expect(second! - first!).to.be.at.least(950);
    });

    it('is understood as an HTTP-date too', async () => {
      const at = new Date(Date.now() + 1500).toUTCString();
      server.script({ status: 429, headers: { 'retry-after': at } }, { status: 200 });

      const reply = await caller().send(search);

      expect(reply.status).to.equal(200);
      const [first, second] = server.received.map((r) => r.at);
      expect(second! - first!).to.be.at.least(400);
    });

    it('beyond the cap is not waited for: the call fails at once, and the log says why', async () => {
      server.script({ status: 429, headers: { 'retry-after': '120' } }, { status: 200 });

      const reply = await caller().send(search);

      expect(reply.status).to.equal(429);
      expect(server.received).to.have.length(1);
      expect(logged[0]?.fields).to.include({ endpoint: 'endpoint_search', outcome: 429, retryInMs: null, note: 'Retry-After beyond the cap' });
    });

    it('is honoured at most twice however many retries are configured', async () => {
      for (let i = 0; i < 5; i += 1) server.script({ status: 503, headers: { 'retry-after': '0' } });

      const reply = await caller({ retries: 5 }).send(search);

      expect(reply.status).to.equal(503);
      expect(server.received).to.have.length(3);
    });
  });

  describe('a POST (code exchange, refresh, revocation)', () => {
    it('is never retried on a 503', async () => {
      server.script({ status: 503 }, { status: 200 });

      const reply = await caller({}, server.url, 'Globus Auth').send(revoke);

      expect(reply.status).to.equal(503);
      expect(server.received).to.have.length(1);
    });

    it('is never retried on a connection reset', async () => {
      server.script({ reset: true }, { status: 200 });

      const error = await rejectionOf(caller({}, server.url, 'Globus Auth').send(revoke));

      expect(error).to.be.instanceOf(UpstreamUnavailable);
      expect((error as UpstreamUnavailable).service).to.equal('Globus Auth');
      expect(server.received).to.have.length(1);
    });
  });

  describe('the timeouts', () => {
    it('fail a call slower than the total timeout as timed out', async () => {
      server.script({ hang: true });
      const started = Date.now();

      const error = await rejectionOf(caller({ timeouts: { connectMs: 300, totalMs: 400 } }).send(search));

      expect(error).to.be.instanceOf(UpstreamUnavailable);
      expect((error as UpstreamUnavailable).timedOut).to.equal(true);
      expect(Date.now() - started).to.be.within(350, 2000);
      expect(calls.map((c) => c.status)).to.deep.equal(['error']);
    });

    it('bound the whole call, retries and waits included', async () => {
      for (let i = 0; i < 6; i += 1) server.script({ status: 503, delayMs: 250 });
      const started = Date.now();

      const outcome = await caller({ retries: 5, retryBaseDelayMs: 100, timeouts: { connectMs: 300, totalMs: 700 } })
        .send(search)
        .then((reply) => reply.status, (error: unknown) => error);

      // Either the last 503 (no time for another retry) or the attempt cut off at the deadline.
      if (typeof outcome === 'number') expect(outcome).to.equal(503);
      else expect((outcome as UpstreamUnavailable).timedOut).to.equal(true);
      expect(Date.now() - started).to.be.below(1500);
      expect(server.received.length).to.be.within(1, 3);
    });

    it('do not wait for a Retry-After that would end after the total timeout', async () => {
      server.script({ status: 503, headers: { 'retry-after': '2' } }, { status: 200 });

      const reply = await caller({ maxRetryAfterMs: 5000, timeouts: { connectMs: 300, totalMs: 1000 } }).send(search);

      expect(reply.status).to.equal(503);
      expect(server.received).to.have.length(1);
    });

    it('fail a connection that is never accepted within the connect timeout, retrying the GET', async () => {
      const listener = await UnacceptingListener.start();
      try {
        const started = Date.now();
        const error = await rejectionOf(caller({ retries: 1, timeouts: { connectMs: 250, totalMs: 5000 } }, listener.url).send(search));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).timedOut).to.equal(true);
        expect(calls.map((c) => c.status)).to.deep.equal(['error', 'error']);
        expect(Date.now() - started).to.be.within(450, 3000); // two connect timeouts, far below the total
        expect(logged.map((l) => l.fields['outcome'])).to.deep.equal(['timeout:connect', 'timeout:connect']);
      } finally {
        listener.close();
      }
    });
  });

  describe('the request budget', () => {
    it('caps a call below its own total timeout', async () => {
      server.script({ hang: true });
      const started = Date.now();

      const error = await rejectionOf(runWithGlobusBudget(300, () => caller().send(search)));

      expect((error as UpstreamUnavailable).timedOut).to.equal(true);
      expect(Date.now() - started).to.be.below(1500);
    });

    it('is shared by the calls of one request: once spent, nothing more is sent', async () => {
      server.script({ status: 200, delayMs: 400 });

      const error = await rejectionOf(
        runWithGlobusBudget(350, async () => {
          await caller().send(search).catch(() => undefined);
          return caller().send(search);
        }),
      );

      expect((error as UpstreamUnavailable).timedOut).to.equal(true);
      expect(server.received).to.have.length(1);
    });
  });

  describe('the call observer', () => {
    it('is called once per attempt with a stable endpoint name, the status and the duration', async () => {
      server.script({ status: 502 }, { status: 200, delayMs: 50 });

      await caller().send(search);

      expect(calls).to.have.length(2);
      expect(calls.map(({ service, endpoint, status }) => ({ service, endpoint, status }))).to.deep.equal([
        { service: 'transfer', endpoint: 'endpoint_search', status: 502 },
        { service: 'transfer', endpoint: 'endpoint_search', status: 200 },
      ]);
      expect(calls[1]!.durationMs).to.be.at.least(45);
      expect(JSON.stringify(calls)).not.to.include(TOKEN).and.not.to.include('/');
    });

    it('never breaks the call, whether it throws or rejects', async () => {
      server.script({ status: 200 }, { status: 200 });

      const throwing = caller({ onCall: () => { throw new Error('metrics down'); } });
      const rejecting = caller({ onCall: (() => Promise.reject(new Error('metrics down'))) as unknown as NonNullable<CallerSettings['onCall']> });

      expect((await throwing.send(search)).status).to.equal(200);
      expect((await rejecting.send(revoke)).status).to.equal(200);
    });
  });

  it('logs failed attempts with upstream, endpoint and outcome, never the token or the URL', async () => {
    server.script({ status: 503 }, { reset: true }, { status: 200 });

    await caller().send(search);

    expect(logged.map((l) => l.fields)).to.deep.equal([
      { upstream: 'transfer', endpoint: 'endpoint_search', attempt: 1, outcome: 503, retryInMs: logged[0]?.fields['retryInMs'] },
      { upstream: 'transfer', endpoint: 'endpoint_search', attempt: 2, outcome: 'ECONNRESET', retryInMs: logged[1]?.fields['retryInMs'] },
    ]);
    expect(logged.every((l) => l.message === 'Globus call failed')).to.equal(true);
    expect(JSON.stringify(logged)).not.to.include(TOKEN).and.not.to.include('127.0.0.1');
    // `service` is the app's own base field in every log line; the adapters must not clash with it.
    for (const line of logged) expect(line.fields).not.to.have.property('service');
  });
});
