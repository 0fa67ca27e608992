/** Standalone fake Globus: `npm run fake-globus`. Configured by FAKE_GLOBUS_* environment variables. */
import { DEMO_CLIENT } from './clients.js';
import { optionsFromEnv } from './env-config.js';
import { startFakeGlobus } from './start-fake-globus.js';

const parsed = optionsFromEnv(process.env);
if (!parsed.ok) {
  console.error(`fake Globus: ${parsed.message}`);
  process.exit(2);
}

let fake;
try {
  fake = await startFakeGlobus(parsed.options);
} catch (error) {
  console.error(`fake Globus: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const clients = parsed.options.clients ?? [DEMO_CLIENT];
console.log(`Fake Globus (demo, not the real service) listening on ${fake.url}`);
console.log(`  Auth: ${fake.url}v2/oauth2/...   Transfer: ${fake.url}v0.10/endpoint_search`);
console.log(`  Python/JS SDKs: GLOBUS_SDK_SERVICE_URL_AUTH=${fake.url} GLOBUS_SDK_SERVICE_URL_TRANSFER=${fake.url}`);
for (const client of clients) {
  console.log(`  client ${client.client_id} (${client.client_secret === undefined ? 'public' : 'confidential'}) -> ${client.redirect_uris.join(', ')}`);
}
console.log(`  admin API under ${fake.url}_fake/: ${parsed.options.adminApi === true ? 'on' : 'off (FAKE_GLOBUS_ADMIN=true to enable)'}`);

const running = fake;
const stop = (signal: string): void => {
  console.log(`fake Globus: ${signal}, closing`);
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
