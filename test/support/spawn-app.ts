import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { generateKey } from '../../src/adapters/crypto/keys.js';

/** A free loopback port (the OS picks one, we release it and hand it on). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The environment of the app in Globus mode against a fake Globus at `globusUrl`, with fresh secrets. */
export const globusModeEnv = (appUrl: string, globusUrl: string, client: { client_id: string; client_secret: string }): Record<string, string> => ({
  PORT: new URL(appUrl).port,
  BASE_URL: appUrl,
  GLOBUS_CLIENT_ID: client.client_id,
  GLOBUS_CLIENT_SECRET: client.client_secret,
  GLOBUS_AUTH_URL: globusUrl,
  GLOBUS_TRANSFER_URL: globusUrl,
  SESSION_SECRET: randomBytes(32).toString('base64url'),
  TOKEN_ENCRYPTION_KEYS: generateKey(),
  LOG_LEVEL: 'warn',
});

export interface SpawnedApp {
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `src/main.ts` from source (`npm run start:dev`), with only the given environment. */
export const spawnApp = (env: Record<string, string>): SpawnedApp => spawnNode(['--import', 'tsx', 'src/main.ts'], env);

/**
 * Runs a built `main.mjs` as `npm start` runs dist/main.mjs, from another directory than the
 * repository: the bundle must find templates/ and config/ itself.
 */
export const spawnBuilt = (main: string, env: Record<string, string>): SpawnedApp => spawnNode([main], env, '/');

function spawnNode(args: string[], env: Record<string, string>, cwd?: string): SpawnedApp {
  const child = spawn(process.execPath, args, {
    ...(cwd ? { cwd } : {}),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `url` answers 200, or fails after `timeoutMs` with what the process printed. */
export async function waitForHttp(url: string, app: SpawnedApp, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`process exited early:\n${app.output()}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${app.output()}`);
}
