/** Outcomes the core reports for metrics; implementations must never throw or block. */
export interface AuthEvents {
  loginFinished(outcome: string): void;
  tokenRefreshed(outcome: 'success' | 'rejected' | 'failed'): void;
  tokenRevoked(outcome: 'success' | 'failed', resourceServer: string): void;
}

/** Reports nothing: the default when metrics are off. */
export const silentAuthEvents: AuthEvents = {
  loginFinished: () => undefined,
  tokenRefreshed: () => undefined,
  tokenRevoked: () => undefined,
};
