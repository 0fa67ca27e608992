import { expect } from 'chai';
import { retryAfterMs } from '../../../../../src/adapters/globus/parse/retry-after.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('0', NOW)).to.equal(0);
    expect(retryAfterMs(' 2 ', NOW)).to.equal(2000);
    expect(retryAfterMs(['3', '9'], NOW)).to.equal(3000);
  });

  it('reads an HTTP-date, a past one meaning now', () => {
    expect(retryAfterMs('Sat, 28 Nov 2026 12:00:05 GMT', NOW)).to.equal(5000);
    expect(retryAfterMs('Sat, 28 Nov 2026 11:00:00 GMT', NOW)).to.equal(0);
  });

  it('ignores what is absent or unreadable', () => {
    for (const value of [undefined, '', '-1', '1.5', 'soon', '2026-11-28T12:00:05Z', '99999999999']) {
      expect(retryAfterMs(value, NOW), String(value)).to.equal(undefined);
    }
  });
});
