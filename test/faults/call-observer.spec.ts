import { expect } from 'chai';
import { useRealNetwork } from '../contract/globus/support/real-network.js';
import { locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { csrfIn, useFaultStack } from './support/fault-stack.js';
import { observedGlobus, type GlobusObservations } from './support/observed-globus.js';

const FAKE_ROUTE_OF: Record<string, string> = { token: 'token', revoke: 'revoke', jwks: 'jwks', endpoint_search: 'endpoint_search' };

describe('Faults: the Globus call observer, wired as the composition root would', () => {
  useRealNetwork();
  const observed: GlobusObservations = { calls: [], lines: [] };
  const harness = useFaultStack({ GLOBUS_REFRESH_TOKENS: 'true' }, { prepare: observedGlobus(observed) });

  it('sees every HTTP attempt the fake received, once, by stable endpoint name and status', async () => {
    const { stack, client } = harness;
    stack.fake.faults.failNext('jwks', 1, 503);
    stack.fake.faults.failNext('endpoint_search', 1, 502);
    stack.fake.faults.failNext('revoke', 1, 500);

    const { final } = await loginAs(client, stack.appUrl, 'jdoe@uchicago.edu');
    expect(locationOf(final)).to.equal('/');
    expect((await client.get(`${stack.appUrl}/endpoints`)).statusCode).to.equal(200);
    const out = await client.postForm(`${stack.appUrl}/logout`, { _csrf: csrfIn((await client.get(`${stack.appUrl}/logout`)).body) });
    expect(out.statusCode).to.equal(303);

    const atFake = stack.fake.inspect
      .requests()
      .filter((r) => r.route !== null && Object.values(FAKE_ROUTE_OF).includes(r.route))
      .map((r) => `${r.route}:${r.status}`);
    const seen = observed.calls.map((c) => `${FAKE_ROUTE_OF[c.endpoint]}:${c.status}`);
    expect([...seen].sort()).to.deep.equal([...atFake].sort());
    expect(seen).to.include.members(['jwks:503', 'jwks:200', 'endpoint_search:502', 'endpoint_search:200', 'revoke:500']);
    for (const call of observed.calls) {
      expect(call.service).to.equal(call.endpoint === 'endpoint_search' ? 'transfer' : 'auth');
      expect(call.durationMs).to.be.a('number').and.at.least(0);
    }
    expect(observed.lines.map((l) => l.fields['endpoint']).sort(), 'failed attempts logged by the adapters').to.deep.equal(['endpoint_search', 'jwks', 'revoke']);
  });
});
