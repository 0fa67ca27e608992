import { createServer } from 'node:http';
import { generateKey } from './adapters/crypto/keys.js';
import { DEMO_CLIENT, startFakeGlobus, type RunningFakeGlobus } from './fake-globus/index.js';
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
  const app = assembleApp(config, logger);
  const server = createServer(app.koa.callback());
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.maxHeadersCount = 100;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });

  const lines = [
    `${config.appName} is running in ${config.mode === 'demo' ? 'DEMO mode (built-in fake Globus, no registration needed)' : 'Globus mode'}`,
    `  app:          ${config.baseUrl}/`,
    `  Globus Auth:  ${config.globus.authUrl}`,
    `  Transfer:     ${config.globus.transferUrl}`,
    `  store:        ${config.session.store}`,
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      void Promise.all([app.close(), fake?.close()]).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Start-up failed: ${message}`);
  process.exit(1);
});
