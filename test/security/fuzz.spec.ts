import { expect } from 'chai';
import fc from 'fast-check';
import { safeReturnPath } from '../../src/domain/return-to.js';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { JANE, rawGet, sessionCookieHeader } from './helpers.js';

/** Strings an attacker would try: plain, unicode, percent-sequences (valid or broken), very long. */
const nasty = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 64 }),
    fc.string({ unit: 'grapheme', maxLength: 32 }),
    fc.string({ unit: 'binary', maxLength: 32 }),
    fc
      .array(fc.constantFrom('%', '%0', '%zz', '%E0%A4%A', '%00', '%FF', '%C0%AF', '%2F', '%5C', '%25', '%u0041', '+', '&', '=', ';', '"', '<', '>', '\\', '/', '..', '\u2028', '\uFEFF', '\uD800'), { maxLength: 24 })
      .map((parts) => parts.join('')),
    fc.string({ minLength: 1000, maxLength: 12_000 }),
    fc.constantFrom('__proto__', 'constructor', 'toString', '[]', '{}', 'null', 'undefined', '-1', '1e309', 'NaN'),
  );

/** How a value lands in the request line: properly encoded, or raw with only framing-breaking bytes escaped. */
const placeInTarget = (value: string, encode: boolean): string => {
  // UTF-8 bytes (a lone surrogate becomes U+FFFD), each written as itself or as %XX.
  const escape = encode ? /[^A-Za-z0-9\-._~]/ : /[\u0000-\u0020\u007f#]/;
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => String.fromCharCode(byte))
    .map((c) => (escape.test(c) ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : c))
    .join('');
};

/** Header values cannot hold CR, LF or NUL without changing the framing (that would test the HTTP parser, not the app). */
const asHeaderValue = (value: string): string => Buffer.from(value, 'utf8').toString('latin1').replace(/[\r\n\u0000]/g, ' ');

describe('Security: fuzzing the callback query and the cookie header (fast-check)', () => {
  let stack: Stack;
  let realCookie: string;
  /** States of pending logins started by the browser holding `preLoginCookie`. */
  const pendingStates: string[] = [];
  let preLoginCookie = '';

  before(async () => {
    stack = await startStack();
    const client = new BrowserClient();
    await loginAs(client, stack.appUrl, JANE);
    realCookie = await sessionCookieHeader(client, stack.appUrl);
    const pending = new BrowserClient();
    for (let i = 0; i < 5; i += 1) {
      const start = await pending.get(`${stack.appUrl}/login`);
      pendingStates.push(new URL(locationOf(start)).searchParams.get('state')!);
    }
    preLoginCookie = await sessionCookieHeader(pending, stack.appUrl);
  });
  after(async () => stack.close());

  /** Requests the app's access log recorded since log line `from`. */
  const reachedApp = (from: number): number => stack.logs.slice(from).filter((line) => line.includes('"msg":"request"')).length;

  const stillHealthy = async () => {
    const health = await rawGet(stack.appUrl, '/healthz');
    expect(health.status).to.equal(200);
    expect(stack.logs.join('\n')).to.not.contain('"unexpected error"');
  };

  it('answers any callback query with a status below 500, and keeps answering', async () => {
    const logged = stack.logs.length;
    let sent = 0;
    const param = fc.record(
      {
        code: nasty(),
        state: fc.oneof(nasty(), fc.constantFrom(...pendingStates)),
        error: nasty(),
        error_description: nasty(),
        iss: fc.oneof(nasty(), fc.constant('https://auth.globus.org')),
        next: nasty(),
        extra: nasty(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(param, fc.boolean(), fc.constantFrom('', 'pre-login', 'logged-in'), fc.boolean(), async (query, encode, cookieKind, repeat) => {
        const pairs = Object.entries(query).map(([k, v]) => `${k}=${placeInTarget(v, encode)}`);
        const search = (repeat ? [...pairs, ...pairs] : pairs).join('&');
        const cookie = cookieKind === 'pre-login' ? preLoginCookie : cookieKind === 'logged-in' ? realCookie : '';
        sent += 1;
        const res = await rawGet(stack.appUrl, `/login?${search}`, cookie ? { cookie } : {});
        expect(res.status, `/login?${search.slice(0, 200)}`).to.be.within(200, 499);
      }),
      { numRuns: 300 },
    );
    // Raw non-ASCII bytes and >16 KB heads are refused by Node's parser (400/431); most must reach the app.
    expect(reachedApp(logged), 'requests that got past the HTTP parser into the app').to.be.greaterThan(sent * 0.3);
    await stillHealthy();
  });

  it('answers any cookie header with a status below 500, and keeps answering', async () => {
    const logged = stack.logs.length;
    let sent = 0;
    const [sid = '', sig = ''] = realCookie.split('; ').map((pair) => pair.slice(pair.indexOf('=') + 1));
    const cookieHeader = fc.oneof(
      nasty(),
      fc.tuple(nasty(), nasty()).map(([a, b]) => `sid=${a}; sid.sig=${b}`),
      nasty().map((n) => `sid=${sid}; sid.sig=${n}`),
      nasty().map((n) => `sid=${n}; sid.sig=${sig}`),
      fc.tuple(nasty(), fc.nat({ max: sid.length })).map(([n, at]) => `sid=${sid.slice(0, at)}${n}${sid.slice(at)}; sid.sig=${sig}`),
      fc.array(fc.tuple(fc.constantFrom('sid', 'sid.sig', 'SID', ' sid', 'sid ', '__Host-sid', ''), nasty()), { maxLength: 8 }).map((list) => list.map(([k, v]) => `${k}=${v}`).join('; ')),
      nasty().map((n) => `${realCookie}; ${n}`),
    );
    await fc.assert(
      fc.asyncProperty(cookieHeader, fc.constantFrom('/', '/endpoints', '/logout', '/login'), fc.boolean(), async (cookie, path, json) => {
        const headers: Record<string, string> = { cookie: asHeaderValue(cookie) };
        if (json) headers['accept'] = 'application/json';
        sent += 1;
        const res = await rawGet(stack.appUrl, path, headers);
        expect(res.status, `${path} with cookie ${JSON.stringify(cookie.slice(0, 120))}`).to.be.within(200, 499);
      }),
      { numRuns: 300 },
    );
    expect(reachedApp(logged), 'requests that got past the HTTP parser into the app').to.be.greaterThan(sent * 0.7);
    await stillHealthy();
    // The genuine session survived all of that.
    expect((await rawGet(stack.appUrl, '/', { cookie: realCookie })).status).to.equal(200);
  });

  it('return-to: for any string, the result is the input or "/", and stays on this site under every decoding', () => {
    const origin = 'https://app.example.test';
    const pathish = fc
      .array(fc.constantFrom('/', '\\', '%', '2F', '2f', '5C', '5c', '25', '09', '0A', '00', 'evil.example', ':', '@', '.', 'http', 'https:', '?', '#', 'a', ' ', '\t', 'login', 'logout'), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(pathish, fc.string()), (candidate) => {
        const result = safeReturnPath(candidate);
        expect([candidate, '/']).to.include(result);
        let form = result;
        for (let round = 0; round < 4; round += 1) {
          expect(new URL(form, origin).origin, `${JSON.stringify(candidate)} → ${JSON.stringify(form)}`).to.equal(origin);
          expect(form).to.match(/^\/(?![/\\])/);
          try {
            form = decodeURIComponent(form);
          } catch {
            break;
          }
        }
      }),
      { numRuns: 5000 },
    );
  });
});
