import { expect } from 'chai';
import nock from 'nock';
import { GlobusTransferService } from '../../../src/adapters/globus/globus-transfer-service.js';
import {
  ConsentRequired,
  TokenRejected,
  UpstreamProtocolError,
  UpstreamUnavailable,
} from '../../../src/domain/errors.js';
import { globusFixture } from './support/globus-fixture.js';
import { JSON_HEADERS, recordRequest, type RecordedRequest } from './support/recorded-request.js';
import { rejectionOf } from './support/rejection-of.js';
import { testTransferSettings, TRANSFER_ORIGIN } from './support/test-settings.js';

const ACCESS_TOKEN = 'AgCX6Q7EmNx75eQYp4349FFYub5qYL078X2T9t4Twumu6PYlBCLsqZF9RYTuyJvtAMG70WXsHIPJklsnzUOzAVBALjQ7ViAbn';
const SEARCH = '/v0.10/endpoint_search';
const DATA_ACCESS_SCOPE =
  'urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c04ee0b0-5cb0-4a60-9ec7-349c16d8055e/data_access]';

describe('GlobusTransferService (contract, nock)', () => {
  let transfer: GlobusTransferService;
  let recorded: RecordedRequest[];

  /** Answers the next endpoint_search GET (any query) and records what was sent. */
  const answer = (status: number, body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
    nock(TRANSFER_ORIGIN)
      .get(SEARCH)
      .query(true)
      .reply(function (uri, requestBody) {
        recorded.push(recordRequest(this, uri, requestBody));
        return [status, JSON.stringify(body), headers];
      });

  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  beforeEach(() => {
    recorded = [];
    transfer = new GlobusTransferService(testTransferSettings());
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });

  describe('.searchMyEndpoints', () => {
    describe('when Transfer answers a page', () => {
      it('GETs /v0.10/endpoint_search for my-endpoints with the Bearer token', async () => {
        answer(200, globusFixture('transfer-endpoint-search-page-1'));

        await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 2 });

        expect(recorded).to.have.length(1);
        const [sent] = recorded;
        expect(sent?.method).to.equal('GET');
        expect(sent?.path).to.equal(`${SEARCH}?filter_scope=my-endpoints&limit=2&offset=0`);
        expect(sent?.headers['authorization']).to.equal(`Bearer ${ACCESS_TOKEN}`);
        expect(sent?.headers['accept']).to.equal('application/json');
        expect(sent?.headers['user-agent']).to.match(/^globus-koa-login\//);
      });

      it('maps DATA and the paging fields', async () => {
        answer(200, globusFixture('transfer-endpoint-search-page-1'));

        const page = await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 2 });

        expect(page).to.deep.equal({
          offset: 0,
          limit: 2,
          hasNextPage: true,
          endpoints: [
            {
              id: 'f2065425-6b34-4898-9575-49a242f689d4',
              displayName: 'jdoe laptop',
              ownerString: 'jdoe@uchicago.edu',
              description: 'Personal workstation',
              entityType: 'GCP_mapped_collection',
              gcsVersion: null,
            },
            {
              id: 'e36a127e-8b48-439c-bea0-b3c78654fb21',
              displayName: 'Lab share for the Doe group',
              ownerString: 'jdoe@uchicago.edu',
              description: null,
              entityType: 'GCSv5_guest_collection',
              gcsVersion: '5.4.82',
            },
          ],
        });
      });

      it('falls back to canonical_name when display_name is null, on the last page', async () => {
        answer(200, globusFixture('transfer-endpoint-search-page-2'));

        const page = await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 2, limit: 2 });

        expect(page.hasNextPage).to.equal(false);
        expect(page.endpoints.map((e) => e.displayName)).to.deep.equal(['jdoe#old-desktop']);
      });

      it('sends a search text as filter_fulltext', async () => {
        answer(200, globusFixture('transfer-endpoint-search-page-2'));

        await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25, fulltext: 'lab share' });

        expect(recorded[0]?.path).to.equal(`${SEARCH}?filter_scope=my-endpoints&limit=25&offset=0&filter_fulltext=lab+share`);
      });

      it('clamps limit to 100 and offset+limit to 1000', async () => {
        answer(200, globusFixture('transfer-endpoint-search-page-2'));
        answer(200, globusFixture('transfer-endpoint-search-page-2'));

        await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 500 });
        await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 950, limit: 100 });

        expect(recorded.map((r) => r.path)).to.deep.equal([
          `${SEARCH}?filter_scope=my-endpoints&limit=100&offset=0`,
          `${SEARCH}?filter_scope=my-endpoints&limit=50&offset=950`,
        ]);
      });

      it('asks nothing at or past the 1000th result', async () => {
        const page = await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 1000, limit: 100 });

        expect(page).to.deep.equal({ endpoints: [], offset: 1000, limit: 0, hasNextPage: false });
        expect(recorded).to.have.length(0);
      });

      it('reports no next page once the 1000-result ceiling is reached', async () => {
        answer(200, { ...globusFixture('transfer-endpoint-search-page-2'), offset: 900, limit: 100, has_next_page: true });

        const page = await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 900, limit: 100 });

        expect(page.hasNextPage).to.equal(false);
      });
    });

    describe('when Transfer refuses', () => {
      it('maps 401 AuthenticationFailed to TokenRejected', async () => {
        answer(401, globusFixture('transfer-error-authentication-failed-401'));

        const error = await rejectionOf(transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25 }));

        expect(error).to.be.instanceOf(TokenRejected);
        expect((error as TokenRejected).resourceServer).to.equal('transfer.api.globus.org');
        expect(String(error)).not.to.include(ACCESS_TOKEN);
      });

      it('maps 403 ConsentRequired to ConsentRequired with the scopes', async () => {
        answer(403, globusFixture('transfer-error-consent-required-403'));

        const error = await rejectionOf(transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25 }));

        expect(error).to.be.instanceOf(ConsentRequired);
        expect((error as ConsentRequired).requiredScopes).to.deep.equal([DATA_ACCESS_SCOPE]);
      });

      it('maps 404 ClientError.NotFound to UpstreamProtocolError with its code', async () => {
        answer(404, { code: 'ClientError.NotFound', message: 'Not found', request_id: 'aB3dE5fG7', resource: '/endpoint_search' });

        const error = await rejectionOf(transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25 }));

        expect(error).to.be.instanceOf(UpstreamProtocolError);
        expect((error as UpstreamProtocolError).code).to.equal('ClientError.NotFound');
      });

      it('maps a 200 that is not an endpoint_list to UpstreamProtocolError', async () => {
        answer(200, { DATA_TYPE: 'result' });

        const error = await rejectionOf(transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25 }));

        expect(error).to.be.instanceOf(UpstreamProtocolError);
      });
    });

    describe('when Transfer is unavailable', () => {
      it('retries a 503 and returns the page that follows', async () => {
        answer(503, globusFixture('transfer-error-service-unavailable-503'));
        answer(200, globusFixture('transfer-endpoint-search-page-1'));

        const page = await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 2 });

        expect(recorded).to.have.length(2);
        expect(recorded[1]?.headers['authorization']).to.equal(`Bearer ${ACCESS_TOKEN}`);
        expect(page.endpoints).to.have.length(2);
      });

      it('gives up after the configured retries with UpstreamUnavailable', async () => {
        for (let i = 0; i < 4; i += 1) answer(503, globusFixture('transfer-error-service-unavailable-503'));

        const error = await rejectionOf(transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25 }));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).service).to.equal('Globus Transfer');
        expect(recorded).to.have.length(3); // first attempt + 2 retries
      });

      it('retries a 429, honouring its Retry-After, and returns the page that follows', async () => {
        answer(429, { code: 'RateLimited', message: 'slow down', request_id: 'x', resource: '/endpoint_search' }, { ...JSON_HEADERS, 'retry-after': '0' });
        answer(200, globusFixture('transfer-endpoint-search-page-1'));

        const page = await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25 });

        expect(recorded).to.have.length(2);
        expect(page.endpoints).to.have.length(2);
      });

      it('maps a 429 that outlasts the retries to UpstreamUnavailable', async () => {
        for (let i = 0; i < 4; i += 1) answer(429, { code: 'RateLimited', message: 'slow down', request_id: 'x', resource: '/endpoint_search' });

        const error = await rejectionOf(transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25 }));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).service).to.equal('Globus Transfer');
        expect(recorded).to.have.length(3);
      });

      it('reports every attempt to the call observer as endpoint_search', async () => {
        const calls: unknown[] = [];
        transfer = new GlobusTransferService(testTransferSettings({ onCall: ({ service, endpoint, status }) => calls.push({ service, endpoint, status }) }));
        answer(503, globusFixture('transfer-error-service-unavailable-503'));
        answer(200, globusFixture('transfer-endpoint-search-page-1'));

        await transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 2 });

        expect(calls).to.deep.equal([
          { service: 'transfer', endpoint: 'endpoint_search', status: 503 },
          { service: 'transfer', endpoint: 'endpoint_search', status: 200 },
        ]);
      });

      it('maps a reply slower than the timeout to UpstreamUnavailable with timedOut', async () => {
        transfer = new GlobusTransferService(testTransferSettings({ retries: 0 }));
        nock(TRANSFER_ORIGIN).get(SEARCH).query(true).delay(1000).reply(200, globusFixture('transfer-endpoint-search-page-1'));

        const error = await rejectionOf(transfer.searchMyEndpoints(ACCESS_TOKEN, { offset: 0, limit: 25 }));

        expect(error).to.be.instanceOf(UpstreamUnavailable);
        expect((error as UpstreamUnavailable).timedOut).to.equal(true);
      });
    });
  });
});
