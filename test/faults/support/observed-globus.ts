import type { Container } from 'inversify';
import { GlobusAuthIdentityProvider } from '../../../src/adapters/globus/globus-auth-identity-provider.js';
import type { GlobusCall, GlobusLogger } from '../../../src/adapters/globus/globus-call.js';
import { GlobusTransferService } from '../../../src/adapters/globus/globus-transfer-service.js';
import { JoseIdTokenVerifier } from '../../../src/adapters/globus/jose-id-token-verifier.js';
import type { Clock } from '../../../src/application/ports/clock.js';
import type { IdentityProvider } from '../../../src/application/ports/identity-provider.js';
import type { TransferService } from '../../../src/application/ports/transfer-service.js';
import { TOKENS } from '../../../src/application/tokens.js';
import type { AppConfig } from '../../../src/config/app-config.js';
import { INFRA } from '../../../src/container.js';

export interface GlobusObservations {
  readonly calls: GlobusCall[];
  readonly lines: Array<{ readonly fields: Record<string, unknown>; readonly message: string }>;
}

/**
 * A `prepare` hook binding the Globus adapters exactly as src/container.ts does, plus the call
 * observer and the adapter logger (the wiring docs/operations.md ("When Globus misbehaves") asks the composition root
 * for), recording into `into`. With `clockOffsetMs`, the app's Clock runs that far from real time.
 */
export function observedGlobus(into: GlobusObservations, options: { clockOffsetMs?: number } = {}): (c: Container) => void {
  return (c) => {
    if (options.clockOffsetMs !== undefined) {
      const offset = options.clockOffsetMs;
      c.rebind<Clock>(TOKENS.Clock).toConstantValue({ now: () => Date.now() + offset });
    }
    const config = c.get<AppConfig>(INFRA.Config);
    const g = config.globus;
    const logger: GlobusLogger = { warn: (fields, message) => into.lines.push({ fields, message }) };
    const onCall = (call: GlobusCall): void => {
      into.calls.push(call);
    };
    const timeouts = { connectMs: g.connectTimeoutMs, totalMs: g.timeoutMs };
    const auth = {
      authUrl: g.authUrl,
      clientId: g.clientId,
      clientSecret: g.clientSecret,
      redirectUri: config.redirectUri,
      logoutReturnUrl: `${config.baseUrl}/`,
      appName: config.appName,
      issuer: g.issuer,
      clockLeewaySeconds: g.clockLeewaySeconds,
      timeouts,
      retries: g.retries,
      onCall,
      logger,
    };
    c.rebind<IdentityProvider>(TOKENS.IdentityProvider).toResolvedValue(
      (clock: Clock) => new GlobusAuthIdentityProvider(auth, new JoseIdTokenVerifier(auth, clock), clock),
      [TOKENS.Clock],
    );
    c.rebind<TransferService>(TOKENS.TransferService).toConstantValue(
      new GlobusTransferService({ transferUrl: g.transferUrl, timeouts, retries: g.retries, onCall, logger }),
    );
  };
}
