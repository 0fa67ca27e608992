import { Redis } from 'ioredis';
import { UpstreamUnavailable } from '../../domain/errors.js';

export interface RedisClientOptions {
  /** A command (queued or sent) rejects after this long. Default 2000 ms. */
  readonly commandTimeoutMs?: number;
  /** TCP connect timeout. Default 2000 ms. */
  readonly connectTimeoutMs?: number;
  /** Ceiling of the reconnect backoff. Default 5000 ms. */
  readonly maxReconnectDelayMs?: number;
  /** Connection errors, e.g. for a logger. Without it ioredis prints "Unhandled error event". */
  readonly onError?: (error: Error) => void;
  /**
   * Redis Sentinel: find the master `name` through these sentinels (and follow failovers)
   * instead of connecting to the URL's host. The URL still gives password, db and TLS.
   */
  readonly sentinel?: { readonly sentinels: readonly { readonly host: string; readonly port: number }[]; readonly name: string };
}

/**
 * An ioredis client that fails fast instead of hanging when Redis is down: every command
 * rejects within `commandTimeoutMs`, queued commands are failed after one reconnect attempt,
 * and the client keeps reconnecting with capped exponential backoff, so it recovers when
 * Redis comes back. The caller owns the client: `await client.quit()` on shutdown.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const maxDelay = options.maxReconnectDelayMs ?? 5000;
  const client = new Redis(url, {
    lazyConnect: false,
    // Queue briefly while (re)connecting so a blip is absorbed; commandTimeout bounds the wait.
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
    ...(options.sentinel && options.sentinel.sentinels.length > 0
      ? {
          sentinels: options.sentinel.sentinels.map(({ host, port }) => ({ host, port })),
          name: options.sentinel.name,
          // The same backoff while the sentinels themselves are unreachable.
          sentinelRetryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
          // rediss:// asks for TLS to the master it finds, as it would to a direct host.
          enableTLSForSentinelMode: url.startsWith('rediss://'),
        }
      : {}),
  });
  if (options.onError) client.on('error', options.onError);
  return client;
}

/** Resolves once the client is connected; rejects with UpstreamUnavailable after `timeoutMs`. */
export function waitUntilReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new UpstreamUnavailable('Redis', true));
    }, timeoutMs);
    client.once('ready', onReady);
  });
}

/** True when the client is connected and Redis answers PING; never throws. */
export async function pingRedis(client: Redis): Promise<boolean> {
  if (client.status !== 'ready') return false;
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}
