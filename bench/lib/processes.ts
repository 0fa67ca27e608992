import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { keepAliveAgent, send } from './http-client.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A port the OS just handed out on loopback (closed again, so a child can bind it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** What the child wrote to stderr (last 64 KB), for failure reports. */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (or signal name). */
  stop(graceMs?: number): Promise<string>;
}

export interface SpawnOptions {
  readonly env: Record<string, string>;
  /** Extra node flags before `--import tsx` (e.g. --cpu-prof, --expose-gc). */
  readonly nodeFlags?: readonly string[];
  /** Run the script through tsx (default); false for plain JavaScript. */
  readonly tsx?: boolean;
  /** Arguments after the script. */
  readonly args?: readonly string[];
  /** Keep the child's stdout (the memory child prints JSON there). */
  readonly captureStdout?: boolean;
}

/** `node [flags] --import tsx <script> [args]` from the repository root: TS run directly, as `npm start` does. */
export function spawnNode(name: string, script: string, options: SpawnOptions): Child & { stdout(): string } {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...(options.tsx === false ? [] : ['--import', 'tsx']), script, ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...options.env },
    stdio: ['ignore', options.captureStdout === true ? 'pipe' : 'ignore', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-65_536);
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? String(code)));
  });
  return {
    name,
    process: child,
    stderr: () => err,
    stdout: () => out,
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}

/**
 * Polls `url` until it answers 200 (every 2 ms); returns the ms since `startedAt`.
 * Throws when the child exits first or after `timeoutMs`.
 */
export async function waitFor200(url: string, child: Child, startedAt: number, timeoutMs = 20_000): Promise<number> {
  const agent = keepAliveAgent();
  try {
    for (;;) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) {
        throw new Error(`${child.name} exited (${child.process.exitCode ?? child.process.signalCode}) before ${url} answered:\n${child.stderr()}`);
      }
      if (performance.now() - startedAt > timeoutMs) throw new Error(`${child.name}: ${url} did not answer 200 within ${timeoutMs} ms\n${child.stderr()}`);
      const status = await send(agent, url, { timeoutMs: 1000 }).then(
        (reply) => reply.status,
        () => 0,
      );
      if (status === 200) return performance.now() - startedAt;
      await sleep(2);
    }
  } finally {
    agent.destroy();
  }
}

/** User + system CPU time of a process in ms, all threads (Linux /proc; 0 elsewhere). */
export function cpuTimeMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

const CLOCK_TICKS = 100;

/** This process's own CPU time in ms (the load generator). */
export const selfCpuTimeMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Busy CPU time of the whole machine in ms, all cores (Linux /proc/stat; 0 elsewhere). */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const ticks = values.map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return ((total - idle) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in MB (Linux /proc; 0 elsewhere). */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? 0 : Number(kb) / 1024;
  } catch {
    return 0;
  }
}
