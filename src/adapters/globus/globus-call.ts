/** Which Globus service a call went to, for metrics. */
export type GlobusService = 'auth' | 'transfer';

/** Stable names of the Globus endpoints the adapters call: never a URL, never a token. */
export type GlobusEndpointName = 'token' | 'revoke' | 'jwks' | 'endpoint_search';

/** One HTTP attempt to Globus, as reported to a call observer. */
export interface GlobusCall {
  readonly service: GlobusService;
  /** A stable name such as 'token', 'revoke', 'jwks' or 'endpoint_search'. */
  readonly endpoint: string;
  /** The HTTP status Globus answered, or 'error' when no answer came (network error, timeout). */
  readonly status: number | 'error';
  readonly durationMs: number;
}

/** Called once per HTTP attempt (retries included); must be quick. Whatever it throws is ignored. */
export type GlobusCallObserver = (call: GlobusCall) => void;

/** pino-compatible subset the adapters log through; nothing logged carries a token or a URL. */
export interface GlobusLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Reports a call without ever letting the observer break it (sync throw or rejected promise). */
export function reportCall(observer: GlobusCallObserver | undefined, call: GlobusCall): void {
  if (observer === undefined) return;
  try {
    const result: unknown = observer(call);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // A metrics failure must never become a login failure.
  }
}
