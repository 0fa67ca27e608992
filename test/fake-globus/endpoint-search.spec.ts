import { expect } from 'chai';
import {
  AHMED,
  endpointSearch,
  JANE,
  json,
  loginAs,
  RIYA,
  useTestFake,
  TRANSFER_SCOPE,
  transferToken,
  type EndpointListJson,
  type TransferErrorJson,
} from './helpers.js';

describe('fake Globus: GET /v0.10/endpoint_search', () => {
  const fake = useTestFake();
  let jane: string;
  let ahmed: string;
  let riya: string;
  before(async () => {
    jane = transferToken(await loginAs(fake, JANE));
    ahmed = transferToken(await loginAs(fake, AHMED));
    riya = transferToken(await loginAs(fake, RIYA));
  });
  afterEach(() => {
    fake.faults.clear();
  });

  const list = async (token: string, query: Record<string, string | number>): Promise<EndpointListJson> => {
    const response = await endpointSearch(fake, token, query);
    expect(response.statusCode, response.body).to.equal(200);
    return json<EndpointListJson>(response);
  };
  const badRequest = async (token: string, query: Record<string, string | number>): Promise<TransferErrorJson> => {
    const response = await endpointSearch(fake, token, query);
    expect(response.statusCode).to.equal(400);
    const error = json<TransferErrorJson>(response);
    expect(error).to.include({ code: 'ClientError.BadRequest', resource: '/endpoint_search' });
    expect(error.request_id).to.match(/^[A-Za-z0-9]{9}$/);
    return error;
  };
  const names = (page: EndpointListJson): unknown[] => page.DATA.map((doc) => doc['display_name']);

  describe('paging over Ahmed’s 250 endpoints', () => {
    it('pages with limit 100 the way the SDK paginator does', async () => {
      const pages: EndpointListJson[] = [];
      let offset = 0;
      for (;;) {
        const page = await list(ahmed, { filter_scope: 'my-endpoints', limit: 100, offset });
        pages.push(page);
        offset += page.DATA.length;
        if (!page.has_next_page) break;
      }
      expect(pages.map((p) => [p.offset, p.limit, p.DATA.length, p.has_next_page])).to.deep.equal([
        [0, 100, 100, true],
        [100, 100, 100, true],
        [200, 100, 50, false],
      ]);
      const all = pages.flatMap(names);
      expect(all[0]).to.equal('Khan lab share 001');
      expect(all[249]).to.equal('Khan lab share 250');
      expect(new Set(pages.flatMap((p) => p.DATA.map((doc) => doc['id']))).size).to.equal(250);
      expect(pages[0]?.DATA_TYPE).to.equal('endpoint_list');
    });

    it('defaults to 25 results', async () => {
      const page = await list(ahmed, { filter_scope: 'my-endpoints' });
      expect(page.limit).to.equal(25);
      expect(page.DATA).to.have.length(25);
      expect(page.has_next_page).to.equal(true);
    });

    it('refuses limit above 100 or below 1', async () => {
      await badRequest(ahmed, { filter_scope: 'my-endpoints', limit: 101 });
      await badRequest(ahmed, { filter_scope: 'my-endpoints', limit: 0 });
      await badRequest(ahmed, { filter_scope: 'my-endpoints', limit: 'ten' });
    });

    it('refuses offset + limit beyond 1000 and stops has_next_page at the ceiling', async () => {
      fake.faults.setEndpointCount(AHMED, 1500);
      const error = await badRequest(ahmed, { filter_scope: 'my-endpoints', limit: 100, offset: 950 });
      expect(error.message).to.include('1000');
      const last = await list(ahmed, { filter_scope: 'my-endpoints', limit: 100, offset: 900 });
      expect(last.DATA).to.have.length(100);
      expect(last.has_next_page).to.equal(false);
    });
  });

  describe('filters', () => {
    it('requires filter_fulltext with filter_scope=all (the default)', async () => {
      await badRequest(jane, {});
      await badRequest(jane, { filter_scope: 'all', filter_fulltext: '   ' });
    });

    it('refuses an unknown filter_scope and entity type', async () => {
      await badRequest(jane, { filter_scope: 'everything' });
      await badRequest(jane, { filter_scope: 'my-endpoints', filter_entity_type: 'GCSv4_endpoint' });
    });

    it('refuses filter_owner_id with my-endpoints', async () => {
      await badRequest(jane, { filter_scope: 'my-endpoints', filter_owner_id: 'bd9abf42-4a7a-476f-b34b-c17b369c477f' });
    });

    it('matches fulltext terms as case-insensitive word prefixes, ANDed', async () => {
      expect(names(await list(jane, { filter_fulltext: 'LAPT' }))).to.deep.equal(['jdoe laptop']);
      expect(names(await list(jane, { filter_fulltext: 'research storage' }))).to.deep.equal(['Campus Research Storage']);
      expect(names(await list(jane, { filter_fulltext: 'research laptop' }))).to.deep.equal([]);
      expect(names(await list(ahmed, { filter_fulltext: 'khan 042' }))).to.deep.equal(['Khan lab share 042']);
      expect(names(await list(ahmed, { filter_fulltext: 'shares 042' }))).to.deep.equal(['Khan lab share 042']);
    });

    it('searches description, owner_string and the GCSv5 domain too', async () => {
      expect(names(await list(jane, { filter_fulltext: 'workstation' }))).to.deep.equal(['jdoe laptop']);
      expect(await list(jane, { filter_fulltext: 'jdoe@uchicago.edu' })).to.have.nested.property('DATA.length', 3);
      expect(names(await list(jane, { filter_fulltext: 'a1b2c.8f3e.data.globus.org', filter_entity_type: 'GCSv5_mapped_collection' }))).to.deep.equal([
        'Campus Research Storage',
      ]);
    });

    it('filters by entity type and scope', async () => {
      expect(names(await list(jane, { filter_scope: 'my-endpoints', filter_entity_type: 'GCP_mapped_collection' }))).to.deep.equal(['jdoe laptop']);
      expect(names(await list(jane, { filter_scope: 'my-gcp-endpoints' }))).to.deep.equal(['jdoe laptop']);
      expect(names(await list(jane, { filter_scope: 'shared-by-me' }))).to.deep.equal(['Lab share for the Doe group']);
      expect(names(await list(jane, { filter_scope: 'in-use' }))).to.deep.equal(['Lab share for the Doe group']);
    });

    it('returns only the requested fields plus DATA_TYPE', async () => {
      const page = await list(jane, { filter_scope: 'my-endpoints', fields: 'id,display_name' });
      expect(Object.keys(page.DATA[0] ?? {}).sort()).to.deep.equal(['DATA_TYPE', 'display_name', 'id']);
    });
  });

  it('returns realistic documents', async () => {
    const [laptop, guest, mapped] = (await list(jane, { filter_scope: 'my-endpoints' })).DATA;
    expect(laptop).to.include({ DATA_TYPE: 'endpoint', entity_type: 'GCP_mapped_collection', is_globus_connect: true, gcs_version: null, owner_string: JANE });
    expect(guest).to.include({ entity_type: 'GCSv5_guest_collection', gcs_version: '5.4.82', public: true });
    expect(guest).to.have.property('tlsftp_server').that.matches(/^tlsftp:\/\//);
    expect(mapped).to.include({ entity_type: 'GCSv5_mapped_collection', high_assurance: true, owner_id: 'bd9abf42-4a7a-476f-b34b-c17b369c477f' });
    expect(laptop).to.have.all.keys(Object.keys(mapped ?? {}));
  });

  it('shows each identity only its own endpoints', async () => {
    expect((await list(riya, { filter_scope: 'my-endpoints' })).DATA).to.deep.equal([]);
    expect((await list(riya, { filter_fulltext: 'khan' })).DATA).to.deep.equal([]);
    expect((await list(jane, { filter_fulltext: 'khan' })).DATA).to.deep.equal([]);
  });

  it('answers 401 AuthenticationFailed without a token', async () => {
    const response = await endpointSearch(fake, '', { filter_scope: 'my-endpoints' });
    expect(response.statusCode).to.equal(401);
    expect(json<TransferErrorJson>(response).code).to.equal('ClientError.AuthenticationFailed');
  });

  describe('with consent required', () => {
    const dependent = `${TRANSFER_SCOPE}[*https://auth.globus.org/scopes/c04ee0b0-5cb0-4a60-9ec7-349c16d8055e/data_access]`;

    it('answers 403 ConsentRequired until the user consents to the required scope', async () => {
      fake.faults.requireConsent([dependent]);
      const response = await endpointSearch(fake, jane, { filter_scope: 'my-endpoints' });
      expect(response.statusCode).to.equal(403);
      const error = json<TransferErrorJson>(response);
      expect(error).to.include({ code: 'ConsentRequired', resource: '/endpoint_search' });
      expect(error.required_scopes).to.deep.equal([dependent]);
      expect(error.authorization_parameters?.required_scopes).to.deep.equal([dependent]);

      // The remedy: log in again with scope = required_scopes.
      const again = transferToken(await loginAs(fake, JANE, { scope: `openid ${error.required_scopes?.join(' ') ?? ''}` }));
      expect((await endpointSearch(fake, again, { filter_scope: 'my-endpoints' })).statusCode).to.equal(200);
    });
  });
});
