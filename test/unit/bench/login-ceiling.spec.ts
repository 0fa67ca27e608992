import { expect } from 'chai';
import { EXCHANGES_PER_LOGIN, loginCeiling, measureRs512 } from '../../../bench/lib/login-ceiling.js';

describe('bench login ceiling', () => {
  it('divides the cores by the RS512 pair and every exchange of the flow at the bare cost', () => {
    // 2 cores, 800 + 40 µs of RSA, 7 exchanges of 50 + 30 µs: 2e6 / 1400 µs.
    expect(EXCHANGES_PER_LOGIN).to.equal(7);
    expect(loginCeiling(2, { signUs: 800, verifyUs: 40 }, 50, 30)).to.be.closeTo(2e6 / 1400, 1e-9);
  });

  it('falls as any part of a login gets dearer', () => {
    const base = loginCeiling(2, { signUs: 800, verifyUs: 40 }, 50, 30);
    expect(loginCeiling(2, { signUs: 900, verifyUs: 40 }, 50, 30)).to.be.lessThan(base);
    expect(loginCeiling(2, { signUs: 800, verifyUs: 40 }, 60, 30)).to.be.lessThan(base);
    expect(loginCeiling(4, { signUs: 800, verifyUs: 40 }, 50, 30)).to.equal(2 * base);
  });

  it('measures a 2048-bit RS512 signature as far dearer than its verification', () => {
    const cost = measureRs512(5);
    expect(cost.signUs).to.be.greaterThan(0);
    expect(cost.verifyUs).to.be.greaterThan(0);
    expect(cost.signUs).to.be.greaterThan(cost.verifyUs);
  });
});
