import type { GlobusTransport } from './globus-http.js';

/** What the Transfer adapter needs: its URL and the transport (retries apply to its GETs). */
export interface GlobusTransferSettings extends GlobusTransport {
  /** Host root, e.g. `https://transfer.api.globus.org/`; the adapter adds `v0.10/`. */
  readonly transferUrl: string;
}
