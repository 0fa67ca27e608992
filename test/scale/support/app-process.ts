import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

import { freePort } from '../../support/spawn-app.js';

export { freePort };

/** Children still running; killed when the test process exits, whatever happened to the clean-up hooks. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * One app instance as production runs it: `node --import tsx src/main.ts` in a child process,
 * configured by environment variables only. Keeps every stdout line (the JSON logs) across restarts.
 */
export class AppProcess {
  /** Every stdout line of every run of this instance. */
  readonly lines: string[] = [];
  private stderrText = '';
  private child: ChildProcess | undefined;
  private exited: Promise<Exit> = Promise.resolve({ code: null, signal: null });
  private partial = '';
  port = 0;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True while the child process runs. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  stderr(): string {
    return this.stderrText;
  }

  /** The exit of the current run (resolves at once when nothing runs). */
  exit(): Promise<Exit> {
    return this.exited;
  }

  /**
   * Starts the instance (on a free port the first time, the same port on a restart) and waits
   * until /healthz answers. Retries once on another port if the first one was taken meanwhile.
   */
  async start(timeoutMs = 30_000): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      if (this.port === 0 || attempt > 0) this.port = await freePort();
      this.launch();
      try {
        await this.waitHealthy(timeoutMs);
        return;
      } catch (error) {
        if (attempt === 0 && /EADDRINUSE/.test(this.stderrText)) continue;
        throw error;
      }
    }
  }

  /** Sends `signal` without waiting. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child?.kill(signal);
  }

  /** Sends `signal` and waits for the process to exit. */
  async kill(signal: NodeJS.Signals, timeoutMs = 30_000): Promise<Exit> {
    if (!this.running) return this.exited;
    this.child?.kill(signal);
    return this.waitExit(timeoutMs);
  }

  /** Waits for the current run to end; SIGKILLs it (and throws) after `timeoutMs`. */
  async waitExit(timeoutMs: number): Promise<Exit> {
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** Stops the instance for good (test clean-up): SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.running) await this.kill('SIGTERM', 10_000);
  }

  /** The parsed JSON log lines (throws on a line that is not JSON). */
  jsonLines(): Record<string, unknown>[] {
    return this.lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${this.name}: stdout line is not JSON: ${line}`);
      }
    });
  }

  private launch(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    this.stderrText = '';
    this.partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = this.partial + chunk.toString('utf8');
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts.filter((line) => line !== ''));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrText = (this.stderrText + chunk.toString('utf8')).slice(-65_536);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        if (this.partial !== '') this.lines.push(this.partial);
        this.partial = '';
        resolve({ code, signal });
      });
    });
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) {
        const { code, signal } = await this.exited;
        throw new Error(`${this.name} exited (${code ?? signal}) before answering /healthz:\n${this.stderrText}`);
      }
      const status = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`${this.name}: /healthz did not answer 200 within ${timeoutMs} ms\n${this.stderrText}`);
      await sleep(50);
    }
  }
}
