import type { Clock } from '../../../../src/application/ports/clock.js';
import type { GlobusAuthSettings } from '../../../../src/adapters/globus/globus-auth-settings.js';
import type { GlobusTransferSettings } from '../../../../src/adapters/globus/globus-transfer-settings.js';

export const AUTH_ORIGIN = 'https://auth.globus.org';
export const TRANSFER_ORIGIN = 'https://transfer.api.globus.org';
export const CLIENT_ID = '7cb20c91-aec7-48ac-b345-4c5dc452117d';
/** Holds `+`, `/` and `=`, which must reach Globus un-url-encoded inside the Basic header. */
export const CLIENT_SECRET = 'GSCx+A87/hZj0HlRY5y7mn+DjWE/geaTxvUpELIXOQUr9NQ==';
export const REDIRECT_URI = 'https://app.example.org/login';
export const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

export const fixedClock = (now = NOW): Clock => ({ now: () => now });

/** Small timeouts and backoff so failure cases stay fast. */
export function testAuthSettings(overrides: Partial<GlobusAuthSettings> = {}): GlobusAuthSettings {
  return {
    authUrl: `${AUTH_ORIGIN}/`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT_URI,
    logoutReturnUrl: 'https://app.example.org/',
    appName: 'Example Portal',
    issuer: 'https://auth.globus.org',
    clockLeewaySeconds: 60,
    timeouts: { connectMs: 200, totalMs: 300 },
    retries: 2,
    retryBaseDelayMs: 5,
    ...overrides,
  };
}

export function testTransferSettings(overrides: Partial<GlobusTransferSettings> = {}): GlobusTransferSettings {
  return {
    transferUrl: `${TRANSFER_ORIGIN}/`,
    timeouts: { connectMs: 200, totalMs: 300 },
    retries: 2,
    retryBaseDelayMs: 5,
    ...overrides,
  };
}
