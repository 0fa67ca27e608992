import { DEFAULT_GLOBUS_RETRIES, DEFAULT_GLOBUS_TIMEOUTS, type GlobusTransport } from './globus-http.js';

/** What the Transfer adapter needs: its URL and the transport (retries apply to its GETs). */
export interface GlobusTransferSettings extends GlobusTransport {
  /** Host root, e.g. `https://transfer.api.globus.org/`; the adapter adds `v0.10/`. */
  readonly transferUrl: string;
}

export const GLOBUS_TRANSFER_DEFAULTS = {
  transferUrl: 'https://transfer.api.globus.org/',
  timeouts: DEFAULT_GLOBUS_TIMEOUTS,
  retries: DEFAULT_GLOBUS_RETRIES,
} as const;
