import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Container } from 'inversify';
import { generateKey } from '../../src/adapters/crypto/keys.js';
import { assembleApp, type AssembledApp } from '../../src/app.js';
import { toAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { DEMO_CLIENT, startFakeGlobus, type RunningFakeGlobus } from '../../src/fake-globus/index.js';
import { createLogger } from '../../src/logger.js';

export interface Stack {
  readonly appUrl: string;
  readonly fake: RunningFakeGlobus;
  readonly config: AppConfig;
  readonly app: AssembledApp;
  /** Every line the app logged, as JSON text. */
  readonly logs: string[];
  close(): Promise<void>;
}

export interface StackOptions {
  /** Extra environment settings (same names as production). */
  readonly env?: Record<string, string>;
  /** Rebind ports before the app is built. */
  readonly prepare?: (c: Container) => void;
  /** Reuse a running fake Globus instead of starting one. */
  readonly fake?: RunningFakeGlobus;
  /**
   * The Globus URL the app should use instead of the fake's own, e.g. a proxy put in front of
   * the fake (the caller starts and closes it).
   */
  readonly globusUrlFor?: (fake: RunningFakeGlobus) => Promise<string>;
}

/** The whole app and a fake Globus on loopback, on free ports: what a user runs, minus the CLI. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A BASE_URL override (e.g. https://app.example.test behind a proxy) is a redirect URI too.
  const publicUrl = options.env?.['BASE_URL']?.replace(/\/+$/, '');
  const redirectUris = [...new Set([`${appUrl}/login`, ...(publicUrl ? [`${publicUrl}/login`] : [])])];
  const fake = options.fake ?? (await startFakeGlobus({ port: 0, clients: [{ ...DEMO_CLIENT, redirect_uris: redirectUris }] }));
  const settings = loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'debug', BASE_URL: appUrl, ...options.env });
  const globusUrl = options.globusUrlFor ? await options.globusUrlFor(fake) : fake.url;
  const config = toAppConfig(settings, {
    globusUrl,
    clientId: DEMO_CLIENT.client_id,
    clientSecret: DEMO_CLIENT.client_secret ?? '',
    sessionSecret: 'test-session-secret-0123456789abcdef',
    tokenEncryptionKey: generateKey(),
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = await assembleApp(config, createLogger(config.logLevel, sink), options.prepare);
  const handle = app.koa.callback();
  server.on('request', (req, res) => void handle(req, res));
  return {
    appUrl,
    fake,
    config,
    app,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      if (!options.fake) await fake.close();
    },
  };
}
