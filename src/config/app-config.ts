import { ConfigError } from './load-settings.js';
import type { Settings } from './settings-schema.js';

/** The app's configuration after mode resolution: what the composition root consumes. */
export interface AppConfig {
  readonly mode: 'demo' | 'globus';
  readonly port: number;
  /** Empty: every interface. */
  readonly host: string;
  /** No trailing slash. */
  readonly baseUrl: string;
  readonly redirectUri: string;
  readonly secureCookies: boolean;
  readonly appName: string;
  readonly logLevel: string;
  readonly trustProxy: boolean;
  readonly globus: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly authUrl: string;
    readonly transferUrl: string;
    readonly issuer: string;
    readonly pkce: boolean;
    readonly refreshTokens: boolean;
    readonly connectTimeoutMs: number;
    readonly timeoutMs: number;
    readonly retries: number;
    readonly clockLeewaySeconds: number;
  };
  readonly session: {
    readonly secrets: readonly string[];
    readonly idleMs: number;
    readonly absoluteMs: number;
    /** How often sessions past `absoluteMs` are looked for and logged out. */
    readonly reapMs: number;
    readonly store: 'memory' | 'redis';
    /** SESSION_STORE=memory: sessions kept at most. */
    readonly memoryMaxSessions: number;
    readonly redisUrl: string;
    readonly redisKeyPrefix: string;
    /** Empty: connect to REDIS_URL directly. Otherwise find the master through these Sentinels. */
    readonly redisSentinels: readonly { readonly host: string; readonly port: number }[];
    readonly redisSentinelName: string;
    /** Empty: no Cluster. Otherwise the seed nodes of a Redis Cluster (takes precedence over Sentinels). */
    readonly redisClusterNodes: readonly { readonly host: string; readonly port: number }[];
  };
  /** Comma-separated AES-256 keys; the first encrypts. */
  readonly tokenEncryptionKeys: string;
  readonly metricsToken: string;
  /** How long a graceful shutdown waits for requests in flight. */
  readonly shutdownTimeoutMs: number;
  readonly fakeGlobusPort: number;
}

/** What demo mode fills in: the built-in fake's URL, its demo client and throwaway secrets. */
export interface DemoOverrides {
  readonly globusUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly sessionSecret: string;
  readonly tokenEncryptionKey: string;
}

export const isDemo = (s: Settings): boolean => s['globus.clientId'] === '';

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
const list = (value: string): string[] => value.split(',').map((v) => v.trim()).filter(Boolean);
/** `host:port` (already validated by the settings schema). */
const hostPort = (value: string): { host: string; port: number } => {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
};

/** Builds the AppConfig; outside demo mode missing secrets stop start-up with a clear message. */
export function toAppConfig(s: Settings, demo?: DemoOverrides): AppConfig {
  if (!demo) {
    const missing = (['globus.clientSecret', 'session.secret', 'tokenEncryptionKeys'] as const)
      .filter((k) => s[k] === '')
      .map((k) => ({ 'globus.clientSecret': 'GLOBUS_CLIENT_SECRET', 'session.secret': 'SESSION_SECRET', tokenEncryptionKeys: 'TOKEN_ENCRYPTION_KEYS' })[k]);
    if (missing.length > 0) throw new ConfigError([`${missing.join(', ')} must be set when GLOBUS_CLIENT_ID is set`]);
  }
  const baseUrl = s.baseUrl.replace(/\/+$/, '');
  return {
    mode: demo ? 'demo' : 'globus',
    port: s.port,
    host: s.host,
    baseUrl,
    redirectUri: `${baseUrl}/login`,
    secureCookies: baseUrl.startsWith('https://'),
    appName: s.appName,
    logLevel: s.logLevel,
    trustProxy: s.trustProxy,
    globus: {
      clientId: demo?.clientId ?? s['globus.clientId'],
      clientSecret: demo?.clientSecret ?? s['globus.clientSecret'],
      authUrl: withSlash(demo?.globusUrl ?? s['globus.authUrl']),
      transferUrl: withSlash(demo?.globusUrl ?? s['globus.transferUrl']),
      issuer: s['globus.issuer'],
      pkce: s['globus.pkce'],
      refreshTokens: s['globus.refreshTokens'],
      connectTimeoutMs: s['globus.connectTimeoutMs'],
      timeoutMs: s['globus.timeoutMs'],
      retries: s['globus.retries'],
      clockLeewaySeconds: s['globus.clockLeewaySeconds'],
    },
    session: {
      secrets: list(s['session.secret'] || (demo?.sessionSecret ?? '')),
      idleMs: s['session.idleSeconds'] * 1000,
      absoluteMs: s['session.absoluteSeconds'] * 1000,
      reapMs: s['session.reapSeconds'] * 1000,
      store: s['session.store'],
      memoryMaxSessions: s['session.memoryMaxSessions'],
      redisUrl: s['session.redisUrl'],
      redisKeyPrefix: s['session.redisKeyPrefix'],
      redisSentinels: list(s['session.redisSentinels']).map(hostPort),
      redisSentinelName: s['session.redisSentinelName'],
      redisClusterNodes: list(s['session.redisClusterNodes']).map(hostPort),
    },
    tokenEncryptionKeys: s.tokenEncryptionKeys || (demo?.tokenEncryptionKey ?? ''),
    metricsToken: s.metricsToken,
    shutdownTimeoutMs: s.shutdownTimeoutSeconds * 1000,
    fakeGlobusPort: s.fakeGlobusPort,
  };
}
