import { expect } from 'chai';
import { newAuthorizationCode, newOpaqueToken, randomAlnum } from '../../src/fake-globus/random.js';

describe('fake Globus random strings', () => {
  it('have the asked length and only [A-Za-z0-9]', () => {
    for (const length of [1, 9, 30, 90, 500]) expect(randomAlnum(length)).to.match(new RegExp(`^[A-Za-z0-9]{${length}}$`));
    expect(newOpaqueToken()).to.match(/^Ag[A-Za-z0-9]{90}$/);
    expect(newAuthorizationCode()).to.match(/^[A-Za-z0-9]{30}$/);
  });

  it('use every character about equally often (no modulo bias towards the first ones)', () => {
    const counts = new Map<string, number>();
    const draws = 62 * 2000;
    for (const char of randomAlnum(draws)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).to.equal(62);
    // 2,000 expected each; a bias of 5/4 (taking all 256 byte values) would put the first eight near 2,480.
    for (const count of counts.values()) expect(count).to.be.within(1750, 2250);
  });

  it('differ every time', () => {
    expect(new Set(Array.from({ length: 1000 }, () => randomAlnum(30))).size).to.equal(1000);
  });
});
