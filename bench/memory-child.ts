/**
 * Memory per logged-in session in the memory store. Run by bench/run.ts as
 * `node --expose-gc --import tsx bench/memory-child.ts <count>...`; prints one JSON line.
 *
 * Method: the real app is assembled (assembleApp: container, AES-GCM cipher, InMemoryTokenStore,
 * InMemorySessionStore, use cases) with only the IdentityProvider swapped for an in-process one
 * that hands out Globus-shaped tokens (two resource servers, 92-character opaque tokens, a
 * demo identity), so no HTTP and no RSA is involved. Each session is created the way a browser
 * login creates it: StartLogin (pending login sealed in the token store, a pre-login
 * koa-session record), CompleteLogin (attempt taken, tokens sealed under a new session id),
 * the pre-login koa-session record destroyed and the final one written in exactly the shape
 * koa-session writes (`{sid, createdAt, seenAt, csrf, _expire, _maxAge}` under a 32-character key).
 * Memory is read after full GCs (global.gc) before any session exists and after each count.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { generateKey } from '../src/adapters/crypto/keys.js';
import type { SessionDataStore } from '../src/adapters/http/http-settings.js';
import { assembleApp } from '../src/app.js';
import type { AuthorizationRequest, CodeGrant, IdentityProvider } from '../src/application/ports/identity-provider.js';
import { TOKENS } from '../src/application/tokens.js';
import { toAppConfig } from '../src/config/app-config.js';
import { loadSettings } from '../src/config/load-settings.js';
import { INFRA, resolveUseCases } from '../src/container.js';
import { IdTokenInvalid } from '../src/domain/errors.js';
import type { Identity } from '../src/domain/identity.js';
import { asSessionId } from '../src/domain/session-id.js';
import { createLogger } from '../src/logger.js';
// The demo identity the tests use: the same sizes a real Globus identity has.
import { JANE } from '../test/fakes/fake-identity-provider.js';

/** Globus-shaped opaque token: 'Ag' + 90 random URL-safe characters (92 like the fake's and the real ones). */
const opaqueToken = (): string => `Ag${randomBytes(68).toString('base64url').slice(0, 90)}`;

/** Hands out fresh tokens for any code; the id_token is bound to the nonce. Keeps nothing. */
class InProcessIdentityProvider implements IdentityProvider {
  lastRequest: AuthorizationRequest | undefined;
  authorizationUrl(request: AuthorizationRequest): string {
    this.lastRequest = request;
    return `https://auth.example/v2/oauth2/authorize?state=${request.state}`;
  }
  exchangeCode(code: string): Promise<CodeGrant> {
    const expiresAt = Date.now() + 172_800_000;
    return Promise.resolve({
      tokens: [
        { resourceServer: 'auth.globus.org', accessToken: opaqueToken(), scope: 'openid profile email', expiresAt },
        { resourceServer: 'transfer.api.globus.org', accessToken: opaqueToken(), scope: 'urn:globus:auth:scope:transfer.api.globus.org:all', expiresAt },
      ],
      idToken: `id.${code}`,
    });
  }
  verifyIdToken(idToken: string, nonce: string): Promise<Identity> {
    return idToken === `id.${nonce}` ? Promise.resolve(JANE) : Promise.reject(new IdTokenInvalid('nonce mismatch'));
  }
  refresh(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
  revoke(): Promise<void> {
    return Promise.resolve();
  }
  logoutUrl(): string {
    return 'https://auth.example/v2/web/logout';
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

async function settle(): Promise<{ rss: number; heapUsed: number; external: number }> {
  for (let i = 0; i < 4; i += 1) {
    gc?.();
    await yieldToLoop();
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

const counts = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
if (counts.length === 0) counts.push(10_000, 100_000);

const settings = loadSettings({
  NODE_ENV: 'production',
  SESSION_STORE: 'memory',
  LOG_LEVEL: 'silent',
  BASE_URL: 'http://127.0.0.1:5000',
  GLOBUS_CLIENT_ID: 'bench-client',
  GLOBUS_CLIENT_SECRET: 'bench-secret',
  SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
  TOKEN_ENCRYPTION_KEYS: generateKey(),
});
const config = toAppConfig(settings);
const idp = new InProcessIdentityProvider();
const app = await assembleApp(config, createLogger('silent', new Writable({ write: (_c, _e, done) => done() })), (c) => {
  c.rebind<IdentityProvider>(TOKENS.IdentityProvider).toConstantValue(idp);
});
const useCases = resolveUseCases(app.container);
const sessions = app.container.get<SessionDataStore & { size(): number }>(INFRA.SessionDataStore);
const cookieKey = (): string => randomBytes(24).toString('base64url');
const storeTtl = config.session.absoluteMs + 10_000;
const options = { rolling: false, changed: true };

/** One browser login, as the HTTP edge performs it, minus HTTP. */
async function createLoggedInSession(): Promise<string> {
  const now = Date.now();
  const started = await useCases.startLogin.execute({ session: undefined });
  const preLoginKey = cookieKey();
  await sessions.set(preLoginKey, { sid: started.session, createdAt: now, seenAt: now, _expire: now + config.session.absoluteMs, _maxAge: config.session.absoluteMs }, storeTtl, options);
  const request = idp.lastRequest;
  if (request === undefined) throw new Error('no authorize request');
  const done = await useCases.completeLogin.execute({ session: started.session, state: request.state, outcome: { code: request.nonce } });
  if (!done.ok) throw new Error(`login failed: ${done.error}`);
  await sessions.destroy(preLoginKey, {});
  const key = cookieKey();
  const data = { sid: done.value.session, createdAt: now, seenAt: now, csrf: randomBytes(24).toString('base64url'), _expire: now + config.session.absoluteMs, _maxAge: config.session.absoluteMs };
  await sessions.set(key, data, storeTtl, options);
  return done.value.session;
}

const before = await settle();
const points: Array<{ sessions: number; rss: number; heapUsed: number; external: number; rssPerSession: number; heapPerSession: number }> = [];
let created = 0;
let firstSid = '';
let lastSid = '';
const t0 = performance.now();
for (const target of [...counts].sort((a, b) => a - b)) {
  while (created < target) {
    lastSid = await createLoggedInSession();
    if (created === 0) firstSid = lastSid;
    created += 1;
    if (created % 1000 === 0) await yieldToLoop();
  }
  const m = await settle();
  points.push({
    sessions: created,
    ...m,
    rssPerSession: (m.rss - before.rss) / created,
    heapPerSession: (m.heapUsed - before.heapUsed) / created,
  });
}
const elapsedMs = performance.now() - t0;

// Sanity: nothing was evicted, the first and last sessions still open.
const intact =
  sessions.size() === created &&
  (await useCases.getCurrentUser.execute(asSessionId(firstSid))) !== undefined &&
  (await useCases.getCurrentUser.execute(asSessionId(lastSid))) !== undefined;

process.stdout.write(`${JSON.stringify({ before, points, intact, liveSessionRecords: sessions.size(), createMsPerSession: elapsedMs / created })}\n`);
await app.close();
