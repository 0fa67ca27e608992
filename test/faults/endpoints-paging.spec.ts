import { expect } from 'chai';
import { BrowserClient } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { FAULT_ENV, linksIn, requestsTo } from './support/fault-stack.js';

const AHMED = 'ahmed@globusid.org';

interface Listing {
  readonly endpoints: Array<{ id: string; displayName: string }>;
  readonly page: number;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly search: string;
}

describe('Faults: endpoint paging and search against Transfer limits (Ahmed owns 250 endpoints)', () => {
  let stack: Stack;
  let client: BrowserClient;

  const listing = async (query: string): Promise<Listing> => {
    const res = await client.get(`${stack.appUrl}/endpoints${query}`, { accept: 'application/json' });
    expect(res.statusCode, query).to.equal(200);
    return JSON.parse(res.body) as Listing;
  };
  /** Every endpoint_search the fake received: limit and offset as sent. */
  const searchesAtFake = (): Array<{ query: Record<string, string>; limit: number; offset: number }> =>
    requestsTo(stack.fake, 'endpoint_search').map((r) => ({ query: r.query, limit: Number(r.query['limit']), offset: Number(r.query['offset']) }));

  before(async () => {
    stack = await startStack({ env: FAULT_ENV });
    client = new BrowserClient();
    await loginAs(client, stack.appUrl, AHMED);
  });
  after(async () => stack.close());
  beforeEach(() => {
    stack.fake.faults.clear();
    stack.fake.inspect.reset();
  });

  it('walks all 250 in pages of 50, each endpoint once, with Previous/Next links', async () => {
    const seen = new Set<string>();
    for (let page = 1; page <= 5; page += 1) {
      const result = await listing(`?page=${page}`);
      expect(result.endpoints, `page ${page}`).to.have.length(50);
      expect(result.hasPreviousPage).to.equal(page > 1);
      expect(result.hasNextPage).to.equal(page < 5);
      for (const e of result.endpoints) seen.add(e.id);
    }
    expect(seen.size).to.equal(250);
    expect(searchesAtFake().map((q) => [q.offset, q.limit])).to.deep.equal([[0, 50], [50, 50], [100, 50], [150, 50], [200, 50]]);
    for (const q of searchesAtFake()) expect(q.query['filter_scope']).to.equal('my-endpoints');

    const html = await client.get(`${stack.appUrl}/endpoints?page=3`);
    expect(linksIn(html.body)).to.include.members(['/endpoints?page=2', '/endpoints?page=4']);
    expect(html.body).to.contain('Page 3');
    const last = await client.get(`${stack.appUrl}/endpoints?page=5`);
    expect(linksIn(last.body)).to.include('/endpoints?page=4').and.not.to.include('/endpoints?page=6');
  });

  it('never asks Transfer for more than 100 a page or past result 1000, whatever the page asked for', async () => {
    stack.fake.faults.setEndpointCount(AHMED, 1500);

    const twentieth = await listing('?page=20');
    const beyond = await listing('?page=999');
    await listing('?page=-4');
    await listing('?page=0');

    expect(twentieth.endpoints).to.have.length(50);
    expect(twentieth.hasNextPage, 'Transfer serves nothing past 1000').to.equal(false);
    expect(beyond.page, 'clamped to the last reachable page').to.equal(20);
    for (const q of searchesAtFake()) {
      expect(q.limit).to.be.within(1, 100);
      expect(q.offset + q.limit).to.be.at.most(1000);
    }
    expect(searchesAtFake().map((q) => q.offset)).to.deep.equal([950, 950, 0, 0]);
    expect(requestsTo(stack.fake, 'endpoint_search').every((r) => r.status === 200), 'Transfer refused none').to.equal(true);
  });

  it('searches with filter_fulltext, keeps the search across pages, and says when nothing matches', async () => {
    const all = await listing('?page=1');
    const wanted = all.endpoints[7]?.displayName ?? '';
    expect(wanted).not.to.equal('');

    const found = await listing(`?q=${encodeURIComponent(wanted)}`);
    expect(found.search).to.equal(wanted);
    expect(found.endpoints.map((e) => e.displayName)).to.include(wanted);
    expect(searchesAtFake().at(-1)?.query['filter_fulltext']).to.equal(wanted);

    const html = await client.get(`${stack.appUrl}/endpoints?q=${encodeURIComponent(wanted)}`);
    expect(html.body).to.contain(`value="${wanted}"`);
    if (found.hasNextPage) expect(linksIn(html.body)).to.include(`/endpoints?page=2&q=${encodeURIComponent(wanted)}`);

    const none = await client.get(`${stack.appUrl}/endpoints?q=${encodeURIComponent('no-such-endpoint-zzz')}`);
    expect(none.statusCode).to.equal(200);
    expect(none.body).to.contain('No endpoints of yours match');
    expect(searchesAtFake().at(-1)?.query['filter_fulltext']).to.equal('no-such-endpoint-zzz');
  });

  it('sends no filter_fulltext for an empty or blank search', async () => {
    await listing('?q=');
    await listing('?q=%20%20');

    for (const q of searchesAtFake()) expect(q.query).not.to.have.property('filter_fulltext');
  });
});
