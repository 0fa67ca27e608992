import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { generateKey } from './adapters/crypto/keys.js';
import type { RunningFakeGlobus } from './fake-globus/index.js';
import { assembleApp } from './app.js';
import { isDemo, toAppConfig, type AppConfig } from './config/app-config.js';
import { ConfigError, loadSettings } from './config/load-settings.js';
import { createLogger } from './logger.js';
import { randomBytes } from 'node:crypto';

/** Starts the app; in demo mode (no GLOBUS_CLIENT_ID) also the built-in fake Globus. */
async function main(): Promise<void> {
  let config: AppConfig;
  let fake: RunningFakeGlobus | undefined;
  try {
    const settings = loadSettings();
    if (isDemo(settings)) {
      // Only demo mode runs the fake: loaded here, so Globus mode never loads or parses it.
      const { DEMO_CLIENT, startFakeGlobus } = await import('./fake-globus/index.js');
      const baseUrl = settings.baseUrl.replace(/\/+$/, '');
      fake = await startFakeGlobus({
        port: settings.fakeGlobusPort,
        clients: [{ ...DEMO_CLIENT, redirect_uris: [`${baseUrl}/login`] }],
      });
      config = toAppConfig(settings, {
        globusUrl: fake.url,
        clientId: DEMO_CLIENT.client_id,
        clientSecret: DEMO_CLIENT.client_secret ?? '',
        sessionSecret: randomBytes(32).toString('base64url'),
        tokenEncryptionKey: generateKey(),
      });
    } else {
      config = toAppConfig(settings);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.problems.join('; ')}`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  const app = await assembleApp(config, logger);
  const server = createServer();
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.maxHeadersCount = 100;

  let stopping = false;
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    // A request that arrives on a kept-alive connection while draining is served, then the connection closes.
    if (stopping) res.setHeader('Connection', 'close');
  });
  const handle = app.koa.callback();
  // Koa answers errors itself; the promise carries nothing to wait for.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (config.host === '') server.listen(config.port, resolve);
    else server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;

  logger.info(
    { mode: config.mode, port, host: config.host || '*', baseUrl: config.baseUrl, authUrl: config.globus.authUrl, transferUrl: config.globus.transferUrl, store: config.session.store, metrics: config.metricsToken !== '' },
    'listening',
  );
  // For people: on stderr, so stdout carries nothing but JSON log lines.
  const banner = [
    `${config.appName} is running in ${config.mode === 'demo' ? 'DEMO mode (built-in fake Globus, no registration needed)' : 'Globus mode'}`,
    `  app:          ${config.baseUrl}/  (port ${port})`,
    `  Globus Auth:  ${config.globus.authUrl}`,
    `  Transfer:     ${config.globus.transferUrl}`,
    `  store:        ${config.session.store}`,
  ];
  process.stderr.write(`${banner.join('\n')}\n`);

  /**
   * Graceful shutdown: stop accepting connections, let the requests in flight finish (at most
   * SHUTDOWN_TIMEOUT_SECONDS), close Redis and the demo's fake Globus, exit 0; 1 if the wait ran out.
   */
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: inFlight.size, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    let exiting = false;
    const exit = async (code: number): Promise<void> => {
      if (exiting) return;
      exiting = true;
      clearInterval(idleCloser);
      clearTimeout(deadline);
      const closed = await Promise.race([
        Promise.all([app.close(), fake?.close()]).then(
          () => true,
          () => false,
        ),
        delay(3000).then(() => false),
      ]);
      logger.info({ exitCode: code, storeClosed: closed }, 'stopped');
      process.exit(code);
    };
    const deadline = setTimeout(() => {
      logger.warn({ inFlight: inFlight.size }, 'shutdown timeout: closing connections with requests still in flight');
      server.closeAllConnections();
      void exit(1);
    }, config.shutdownTimeoutMs);
    server.close(() => void exit(0));
    // Kept-alive connections become idle as their last response ends; close them as soon as they do.
    server.closeIdleConnections();
    const idleCloser = setInterval(() => server.closeIdleConnections(), 50);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Start-up failed: ${message}`);
  process.exit(1);
});
