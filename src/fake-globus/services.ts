import { AuthorizationCodes } from './authorization-codes.js';
import { ClientRegistry } from './clients.js';
import { EndpointDirectory } from './endpoint-directory.js';
import { FaultState } from './faults.js';
import type { IdTokenSigner } from './id-token-signer.js';
import { RequestLog } from './inspector.js';
import { PendingAuthorizations } from './pending-authorizations.js';
import { SignInMemory } from './sign-in-memory.js';
import { TokenRegistry } from './token-registry.js';
import type { FakeClient } from './types.js';

export interface FakeSettings {
  clients: FakeClient[];
  tokenLifetimeSeconds: number;
  adminApi: boolean;
  issuer: string;
}

/** Everything the routes share: one instance per running fake. */
export interface FakeServices {
  settings: FakeSettings;
  now: () => number;
  clients: ClientRegistry;
  pending: PendingAuthorizations;
  signIns: SignInMemory;
  codes: AuthorizationCodes;
  tokens: TokenRegistry;
  endpoints: EndpointDirectory;
  faults: FaultState;
  log: RequestLog;
  signer: IdTokenSigner;
  styles: string;
}

export function createServices(settings: FakeSettings, signer: IdTokenSigner, styles: string, now: () => number = Date.now): FakeServices {
  const tokens = new TokenRegistry(now);
  const endpoints = new EndpointDirectory();
  return {
    settings,
    now,
    clients: new ClientRegistry(settings.clients),
    pending: new PendingAuthorizations(now),
    signIns: new SignInMemory(),
    codes: new AuthorizationCodes(now),
    tokens,
    endpoints,
    faults: new FaultState(settings.tokenLifetimeSeconds, tokens, endpoints),
    log: new RequestLog(tokens),
    signer,
    styles,
  };
}
