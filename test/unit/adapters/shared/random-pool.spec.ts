import { expect } from 'chai';
import { randomChunk, randomHex, randomToken } from '../../../../src/adapters/shared/random-pool.js';

describe('random pool', () => {
  it('hands out distinct values across many refills (never rewinds)', () => {
    const seen = new Set<string>();
    // 2,000 × 24 bytes: about a dozen refills of the 4 KB pool.
    for (let i = 0; i < 2000; i += 1) seen.add(randomToken(24));
    expect(seen.size).to.equal(2000);
  });

  it('gives a copy the next refill does not change', () => {
    const kept = randomChunk(12);
    const before = kept.toString('hex');
    for (let i = 0; i < 1000; i += 1) randomChunk(12);
    expect(kept.toString('hex')).to.equal(before);
  });

  it('sizes: base64url tokens, hex strings, and more than a pool at once', () => {
    expect(randomToken(24)).to.match(/^[A-Za-z0-9_-]{32}$/);
    expect(randomHex(8)).to.match(/^[0-9a-f]{16}$/);
    const big = randomChunk(10_000);
    expect(big.length).to.equal(10_000);
    expect(new Set(big).size).to.be.greaterThan(200); // random bytes, not a zero-filled buffer
  });
});
