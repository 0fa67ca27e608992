import { expect } from 'chai';
import { endpointsOf } from '../../src/fake-globus/endpoint-fixtures.js';
import { parseEndpointSearchQuery, searchEndpoints, type EndpointSearchQuery } from '../../src/fake-globus/endpoint-search.js';
import { searchTerms } from '../../src/fake-globus/fulltext.js';
import { DEMO_IDENTITIES } from '../../src/fake-globus/identities.js';

function query(params: Record<string, string>): EndpointSearchQuery {
  const parsed = parseEndpointSearchQuery(new URLSearchParams(params));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
}

describe('fake Globus: endpoint search logic', () => {
  const ahmed = DEMO_IDENTITIES[1];
  if (ahmed === undefined) throw new Error('fixture missing');
  const docs = endpointsOf(ahmed, 250);

  it('derives search terms: punctuation out, stop words out, light stemming', () => {
    expect(searchTerms('The shares of Khan-lab!')).to.deep.equal(['share', 'khan', 'lab']);
  });

  it('ranks display-name matches above others', () => {
    const result = searchEndpoints(docs, query({ filter_fulltext: 'khan 001' }), ahmed.sub);
    expect(result.DATA.map((d) => d['display_name'])).to.deep.equal(['Khan lab share 001']);
    expect(result.DATA[0]?.['_rank']).to.be.above(0);
  });

  it('keeps has_next_page consistent at the exact end of the data', () => {
    const result = searchEndpoints(docs, query({ filter_scope: 'my-endpoints', limit: '50', offset: '200' }), ahmed.sub);
    expect(result.DATA).to.have.length(50);
    expect(result.has_next_page).to.equal(false);
  });

  it('generates stable ids', () => {
    expect(endpointsOf(ahmed, 3).map((d) => d.id)).to.deep.equal(docs.slice(0, 3).map((d) => d.id));
  });

  it('refuses filter_non_functional together with filter_entity_type', () => {
    const parsed = parseEndpointSearchQuery(new URLSearchParams({ filter_scope: 'my-endpoints', filter_non_functional: '0', filter_entity_type: 'GCSv5_endpoint' }));
    expect(parsed.ok).to.equal(false);
  });
});
