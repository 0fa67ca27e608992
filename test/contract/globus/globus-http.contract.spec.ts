import { expect } from 'chai';
import nock from 'nock';
import { createGlobusHttp } from '../../../src/adapters/globus/globus-http.js';

const ORIGIN = 'https://transfer.api.globus.org';

describe('createGlobusHttp (contract, nock)', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const http = (maxRetryAfterMs: number) =>
    createGlobusHttp({
      prefixUrl: `${ORIGIN}/v0.10/`,
      timeouts: { connectMs: 200, totalMs: 3000 },
      retries: 2,
      retryBaseDelayMs: 5,
      maxRetryAfterMs,
    });

  it('resolves HTTP errors instead of throwing them', async () => {
    nock(ORIGIN).get('/v0.10/x').reply(404, 'nope');

    const response = await http(1000).get('x');

    expect(response.statusCode).to.equal(404);
    expect(response.body).to.equal('nope');
  });

  it('waits for a Retry-After within the cap before retrying a GET', async () => {
    const scope = nock(ORIGIN).get('/v0.10/x').reply(503, '', { 'retry-after': '1' }).get('/v0.10/x').reply(200, 'ok');
    const started = Date.now();

    const response = await http(2000).get('x');

    expect(response.statusCode).to.equal(200);
    expect(Date.now() - started).to.be.at.least(900);
    expect(scope.isDone()).to.equal(true);
  });

  it('does not wait for a Retry-After beyond the cap', async () => {
    const scope = nock(ORIGIN).get('/v0.10/x').reply(503, '', { 'retry-after': '120' }).get('/v0.10/x').reply(200, 'ok');

    const response = await http(1000).get('x');

    expect(response.statusCode).to.equal(503);
    expect(scope.pendingMocks()).to.have.length(1);
  });

  it('retries a GET on a network error', async () => {
    const attempts: string[] = [];
    const count = (request: { path?: string }) => attempts.push(request.path ?? '');
    nock.emitter.on('no match', count);

    const failure = await http(1000)
      .get('x', { prefixUrl: 'https://unreachable.transfer.test/' })
      .then(() => null, (error: unknown) => error);
    nock.emitter.off('no match', count);

    expect(failure).to.be.instanceOf(Error);
    expect(attempts).to.have.length(3);
  });

  it('never retries a POST', async () => {
    const scope = nock(ORIGIN).post('/v0.10/x').times(3).reply(503);

    const response = await http(1000).post('x', { form: { a: 'b' } });

    expect(response.statusCode).to.equal(503);
    expect(scope.pendingMocks()).to.have.length(1);
  });
});
