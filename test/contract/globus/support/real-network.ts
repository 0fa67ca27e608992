import nock from 'nock';

/**
 * Takes nock's interceptor out of the http module for the enclosing `describe`. Once any spec has
 * imported nock (as the nock contract specs do) every request goes through its interceptor, which
 * turns a hanging connect into an uncaught ECANCELED and changes how resets surface. Transport
 * behaviour (connect timeouts, resets) must be tested on the real stack.
 */
export function useRealNetwork(): void {
  let restored = false;
  before(() => {
    if (nock.isActive()) {
      nock.restore();
      restored = true;
    }
  });
  after(() => {
    if (restored && !nock.isActive()) nock.activate();
    restored = false;
  });
}
