import { expect } from 'chai';
import { endpointSearchParams } from '../../../../src/adapters/globus/endpoint-search-query.js';

const limitAndOffset = (offset: number, limit: number) =>
  endpointSearchParams({ offset, limit })?.filter(([key]) => key === 'limit' || key === 'offset');

describe('endpointSearchParams', () => {
  it('asks for my-endpoints with limit and offset, in that order', () => {
    expect(endpointSearchParams({ offset: 0, limit: 25 })).to.deep.equal([
      ['filter_scope', 'my-endpoints'],
      ['limit', '25'],
      ['offset', '0'],
    ]);
  });

  it('adds a trimmed filter_fulltext only when there is text', () => {
    expect(endpointSearchParams({ offset: 0, limit: 25, fulltext: '  lab ' })?.at(-1)).to.deep.equal(['filter_fulltext', 'lab']);
    expect(endpointSearchParams({ offset: 0, limit: 25, fulltext: '   ' })).to.have.length(3);
  });

  it('clamps limit to 1..100 and offset+limit to 1000', () => {
    expect(limitAndOffset(0, 500)).to.deep.equal([['limit', '100'], ['offset', '0']]);
    expect(limitAndOffset(0, 0)).to.deep.equal([['limit', '1'], ['offset', '0']]);
    expect(limitAndOffset(-5, 10)).to.deep.equal([['limit', '10'], ['offset', '0']]);
    expect(limitAndOffset(990, 100)).to.deep.equal([['limit', '10'], ['offset', '990']]);
  });

  it('returns null at or past the 1000th result, or for non-numbers', () => {
    expect(endpointSearchParams({ offset: 1000, limit: 10 })).to.equal(null);
    expect(endpointSearchParams({ offset: 0, limit: Number.NaN })).to.equal(null);
  });
});
