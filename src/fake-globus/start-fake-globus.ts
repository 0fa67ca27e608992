import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CLIENT } from './clients.js';
import { IdTokenSigner } from './id-token-signer.js';
import { STYLES_FILE } from './package-root.js';
import { createFakeApp } from './server.js';
import { createServices, type FakeSettings } from './services.js';
import type { FakeGlobusOptions, RunningFakeGlobus } from './types.js';

export const DEFAULT_PORT = 5001;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 172800;
export const DEFAULT_ISSUER = 'https://auth.globus.org';

function settingsFrom(options: FakeGlobusOptions): FakeSettings {
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(tokenLifetimeSeconds) || tokenLifetimeSeconds < 1) {
    throw new RangeError('fake Globus: tokenLifetimeSeconds must be a positive whole number');
  }
  return {
    clients: (options.clients ?? [DEMO_CLIENT]).map((client) => ({ ...client, redirect_uris: [...client.redirect_uris] })),
    tokenLifetimeSeconds,
    adminApi: options.adminApi ?? false,
    issuer: options.issuer ?? DEFAULT_ISSUER,
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** A wildcard bind address is not something a browser can open; advertise loopback instead. */
function urlHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/** Start the fake Globus (Auth + Transfer endpoint_search) on its own HTTP server. */
export async function startFakeGlobus(options: FakeGlobusOptions = {}): Promise<RunningFakeGlobus> {
  const settings = settingsFrom(options);
  const [signer, styles] = await Promise.all([IdTokenSigner.create(), readFile(STYLES_FILE, 'utf8')]);
  const services = createServices(settings, signer, styles);
  const handle = createFakeApp(services).callback();
  // Koa handles its own errors; the returned promise carries nothing to wait for.
  const server = createServer((req, res) => void handle(req, res));
  const address = await listen(server, options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(address)}:${address.port}/`,
    inspect: services.log,
    faults: services.faults,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive connections (got, browsers) would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
