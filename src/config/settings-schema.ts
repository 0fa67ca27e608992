import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * Every setting: its environment variable, its meaning and its validation. Defaults live in
 * config/default.json; docs/configuration.md is generated from this table.
 */
export const SETTINGS = {
  port: { env: 'PORT', doc: 'TCP port the app listens on (0: the OS picks a free port, logged at start-up).', schema: int(0, 65535) },
  host: { env: 'HOST', doc: 'Address the app listens on, e.g. 127.0.0.1 behind a local reverse proxy. Empty: every interface.', schema: z.string().max(255) },
  baseUrl: { env: 'BASE_URL', doc: 'Public URL of the app; the redirect URI is BASE_URL + /login.', schema: httpUrl },
  appName: { env: 'APP_NAME', doc: 'Shown in the header and on the Globus logout page.', schema: z.string().min(1).max(80) },
  logLevel: { env: 'LOG_LEVEL', doc: 'pino log level (silent, fatal, error, warn, info, debug, trace).', schema: z.enum(['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']) },
  trustProxy: { env: 'TRUST_PROXY', doc: 'Trust X-Forwarded-Proto/-For from a reverse proxy.', schema: bool },
  'globus.clientId': { env: 'GLOBUS_CLIENT_ID', doc: 'Globus Auth client id. Empty: demo mode with the built-in fake Globus.', schema: z.string() },
  'globus.clientSecret': { env: 'GLOBUS_CLIENT_SECRET', doc: 'Globus Auth client secret (required with a client id).', schema: z.string() },
  'globus.authUrl': { env: 'GLOBUS_AUTH_URL', doc: 'Globus Auth base URL.', schema: httpUrl },
  'globus.transferUrl': { env: 'GLOBUS_TRANSFER_URL', doc: 'Globus Transfer base URL (the adapter adds v0.10/).', schema: httpUrl },
  'globus.issuer': { env: 'GLOBUS_ISSUER', doc: 'Expected id_token issuer.', schema: z.string().min(1) },
  'globus.pkce': { env: 'GLOBUS_PKCE', doc: 'Send a PKCE S256 challenge with the authorize request.', schema: bool },
  'globus.refreshTokens': { env: 'GLOBUS_REFRESH_TOKENS', doc: 'Ask for refresh tokens (access_type=offline) and refresh transparently.', schema: bool },
  'globus.connectTimeoutMs': { env: 'GLOBUS_CONNECT_TIMEOUT_MS', doc: 'Connect timeout of each call to Globus.', schema: int(100, 60000) },
  'globus.timeoutMs': { env: 'GLOBUS_TIMEOUT_MS', doc: 'Total timeout of each call to Globus, retries and waits included (one page waits at most 25 s on Globus in all).', schema: int(100, 60000) },
  'globus.retries': { env: 'GLOBUS_RETRIES', doc: 'Retries of idempotent GETs (endpoint search, JWKS) on network errors, connect timeouts, 429 and 502/503/504; a Retry-After up to 5 s is honoured at most twice.', schema: int(0, 5) },
  'globus.clockLeewaySeconds': { env: 'GLOBUS_CLOCK_LEEWAY_SECONDS', doc: 'Accepted clock offset when checking id_token times.', schema: int(0, 600) },
  'session.secret': { env: 'SESSION_SECRET', doc: 'Cookie signing keys, comma-separated (first signs, all verify). Required outside demo mode.', schema: z.string() },
  'session.idleSeconds': { env: 'SESSION_IDLE_SECONDS', doc: 'A session unused this long is logged out (its tokens revoked).', schema: int(1, 3600 * 24 * 30) },
  'session.absoluteSeconds': { env: 'SESSION_ABSOLUTE_SECONDS', doc: 'A session older than this is logged out, however active.', schema: int(1, 3600 * 24 * 90) },
  'session.reapSeconds': { env: 'SESSION_REAP_SECONDS', doc: 'How often sessions past their idle or absolute limit that nobody came back to are logged out (their tokens revoked at Globus). At most 600: expired records are kept only an hour for this.', schema: int(1, 600) },
  'session.memoryMaxSessions': { env: 'SESSION_MEMORY_MAX', doc: 'Sessions the memory store keeps at most; beyond it the least recently written is logged out (its tokens revoked).', schema: int(1, 10_000_000) },
  'session.store': { env: 'SESSION_STORE', doc: 'Where sessions and tokens live: memory or redis.', schema: z.enum(['memory', 'redis']) },
  'session.redisUrl': { env: 'REDIS_URL', doc: 'Redis URL when SESSION_STORE=redis.', schema: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL') },
  'session.redisKeyPrefix': { env: 'REDIS_KEY_PREFIX', doc: 'Prefix of every Redis key this app writes.', schema: z.string().max(64) },
  'session.redisSentinels': {
    env: 'REDIS_SENTINELS',
    doc: 'Redis Sentinel addresses, comma-separated host:port. Set: the master named REDIS_SENTINEL_NAME is found through them (REDIS_URL then gives only password, db and TLS).',
    schema: z.string().regex(/^$|^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, 'must be comma-separated host:port pairs'),
  },
  'session.redisClusterNodes': {
    env: 'REDIS_CLUSTER_NODES',
    doc: 'Redis Cluster seed nodes, comma-separated host:port. Set: the app uses a Cluster client (the other nodes are discovered; REDIS_URL then gives only user, password and TLS; REDIS_SENTINELS is ignored).',
    schema: z.string().regex(/^$|^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, 'must be comma-separated host:port pairs'),
  },
  'session.redisSentinelName': { env: 'REDIS_SENTINEL_NAME', doc: 'Name of the master the Sentinels monitor.', schema: z.string().min(1).max(128) },
  tokenEncryptionKeys: { env: 'TOKEN_ENCRYPTION_KEYS', doc: 'AES-256-GCM keys for tokens at rest, comma-separated base64 (first encrypts, all decrypt). Required outside demo mode.', schema: z.string() },
  metricsToken: { env: 'METRICS_TOKEN', doc: 'Bearer token protecting /metrics. Empty: /metrics is off.', schema: z.string() },
  shutdownTimeoutSeconds: {
    env: 'SHUTDOWN_TIMEOUT_SECONDS',
    doc: 'On SIGTERM/SIGINT: stop accepting, wait this long at most for requests in flight, close Redis, exit 0 (1 when the wait ran out).',
    schema: int(1, 600),
  },
  fakeGlobusPort: { env: 'FAKE_GLOBUS_PORT', doc: 'Port of the built-in fake Globus in demo mode.', schema: int(0, 65535) },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { -readonly [K in SettingKey]: z.output<(typeof SETTINGS)[K]['schema']> };
