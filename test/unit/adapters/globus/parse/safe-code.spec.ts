import { expect } from 'chai';
import { safeCode } from '../../../../../src/adapters/globus/parse/safe-code.js';

describe('safeCode', () => {
  it('keeps Globus error codes', () => {
    for (const code of ['invalid_grant', 'UNAUTHORIZED', 'ClientError.AuthenticationFailed', 'ConsentRequired']) {
      expect(safeCode(code)).to.equal(code);
    }
  });

  it('drops non-strings, free text and overlong values', () => {
    for (const value of [undefined, 3, '', 'has spaces', 'a'.repeat(65), 'line\nbreak']) expect(safeCode(value)).to.equal(null);
  });
});
