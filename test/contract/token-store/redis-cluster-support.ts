import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRedisConnection, type HostPort, type RedisConnection, waitUntilReady } from '../../../src/adapters/redis/redis-client.js';
import { type SuiteRedis, useSuiteRedis } from './redis-test-support.js';

const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface LocalRedisCluster {
  /** The masters, 127.0.0.1:<port> each. */
  readonly nodes: readonly HostPort[];
  /** Kills the servers and removes their files. */
  stop(): Promise<void>;
}

/** True when the loopback port can be listened on right now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` loopback ports P whose cluster bus port P + 10000 is free too. */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < count && tries < 500; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (ports.includes(port)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) ports.push(port);
  }
  if (ports.length < count) throw new Error('no free loopback ports for a Redis Cluster');
  return ports;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 10_000 });
  return stdout;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts a Redis Cluster of `masters` masters (no replicas, no persistence) on free loopback
 * ports, from a `before` hook. Without redis-server / redis-cli the suite fails under CI=true
 * and is marked pending (with the reason printed) everywhere else.
 */
export async function startClusterOrSkip(context: Mocha.Context, masters = 3): Promise<LocalRedisCluster> {
  const missing = ['redis-server', 'redis-cli'].filter((tool) => spawnSync(tool, ['--version']).error !== undefined);
  if (missing.length > 0) {
    const reason = `${missing.join(' and ')} not found on PATH (Redis 7 is needed to start a local Cluster)`;
    if (process.env['CI'] === 'true') throw new Error(`${reason}; CI=true requires it`);
    console.warn(`  skipping ${context.test?.parent?.title ?? 'Redis Cluster suite'}: ${reason}`);
    return context.skip();
  }

  const dir = await mkdtemp(join(tmpdir(), 'redis-cluster-'));
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(kill));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const ports = await freePorts(masters);
    for (const port of ports) {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)];
      args.push('--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no');
      children.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    for (const port of ports) {
      await until(`redis-server on port ${port}`, 10_000, async () => (await cli(port, 'ping')).trim() === 'PONG');
    }
    const create = ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'];
    await run('redis-cli', create, { timeout: 30_000 });
    for (const port of ports) {
      await until(`cluster_state:ok on port ${port}`, 20_000, async () => (await cli(port, 'cluster', 'info')).includes('cluster_state:ok'));
    }
    return { nodes: ports.map((port) => ({ host: '127.0.0.1', port })), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** useSuiteRedis on a local 3-master Cluster started for the suite (and stopped after it). */
export function useLocalRedisCluster(suite: string): SuiteRedis<RedisConnection> {
  return useSuiteRedis<RedisConnection>(suite, async (context) => {
    const cluster = await startClusterOrSkip(context);
    const connection = createRedisConnection('redis://127.0.0.1', { clusterNodes: cluster.nodes, onError: () => {} });
    await waitUntilReady(connection, 10_000);
    return { connection, stop: () => cluster.stop() };
  });
}
