import { Cluster, Redis } from 'ioredis';
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
  readonly sentinel?: { readonly sentinels: readonly HostPort[]; readonly name: string };
  /**
   * Redis Cluster: connect to these seed nodes (the rest of the cluster is discovered) instead
   * of the URL's host. The URL still gives user, password and TLS; its db must be 0.
   * Takes precedence over `sentinel`.
   */
  readonly clusterNodes?: readonly HostPort[];
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** What the stores talk to: one Redis (standalone or found through Sentinel) or a Cluster. */
export type RedisConnection = Redis | Cluster;

/** Narrows a connection to a Cluster (ioredis sets `isCluster` on both kinds). */
export const isCluster = (connection: RedisConnection): connection is Cluster => connection.isCluster;

/**
 * `createRedisCluster` when `options.clusterNodes` is non-empty, else `createRedisClient`.
 * The caller owns the connection: `await connection.quit()` on shutdown.
 */
export function createRedisConnection(url: string, options: RedisClientOptions = {}): RedisConnection {
  return options.clusterNodes && options.clusterNodes.length > 0
    ? createRedisCluster(url, options.clusterNodes, options)
    : createRedisClient(url, options);
}

/**
 * An ioredis Cluster client with the same fail-fast behaviour as `createRedisClient` on
 * every node connection (command and connect timeouts, one retry, capped backoff). User,
 * password and TLS (`rediss://`) come from `url`; its host and port are ignored.
 */
function createRedisCluster(url: string, nodes: readonly HostPort[], options: RedisClientOptions = {}): Cluster {
  const maxDelay = options.maxReconnectDelayMs ?? 5000;
  const parsed = new URL(url);
  const cluster = new Cluster(
    nodes.map(({ host, port }) => ({ host, port })),
    {
      lazyConnect: false,
      enableOfflineQueue: true,
      // Keep trying to (re)discover the cluster, with the same capped backoff as a single client.
      clusterRetryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
      slotsRefreshTimeout: options.connectTimeoutMs ?? 2000,
      redisOptions: {
        maxRetriesPerRequest: 1,
        commandTimeout: options.commandTimeoutMs ?? 2000,
        connectTimeout: options.connectTimeoutMs ?? 2000,
        ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
        ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
        ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
      },
    },
  );
  if (options.onError) {
    const onError = options.onError;
    cluster.on('error', onError);
    // Per-node connection errors are reported by the cluster as 'node error'.
    cluster.on('node error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  }
  return cluster;
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
export function waitUntilReady(client: RedisConnection, timeoutMs: number): Promise<void> {
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
export async function pingRedis(client: RedisConnection): Promise<boolean> {
  if (client.status !== 'ready') return false;
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}
