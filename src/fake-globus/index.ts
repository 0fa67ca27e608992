/** Built-in fake Globus (Auth + Transfer endpoint_search) for the demo and for tests. Imports nothing from the app. */
export { startFakeGlobus } from './start-fake-globus.js';
export { DEMO_CLIENT } from './clients.js';
export { DEMO_IDENTITIES } from './identities.js';
export type { DemoIdentity, IdentityRecord } from './identities.js';
export type {
  FakeClient,
  FakeGlobusOptions,
  FakeInspector,
  FakeRoute,
  FaultControls,
  FaultResponse,
  IssuedToken,
  ReceivedAuthorization,
  ReceivedRequest,
  RunningFakeGlobus,
} from './types.js';
