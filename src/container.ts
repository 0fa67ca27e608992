import { Container } from 'inversify';
import { CompleteLogin } from './application/complete-login.js';
import { EndExpiredSessions } from './application/end-expired-sessions.js';
import { KeepSessionAlive } from './application/keep-session-alive.js';
import { FreshTokens } from './application/fresh-tokens.js';
import { GetCurrentUser } from './application/get-current-user.js';
import { ListEndpoints } from './application/list-endpoints.js';
import { DEFAULT_SCOPES, type LoginSettings } from './application/login-settings.js';
import { Logout } from './application/logout.js';
import { asSessionId } from './domain/session-id.js';
import { silentAuthEvents, type AuthEvents } from './application/ports/auth-events.js';
import type { Clock } from './application/ports/clock.js';
import type { IdentityProvider } from './application/ports/identity-provider.js';
import type { RandomSource } from './application/ports/random-source.js';
import type { TokenStore } from './application/ports/token-store.js';
import type { TransferService } from './application/ports/transfer-service.js';
import { StartLogin } from './application/start-login.js';
import { TOKENS } from './application/tokens.js';
import { LOGIN_ATTEMPT_TTL_MS } from './domain/login-attempt.js';
import { AesGcmCipher } from './adapters/crypto/aes-gcm-cipher.js';
import { parseKeys } from './adapters/crypto/keys.js';
import { GlobusAuthIdentityProvider } from './adapters/globus/globus-auth-identity-provider.js';
import type { GlobusAuthSettings } from './adapters/globus/globus-auth-settings.js';
import type { GlobusLogger } from './adapters/globus/globus-call.js';
import { GlobusTransferService } from './adapters/globus/globus-transfer-service.js';
import { GlobusConnectionPool } from './adapters/globus/globus-http.js';
import { JoseIdTokenVerifier } from './adapters/globus/jose-id-token-verifier.js';
import type { SessionDataStore } from './adapters/http/http-settings.js';
import { EXPIRED_SESSION_GRACE_MS } from './adapters/http/session.js';
import type { AppMetrics } from './adapters/metrics/app-metrics.js';
import type * as MetricsAdapters from './adapters/metrics/metrics-adapters.js';
import type { UseCases } from './adapters/http/use-cases.js';
import { InMemorySessionStore } from './adapters/memory/in-memory-session-store.js';
import { InMemoryTokenStore } from './adapters/memory/in-memory-token-store.js';
import type * as RedisClient from './adapters/redis/redis-client.js';
import type { RedisConnection } from './adapters/redis/redis-client.js';
import type * as RedisSessionStores from './adapters/redis/redis-session-store.js';
import type * as RedisTokenStores from './adapters/redis/redis-token-store.js';
import { cryptoRandomSource } from './adapters/system/crypto-random-source.js';
import { startSessionReaper, type SessionReaperOptions } from './adapters/system/session-reaper.js';
import { systemClock } from './adapters/system/system-clock.js';
import type { AppConfig } from './config/app-config.js';

/** Injection tokens of the infrastructure that only the composition root knows about. */
export const INFRA = {
  Config: Symbol.for('AppConfig'),
  Cipher: Symbol.for('TokenCipher'),
  Redis: Symbol.for('Redis'),
  SessionDataStore: Symbol.for('SessionDataStore'),
  Readiness: Symbol.for('Readiness'),
  /** Releases everything: stops the session reaper, then the stores' connections and timers, then the Globus connections. */
  Closer: Symbol.for('Closer'),
  /** What the chosen stores must release. */
  StoreCloser: Symbol.for('StoreCloser'),
  /** Keep-alive connections to Globus Auth (token, revoke, JWKS) and to Transfer. */
  GlobusPools: Symbol.for('GlobusConnectionPools'),
  /** `() => number of live sessions` in the session store. */
  SessionCount: Symbol.for('SessionCount'),
  /** AppMetrics; bound only when METRICS_TOKEN is set. */
  Metrics: Symbol.for('AppMetrics'),
} as const;

/**
 * The adapters only some configurations use, as loaded modules: ioredis and prom-client
 * cost start-up time (parsing and initialising) that the memory store without metrics never
 * needs, so they are imported only when the configuration asks for them.
 */
export interface OptionalAdapters {
  /** Present when SESSION_STORE=redis. */
  readonly redis?: {
    readonly client: typeof RedisClient;
    readonly sessions: typeof RedisSessionStores;
    readonly tokens: typeof RedisTokenStores;
  };
  /** Present when METRICS_TOKEN is set. */
  readonly metrics?: typeof MetricsAdapters;
}

/** Imports the optional adapters `config` needs; `buildContainer` then binds them synchronously. */
export async function loadOptionalAdapters(config: AppConfig): Promise<OptionalAdapters> {
  const [redis, metrics] = await Promise.all([
    config.session.store === 'redis'
      ? Promise.all([
          import('./adapters/redis/redis-client.js'),
          import('./adapters/redis/redis-session-store.js'),
          import('./adapters/redis/redis-token-store.js'),
        ]).then(([client, sessions, tokens]) => ({ client, sessions, tokens }))
      : undefined,
    config.metricsToken === '' ? undefined : import('./adapters/metrics/metrics-adapters.js'),
  ]);
  return { ...(redis ? { redis } : {}), ...(metrics ? { metrics } : {}) };
}

/** The loaded modules the configuration needs; a caller that skipped `loadOptionalAdapters` learns so here. */
function required<T>(loaded: T | undefined, what: string): T {
  if (loaded === undefined) throw new Error(`buildContainer: the ${what} adapters are not loaded (await loadOptionalAdapters(config) first)`);
  return loaded;
}

type Readiness = () => Promise<boolean>;
type Closer = () => Promise<void>;
type SessionCount = () => number | Promise<number>;

/** The composition root: the one place that chooses an adapter for each port. */
export function buildContainer(
  config: AppConfig,
  /** From `loadOptionalAdapters(config)`. */
  adapters: OptionalAdapters,
  onRedisError: (error: Error) => void = () => undefined,
  /** Where the Globus adapters log failed attempts and the session reaper its rounds (without it nothing is logged). */
  logger?: GlobusLogger & SessionReaperOptions['logger'],
): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind<AppConfig>(INFRA.Config).toConstantValue(config);
  // One pool per API for the container's life, kept across rebindGlobus.
  const pools: GlobusPools = { auth: new GlobusConnectionPool(), transfer: new GlobusConnectionPool() };
  c.bind<GlobusPools>(INFRA.GlobusPools).toConstantValue(pools);
  c.bind<Clock>(TOKENS.Clock).toConstantValue(systemClock);
  c.bind<RandomSource>(TOKENS.Random).toConstantValue(cryptoRandomSource);
  c.bind<LoginSettings>(TOKENS.LoginSettings).toConstantValue({
    scopes: DEFAULT_SCOPES,
    pkce: config.globus.pkce,
    refreshTokens: config.globus.refreshTokens,
    expiryMarginMs: 60_000,
  });
  bindMetrics(c, config, adapters);
  c.bind<AesGcmCipher>(INFRA.Cipher).toConstantValue(new AesGcmCipher(parseKeys(config.tokenEncryptionKeys)));

  const metrics = metricsOf(c);
  // Latency of every HTTP attempt to Globus, by service, endpoint and status (when metrics are on).
  bindGlobus(c, config, {
    ...(metrics ? { onCall: (call) => metrics.observeGlobusCall(call) } : {}),
    ...(logger ? { logger } : {}),
  });
  if (config.session.store === 'redis') bindRedisStores(c, config, required(adapters.redis, 'Redis'), onRedisError);
  else bindMemoryStores(c, config);
  bindUseCases(c);
  // Resolved at each round, so a use case rebound by tests (or by `prepare`) is the one that runs.
  const reaper = startSessionReaper({
    endExpired: (limit) => c.get(EndExpiredSessions).execute(limit),
    intervalMs: config.session.reapMs,
    logger: logger ?? { info: () => undefined, warn: () => undefined },
  });
  c.bind<Closer>(INFRA.Closer).toConstantValue(() =>
    reaper
      .stop()
      .then(() => c.get<Closer>(INFRA.StoreCloser)())
      .finally(() => {
        pools.auth.close();
        pools.transfer.close();
      }),
  );
  return c;
}

/** Metrics only with a METRICS_TOKEN: otherwise nothing is counted and /metrics does not exist. */
function bindMetrics(c: Container, config: AppConfig, adapters: OptionalAdapters): void {
  if (config.metricsToken === '') {
    c.bind<AuthEvents>(TOKENS.AuthEvents).toConstantValue(silentAuthEvents);
    return;
  }
  const m = required(adapters.metrics, 'metrics');
  // The store is bound later; the count is looked up when a scrape asks for it.
  const metrics = new m.AppMetrics({
    sessionsActive: () => c.get<SessionCount>(INFRA.SessionCount)(),
    sessionsCacheMs: config.session.store === 'redis' ? 30_000 : 5_000,
  });
  c.bind<AppMetrics>(INFRA.Metrics).toConstantValue(metrics);
  c.bind<AuthEvents>(TOKENS.AuthEvents).toConstantValue(new m.PromAuthEvents(metrics));
}

/** The metrics, when METRICS_TOKEN turned them on. */
export const metricsOf = (c: Container): AppMetrics | undefined => (c.isBound(INFRA.Metrics) ? c.get<AppMetrics>(INFRA.Metrics) : undefined);

/** Who watches the Globus adapters: the call observer (metrics) and the logger of failed attempts. */
export type GlobusObservers = Pick<GlobusAuthSettings, 'onCall' | 'logger'>;

/** Rebinds the Globus adapters with other observers (tests watch every call this way). */
export function rebindGlobus(c: Container, observe: GlobusObservers): void {
  c.unbind(TOKENS.IdentityProvider);
  c.unbind(TOKENS.TransferService);
  bindGlobus(c, c.get<AppConfig>(INFRA.Config), observe);
}

interface GlobusPools {
  readonly auth: GlobusConnectionPool;
  readonly transfer: GlobusConnectionPool;
}

function bindGlobus(c: Container, config: AppConfig, observe: GlobusObservers): void {
  const g = config.globus;
  const timeouts = { connectMs: g.connectTimeoutMs, totalMs: g.timeoutMs };
  const pools = c.get<GlobusPools>(INFRA.GlobusPools);
  const auth: GlobusAuthSettings = {
    authUrl: g.authUrl,
    clientId: g.clientId,
    clientSecret: g.clientSecret,
    redirectUri: config.redirectUri,
    logoutReturnUrl: `${config.baseUrl}/`,
    appName: config.appName,
    issuer: g.issuer,
    clockLeewaySeconds: g.clockLeewaySeconds,
    timeouts,
    retries: g.retries,
    connections: pools.auth,
    ...observe,
  };
  c.bind<IdentityProvider>(TOKENS.IdentityProvider).toResolvedValue(
    (clock: Clock) => new GlobusAuthIdentityProvider(auth, new JoseIdTokenVerifier(auth, clock), clock),
    [TOKENS.Clock],
  );
  c.bind<TransferService>(TOKENS.TransferService).toResolvedValue(
    () => new GlobusTransferService({ transferUrl: g.transferUrl, timeouts, retries: g.retries, connections: pools.transfer, ...observe }),
  );
}

const storeLimits = (config: AppConfig) => ({
  // A new session ends at its idle limit (the HTTP edge moves that end while it is used, never
  // past the absolute limit); its tokens are kept a little longer than any session can last, so
  // the ended session is still found (and its tokens revoked) by the reaper or when the browser
  // comes back.
  sessionLifetimeMs: Math.min(config.session.idleMs, config.session.absoluteMs),
  sessionTtlMs: config.session.absoluteMs + EXPIRED_SESSION_GRACE_MS,
  attemptTtlMs: LOGIN_ATTEMPT_TTL_MS,
  maxPendingAttempts: 5,
});

function bindMemoryStores(c: Container, config: AppConfig): void {
  const sessions = new InMemorySessionStore({
    maxEntries: config.session.memoryMaxSessions,
    // A session pushed out by the cap is logged out for real: tokens revoked at Globus and deleted, not orphaned.
    onEvict: (evicted) => {
      const sid = evicted['sid'];
      // Fire and forget: Logout already tolerates Globus failures; a store failure leaves the tokens to expire, as before.
      if (typeof sid === 'string') c.get(Logout).execute(asSessionId(sid)).catch(() => undefined);
    },
  });
  c.bind<TokenStore>(TOKENS.TokenStore).toResolvedValue(
    (cipher: AesGcmCipher) => new InMemoryTokenStore(cipher, storeLimits(config)),
    [INFRA.Cipher],
  );
  c.bind<SessionDataStore>(INFRA.SessionDataStore).toConstantValue(sessions);
  c.bind<SessionCount>(INFRA.SessionCount).toConstantValue(() => sessions.size());
  c.bind<Readiness>(INFRA.Readiness).toConstantValue(() => Promise.resolve(true));
  c.bind<Closer>(INFRA.StoreCloser).toConstantValue(() => {
    sessions.close();
    c.get<InMemoryTokenStore>(TOKENS.TokenStore).close();
    return Promise.resolve();
  });
}

function bindRedisStores(c: Container, config: AppConfig, modules: NonNullable<OptionalAdapters['redis']>, onError: (error: Error) => void): void {
  const { createRedisConnection, pingRedis } = modules.client;
  const { RedisSessionStore } = modules.sessions;
  const { RedisTokenStore } = modules.tokens;
  const { redisUrl, redisSentinels, redisSentinelName, redisClusterNodes } = config.session;
  const redis = createRedisConnection(redisUrl, {
    onError,
    ...(redisSentinels.length > 0 ? { sentinel: { sentinels: redisSentinels, name: redisSentinelName } } : {}),
    ...(redisClusterNodes.length > 0 ? { clusterNodes: redisClusterNodes } : {}),
  });
  const keyPrefix = config.session.redisKeyPrefix;
  const sessions = new RedisSessionStore(redis, { keyPrefix });
  c.bind<RedisConnection>(INFRA.Redis).toConstantValue(redis);
  c.bind<TokenStore>(TOKENS.TokenStore).toResolvedValue(
    (cipher: AesGcmCipher) => new RedisTokenStore(redis, cipher, { keyPrefix, ...storeLimits(config) }),
    [INFRA.Cipher],
  );
  c.bind<SessionDataStore>(INFRA.SessionDataStore).toConstantValue(sessions);
  c.bind<SessionCount>(INFRA.SessionCount).toConstantValue(() => sessions.count());
  c.bind<Readiness>(INFRA.Readiness).toConstantValue(() => pingRedis(redis));
  c.bind<Closer>(INFRA.StoreCloser).toConstantValue(async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
}

function bindUseCases(c: Container): void {
  const { IdentityProvider: Idp, TokenStore: Store, Clock: Clk, Random: Rnd, LoginSettings: Settings, TransferService: Transfer, AuthEvents: Events } = TOKENS;
  c.bind(FreshTokens).toResolvedValue(
    (idp: IdentityProvider, store: TokenStore, clock: Clock, settings: LoginSettings, events: AuthEvents) =>
      new FreshTokens(idp, store, clock, settings, events),
    [Idp, Store, Clk, Settings, Events],
  );
  c.bind(StartLogin).toResolvedValue(
    (idp: IdentityProvider, store: TokenStore, clock: Clock, random: RandomSource, settings: LoginSettings) =>
      new StartLogin(idp, store, clock, random, settings),
    [Idp, Store, Clk, Rnd, Settings],
  );
  c.bind(CompleteLogin).toResolvedValue(
    (idp: IdentityProvider, store: TokenStore, clock: Clock, random: RandomSource, events: AuthEvents) =>
      new CompleteLogin(idp, store, clock, random, events),
    [Idp, Store, Clk, Rnd, Events],
  );
  c.bind(Logout).toResolvedValue(
    (idp: IdentityProvider, store: TokenStore, events: AuthEvents) => new Logout(idp, store, events),
    [Idp, Store, Events],
  );
  c.bind(EndExpiredSessions).toResolvedValue(
    (idp: IdentityProvider, store: TokenStore, events: AuthEvents) => new EndExpiredSessions(idp, store, events),
    [Idp, Store, Events],
  );
  c.bind(ListEndpoints).toResolvedValue(
    (transfer: TransferService, tokens: FreshTokens) => new ListEndpoints(transfer, tokens),
    [Transfer, FreshTokens],
  );
  c.bind(GetCurrentUser).toResolvedValue((store: TokenStore) => new GetCurrentUser(store), [Store]);
  c.bind(KeepSessionAlive).toResolvedValue((store: TokenStore) => new KeepSessionAlive(store), [Store]);
}

/** Resolves every use case the HTTP edge drives. */
export function resolveUseCases(c: Container): UseCases {
  return {
    startLogin: c.get(StartLogin),
    completeLogin: c.get(CompleteLogin),
    logout: c.get(Logout),
    listEndpoints: c.get(ListEndpoints),
    getCurrentUser: c.get(GetCurrentUser),
    keepSessionAlive: c.get(KeepSessionAlive),
  };
}
