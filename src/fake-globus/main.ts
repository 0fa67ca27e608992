/** Standalone fake Globus: `npm run fake-globus`. Configured by FAKE_GLOBUS_* environment variables. */
import { DEMO_CLIENT } from './clients.js';
import { optionsFromEnv } from './env-config.js';
import { startFakeGlobus } from './start-fake-globus.js';
import type { FakeGlobusOptions, RunningFakeGlobus } from './types.js';

function fail(message: string, exitCode: number): never {
  console.error(`fake Globus: ${message}`);
  process.exit(exitCode);
}

function printBanner(fake: RunningFakeGlobus, options: FakeGlobusOptions): void {
  console.log(`Fake Globus (demo, not the real service) listening on ${fake.url}`);
  console.log(`  Auth: ${fake.url}v2/oauth2/...   Transfer: ${fake.url}v0.10/endpoint_search`);
  console.log(`  Python/JS SDKs: GLOBUS_SDK_SERVICE_URL_AUTH=${fake.url} GLOBUS_SDK_SERVICE_URL_TRANSFER=${fake.url}`);
  for (const client of options.clients ?? [DEMO_CLIENT]) {
    const kind = client.client_secret === undefined ? 'public' : 'confidential';
    console.log(`  client ${client.client_id} (${kind}) -> ${client.redirect_uris.join(', ')}`);
  }
  console.log(`  admin API under ${fake.url}_fake/: ${options.adminApi === true ? 'on' : 'off (FAKE_GLOBUS_ADMIN=true to enable)'}`);
}

const parsed = optionsFromEnv(process.env);
if (!parsed.ok) fail(parsed.message, 2);
const fake = await startFakeGlobus(parsed.options).catch((error: unknown) =>
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`, 1),
);
let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  console.log(`fake Globus: ${signal}, closing`);
  fake.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
// Registered before the banner, so whoever waits for the banner can already stop us.
// `on`, not `once`: tsx re-raises a signal nobody listens to any more, which would kill us mid-close.
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
printBanner(fake, parsed.options);
