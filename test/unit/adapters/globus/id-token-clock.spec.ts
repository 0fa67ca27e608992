import { expect } from 'chai';
import { clockOffsetProblem } from '../../../../src/adapters/globus/id-token-clock.js';

describe('clockOffsetProblem', () => {
  const now = 1_800_000_000;

  it('accepts an iat within the leeway either way', () => {
    for (const offset of [-70, -60, 0, 59.4, 60]) expect(clockOffsetProblem(now + offset, now, 60, 10), String(offset)).to.equal(null);
  });

  it('refuses an iat in the future beyond the leeway: our clock is behind', () => {
    expect(clockOffsetProblem(now + 61, now, 60, 10)).to.match(/issued 61 s in the future \(leeway 60 s\).*behind/);
  });

  it('refuses an iat older than leeway plus transit: our clock is ahead', () => {
    expect(clockOffsetProblem(now - 71, now, 60, 10)).to.match(/issued 71 s ago \(leeway 60 s\).*ahead/);
  });
});
