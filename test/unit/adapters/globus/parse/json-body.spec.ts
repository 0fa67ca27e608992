import { expect } from 'chai';
import { isJsonContentType, parseJsonBody } from '../../../../../src/adapters/globus/parse/json-body.js';

describe('isJsonContentType', () => {
  it('accepts application/json with parameters and any +json type', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/problem+json']) {
      expect(isJsonContentType(type), type).to.equal(true);
    }
  });

  it('rejects everything else', () => {
    for (const type of ['', 'text/html', 'text/plain; charset=utf-8', 'application/jsonp']) {
      expect(isJsonContentType(type), type).to.equal(false);
    }
  });
});

describe('parseJsonBody', () => {
  it('parses a JSON body', () => {
    expect(parseJsonBody('application/json', '{"error":"invalid_grant"}')).to.deep.equal({ error: 'invalid_grant' });
  });

  it('ignores JSON text served under another content type', () => {
    expect(parseJsonBody('text/plain', '{"error":"invalid_grant"}')).to.equal(undefined);
  });

  it('returns undefined for invalid JSON', () => {
    expect(parseJsonBody('application/json', '<html>')).to.equal(undefined);
  });
});
