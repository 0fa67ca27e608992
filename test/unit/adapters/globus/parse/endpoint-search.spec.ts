import { expect } from 'chai';
import { parseEndpointPage } from '../../../../../src/adapters/globus/parse/endpoint-search.js';
import { globusFixture } from '../../../../contract/globus/support/globus-fixture.js';

const page = (items: unknown[]) => ({ DATA_TYPE: 'endpoint_list', offset: 0, limit: 25, has_next_page: false, DATA: items });

describe('parseEndpointPage', () => {
  it('maps a full page and its paging fields', () => {
    const parsed = parseEndpointPage(globusFixture('transfer-endpoint-search-page-1'));

    expect(parsed?.offset).to.equal(0);
    expect(parsed?.limit).to.equal(2);
    expect(parsed?.hasNextPage).to.equal(true);
    expect(parsed?.endpoints[1]).to.deep.equal({
      id: 'e36a127e-8b48-439c-bea0-b3c78654fb21',
      displayName: 'Lab share for the Doe group',
      ownerString: 'jdoe@uchicago.edu',
      description: null,
      entityType: 'GCSv5_guest_collection',
      gcsVersion: '5.4.82',
    });
  });

  describe('choosing the display name', () => {
    it('falls back to canonical_name when display_name is null', () => {
      expect(parseEndpointPage(globusFixture('transfer-endpoint-search-page-2'))?.endpoints[0]?.displayName).to.equal('jdoe#old-desktop');
    });

    it('falls back to the id when both are missing or empty', () => {
      const parsed = parseEndpointPage(page([{ id: 'abc', display_name: '' }]));
      expect(parsed?.endpoints[0]).to.deep.equal({
        id: 'abc',
        displayName: 'abc',
        ownerString: null,
        description: null,
        entityType: null,
        gcsVersion: null,
      });
    });
  });

  it('turns non-string display fields into null', () => {
    expect(parseEndpointPage(page([{ id: 'abc', description: 42, gcs_version: false }]))?.endpoints[0]).to.include({
      description: null,
      gcsVersion: null,
    });
  });

  for (const [label, body] of [
    ['undefined', undefined],
    ['a result document', { DATA_TYPE: 'result', code: 'Accepted' }],
    ['an item without id', page([{ display_name: 'x' }])],
    ['a missing has_next_page', { DATA: [], offset: 0, limit: 25 }],
  ] as const) {
    it(`returns null for ${label}`, () => {
      expect(parseEndpointPage(body)).to.equal(null);
    });
  }
});
