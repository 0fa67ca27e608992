import { expect } from 'chai';
import { basicAuthorization } from '../../../../src/adapters/globus/basic-authorization.js';

describe('basicAuthorization', () => {
  it('matches the Basic header of the fact sheet', () => {
    expect(basicAuthorization('7cb20c91-aec7-48ac-b345-4c5dc452117d', 'GSCxA87hZj0HlRY5y7mnDjWEgeaTxvUpELIXOQUr9NQ=')).to.equal(
      'Basic N2NiMjBjOTEtYWVjNy00OGFjLWIzNDUtNGM1ZGM0NTIxMTdkOkdTQ3hBODdoWmowSGxSWTV5N21uRGpXRWdlYVR4dlVwRUxJWE9RVXI5TlE9',
    );
  });

  it('encodes + / = raw, not form-url-encoded first', () => {
    const header = basicAuthorization('id', 'a+b/c==');
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).to.equal('id:a+b/c==');
  });
});
