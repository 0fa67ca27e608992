import { expect } from 'chai';
import { createGlobusHttp } from '../../../src/adapters/globus/globus-http.js';
import { useRealNetwork } from './support/real-network.js';
import { ScriptedServer } from './support/scripted-server.js';

describe('createGlobusHttp (contract, loopback server)', () => {
  useRealNetwork();
  let server: ScriptedServer;
  const http = () => createGlobusHttp({ prefixUrl: `${server.url}v0.10/`, timeouts: { connectMs: 200, totalMs: 2000 }, retries: 2, retryBaseDelayMs: 5 });

  beforeEach(async () => {
    server = await ScriptedServer.start();
  });
  afterEach(async () => server.close());

  it('resolves HTTP errors instead of throwing them', async () => {
    server.script({ status: 404, body: 'nope' });

    const response = await http().get('x');

    expect(response.statusCode).to.equal(404);
    expect(response.body).to.equal('nope');
  });

  it('never retries by itself: UpstreamCaller decides, so every attempt is seen', async () => {
    server.script({ status: 503 }, { status: 200 });

    const response = await http().get('x');

    expect(response.statusCode).to.equal(503);
    expect(server.received).to.have.length(1);
  });

  it('never follows a redirect, so the Authorization header stays with Globus', async () => {
    server.script({ status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' } });

    const response = await http().get('x', { headers: { authorization: 'Bearer secret' } });

    expect(response.statusCode).to.equal(302);
    expect(server.received).to.have.length(1);
  });

  it('sends the configured User-Agent', async () => {
    server.script({ status: 200 });

    await createGlobusHttp({ prefixUrl: server.url, timeouts: { connectMs: 200, totalMs: 2000 }, retries: 0, userAgent: 'portal/1.0' }).get('x');

    expect(server.received[0]?.headers['user-agent']).to.equal('portal/1.0');
  });
});
