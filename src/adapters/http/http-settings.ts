/** What the HTTP edge needs from configuration. */
export interface HttpSettings {
  readonly appName: string;
  readonly mode: 'demo' | 'globus';
  /** No trailing slash. */
  readonly baseUrl: string;
  /** Expected `iss` on the callback (RFC 9207), e.g. https://auth.globus.org. */
  readonly issuer: string;
  /** Origin of Globus Auth, allowed as a form-action target (logout redirects there). */
  readonly authOrigin: string;
  readonly sessionSecrets: readonly string[];
  readonly secureCookies: boolean;
  readonly trustProxy: boolean;
  readonly sessionIdleMs: number;
  readonly sessionAbsoluteMs: number;
  /** Bearer token for /metrics; empty: /metrics is off. */
  readonly metricsToken: string;
}

/** pino-compatible subset, so the edge does not depend on a logging library. */
export interface HttpLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** The external store koa-session keeps its small session objects in (memory or Redis). */
export interface SessionDataStore {
  get(key: string, maxAge: number, options: { rolling: boolean; ctx?: unknown }): Promise<unknown>;
  set(key: string, data: unknown, maxAge: number, options: { rolling: boolean; changed: boolean; ctx?: unknown }): Promise<void>;
  destroy(key: string, options: { ctx?: unknown }): Promise<void>;
}
