import type { Container } from 'inversify';
import type { InMemoryTokenStore } from '../../../src/adapters/memory/in-memory-token-store.js';
import { TOKENS } from '../../../src/application/tokens.js';
import type { UserSession } from '../../../src/domain/user-session.js';
import { asSessionId } from '../../../src/domain/session-id.js';
import {
  DEMO_CLIENT,
  startFakeGlobus,
  type FakeInspector,
  type FaultControls,
  type RunningFakeGlobus,
} from '../../../src/fake-globus/index.js';
import { startStack, type Stack } from '../../support/start-stack.js';
import { StackHarness, useStack } from '../../support/use-stack.js';
import { GlobusProxy } from './globus-proxy.js';

/** Settings every fault suite starts from: short timeouts so failures are quick, deterministic retries. */
export const FAULT_ENV = {
  GLOBUS_CONNECT_TIMEOUT_MS: '1000',
  GLOBUS_TIMEOUT_MS: '2000',
  GLOBUS_RETRIES: '2',
} as const;

export interface ProxiedStack {
  readonly stack: Stack;
  /** The real fake Globus, behind the proxy. */
  readonly fake: RunningFakeGlobus;
  readonly proxy: GlobusProxy;
  close(): Promise<void>;
}

/** A RunningFakeGlobus whose URL is the proxy's and whose controls reach the real fake once it is up. */
function facade(url: string, real: () => RunningFakeGlobus): RunningFakeGlobus {
  const inspect: FakeInspector = {
    requests: () => real().inspect.requests(),
    issuedTokens: () => real().inspect.issuedTokens(),
    revokedTokens: () => real().inspect.revokedTokens(),
    reset: () => real().inspect.reset(),
  };
  const faults: FaultControls = {
    setLatency: (route, ms) => real().faults.setLatency(route, ms),
    failNext: (route, count, status, body, headers) => real().faults.failNext(route, count, status, body, headers),
    setErrorRate: (route, rate, status, body, headers) => real().faults.setErrorRate(route, rate, status, body, headers),
    setTokenLifetime: (seconds) => real().faults.setTokenLifetime(seconds),
    expireAccessTokens: () => real().faults.expireAccessTokens(),
    requireConsent: (scopes) => real().faults.requireConsent(scopes),
    setEndpointCount: (user, n) => real().faults.setEndpointCount(user, n),
    setClockSkew: (seconds) => real().faults.setClockSkew(seconds),
    rotateRefreshTokens: (on) => real().faults.rotateRefreshTokens(on),
    clear: () => real().faults.clear(),
  };
  return { url, inspect, faults, close: () => Promise.resolve() };
}

/**
 * The app with Globus reached through a GlobusProxy. The fake must know the app's redirect URI,
 * which exists only once the app listens, so the app starts first against the proxy and the fake
 * after it. With `globusDown`, the proxy is closed before the app starts.
 */
export async function startProxiedStack(env: Record<string, string> = {}, options: { globusDown?: boolean; prepare?: (c: Container) => void } = {}): Promise<ProxiedStack> {
  const proxy = await GlobusProxy.start();
  if (options.globusDown) await proxy.down();
  const started: { real?: RunningFakeGlobus } = {};
  const current = (): RunningFakeGlobus => {
    if (!started.real) throw new Error('fake Globus not started yet');
    return started.real;
  };
  const stack = await startStack({ env: { ...FAULT_ENV, ...env }, fake: facade(proxy.url, current), ...(options.prepare ? { prepare: options.prepare } : {}) });
  const fake = await startFakeGlobus({ port: 0, clients: [{ ...DEMO_CLIENT, redirect_uris: [`${stack.appUrl}/login`] }] });
  started.real = fake;
  proxy.forwardTo(fake.url);
  return {
    stack,
    fake,
    proxy,
    async close() {
      await stack.close();
      await proxy.close();
      await fake.close();
    },
  };
}

/** One app + fake Globus with FAULT_ENV (and `env`) for the enclosing describe, reset before each test. */
export function useFaultStack(env: Record<string, string> = {}, options: { prepare?: (c: Container) => void } = {}): StackHarness {
  return useStack({ env: { ...FAULT_ENV, ...env }, ...(options.prepare ? { prepare: options.prepare } : {}) });
}

/** A StackHarness whose `fake` is the real fake behind the proxy, with the proxy at hand. */
export class ProxiedStackHarness extends StackHarness<ProxiedStack> {
  get proxy(): GlobusProxy {
    return this.started.proxy;
  }
}

/** startProxiedStack once for the enclosing describe, reset before each test (see StackHarness). */
export function useProxiedFaultStack(env: Record<string, string> = {}, options: { globusDown?: boolean } = {}): ProxiedStackHarness {
  return new ProxiedStackHarness(() => startProxiedStack(env, options));
}

/** The app's token store (memory in these suites). */
export const tokenStoreOf = (stack: Stack): InMemoryTokenStore => stack.app.container.get<InMemoryTokenStore>(TOKENS.TokenStore);

/** Every logged-in user in the token store, decrypted, with its session id. */
export async function storedSessions(stack: Stack): Promise<Array<{ sid: string; user: UserSession }>> {
  const store = tokenStoreOf(stack);
  const raw = JSON.parse(store.dumpRaw()) as { sessions: Array<[string, unknown]>; attempts: Array<[string, unknown]> };
  const found = await Promise.all(raw.sessions.map(async ([sid]) => ({ sid, user: await store.getSession(asSessionId(sid)) })));
  return found.filter((s): s is { sid: string; user: UserSession } => s.user !== undefined);
}

/** Session ids holding pending logins. */
export function pendingLoginSessions(stack: Stack): string[] {
  const raw = JSON.parse(tokenStoreOf(stack).dumpRaw()) as { attempts: Array<[string, unknown]> };
  return raw.attempts.map(([sid]) => sid);
}

/** The app's log lines, parsed. */
export function logLines(stack: Stack): Array<Record<string, unknown>> {
  return stack.logs.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Token-endpoint requests the fake received for a grant type. */
export function tokenGrants(fake: RunningFakeGlobus, grantType: 'authorization_code' | 'refresh_token'): ReturnType<FakeInspector['requests']> {
  return fake.inspect.requests().filter((r) => r.route === 'token' && r.form['grant_type'] === grantType);
}

/** Requests the fake received on one route. */
export const requestsTo = (fake: RunningFakeGlobus, route: string): ReturnType<FakeInspector['requests']> =>
  fake.inspect.requests().filter((r) => r.route === route);

/** The CSRF token in a page's logout form. */
export function csrfIn(body: string): string {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  if (!csrf) throw new Error('no CSRF token on the page');
  return csrf;
}

/** Every `href` on a page, HTML entities for `&` undone. */
export function linksIn(body: string): string[] {
  return [...body.matchAll(/href="([^"]*)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'));
}
