import { DEFAULT_GLOBUS_RETRIES, DEFAULT_GLOBUS_TIMEOUTS } from './globus-http.js';

export interface GlobusTransferSettings {
  /** Host root, e.g. `https://transfer.api.globus.org/`; the adapter adds `v0.10/`. */
  readonly transferUrl: string;
  readonly timeouts: { readonly connectMs: number; readonly totalMs: number };
  /** Retries of GETs on network errors and 502/503/504. */
  readonly retries: number;
  readonly userAgent?: string;
  readonly retryBaseDelayMs?: number;
}

export const GLOBUS_TRANSFER_DEFAULTS = {
  transferUrl: 'https://transfer.api.globus.org/',
  timeouts: DEFAULT_GLOBUS_TIMEOUTS,
  retries: DEFAULT_GLOBUS_RETRIES,
} as const;
