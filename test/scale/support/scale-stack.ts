import { randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { generateKey } from '../../../src/adapters/crypto/keys.js';
import { startFakeGlobus, type RunningFakeGlobus } from '../../../src/fake-globus/index.js';
import { connectOrSkip, deleteUnder, REDIS_URL, uniquePrefix } from '../../contract/token-store/redis-test-support.js';
import { AppProcess } from './app-process.js';
import { HttpSwitch } from './http-switch.js';

/** Everything secret the instances were given: none of it may ever show up in a log line. */
export interface StackSecrets {
  readonly clientSecret: string;
  readonly sessionSecret: string;
  readonly tokenEncryptionKey: string;
  readonly metricsToken: string;
}

export interface ScaleStack {
  readonly fake: RunningFakeGlobus;
  readonly proxy: HttpSwitch;
  /** The shared public URL (the proxy): BASE_URL of every instance. */
  readonly baseUrl: string;
  readonly instances: Record<string, AppProcess>;
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly clientId: string;
  readonly secrets: StackSecrets;
  /** The environment every instance got: start another like them with `new AppProcess(name, env)`. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export interface ScaleStackOptions {
  /** Instance names, e.g. ['a', 'b']; each is one child process. */
  readonly names: readonly string[];
  /** REDIS_URL for the instances (e.g. through a TcpProxy); default the test Redis. */
  readonly redisUrl?: string;
  /** Extra environment for every instance. */
  readonly env?: Record<string, string>;
  /** Turn /metrics on (METRICS_TOKEN = secrets.metricsToken). */
  readonly metrics?: boolean;
}

/**
 * A Globus-mode deployment on loopback: a fake Globus (in process) with one confidential client,
 * a reverse proxy, and N app processes behind it sharing one Redis, one BASE_URL, one session
 * secret and one token key. Call from a `before` hook: without Redis it skips (fails under CI=true).
 */
export async function startScaleStack(context: Mocha.Context, options: ScaleStackOptions): Promise<ScaleStack> {
  const redis = await connectOrSkip(context);
  const keyPrefix = uniquePrefix('scale');
  const proxy = new HttpSwitch();
  const baseUrl = await proxy.start();
  const clientId = `scale-${randomUUID()}`;
  const secrets: StackSecrets = {
    clientSecret: randomBytes(24).toString('base64url'),
    sessionSecret: randomBytes(32).toString('base64url'),
    tokenEncryptionKey: generateKey(),
    metricsToken: randomBytes(24).toString('base64url'),
  };
  const fake = await startFakeGlobus({
    port: 0,
    clients: [{ client_id: clientId, client_secret: secrets.clientSecret, redirect_uris: [`${baseUrl}/login`], name: 'Scale test' }],
  });
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    BASE_URL: baseUrl,
    TRUST_PROXY: 'true',
    GLOBUS_CLIENT_ID: clientId,
    GLOBUS_CLIENT_SECRET: secrets.clientSecret,
    GLOBUS_AUTH_URL: fake.url,
    GLOBUS_TRANSFER_URL: fake.url,
    SESSION_STORE: 'redis',
    REDIS_URL: options.redisUrl ?? REDIS_URL,
    REDIS_KEY_PREFIX: keyPrefix,
    SESSION_SECRET: secrets.sessionSecret,
    TOKEN_ENCRYPTION_KEYS: secrets.tokenEncryptionKey,
    ...(options.metrics === true ? { METRICS_TOKEN: secrets.metricsToken } : {}),
    ...options.env,
  };
  const instances: Record<string, AppProcess> = {};
  for (const name of options.names) instances[name] = new AppProcess(name, env);
  const stack: ScaleStack = {
    fake,
    proxy,
    baseUrl,
    instances,
    redis,
    keyPrefix,
    clientId,
    secrets,
    env,
    async close() {
      // Every step runs whatever failed before it: no process, server or key is left behind.
      const stopped = await Promise.allSettled(Object.values(instances).map((instance) => instance.stop()));
      await Promise.allSettled([proxy.close(), fake.close()]);
      try {
        await deleteUnder(redis, keyPrefix);
      } finally {
        await redis.quit();
      }
      for (const result of stopped) if (result.status === 'rejected') throw result.reason;
    },
  };
  try {
    await Promise.all(Object.values(instances).map((instance) => instance.start()));
  } catch (error) {
    await stack.close();
    throw error;
  }
  for (const instance of Object.values(instances)) proxy.setTarget(instance.name, instance.port);
  return stack;
}
