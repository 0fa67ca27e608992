import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { boundedLabel, LOGIN_FAILURE_REASONS, loginLabels } from './labels.js';

/** One call to Globus as the Globus adapters report it (their optional `onCall` observer). */
export interface GlobusCall {
  /** e.g. `auth`, `transfer`. */
  readonly service: string;
  /** A fixed name of the API endpoint (e.g. `token`, `endpoint_search`), never a URL. */
  readonly endpoint: string;
  /** HTTP status, or `error` for an attempt that got no answer (timeout, reset). */
  readonly status: number | string;
  readonly durationMs: number;
}

export interface AppMetricsOptions {
  /** Sessions alive in the session store (memory: a map size; Redis: a SCAN count). */
  readonly sessionsActive: () => number | Promise<number>;
  /** Reuse a sessions count for this long, so scrapes stay cheap. Default 30 s. */
  readonly sessionsCacheMs?: number;
  /** Node.js process metrics (CPU, memory, event loop lag, GC). Default true. */
  readonly processMetrics?: boolean;
  /** Milliseconds, for the sessions cache. Default `Date.now`. */
  readonly now?: () => number;
}

const METRIC_PREFIX = 'globus_login_';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const GLOBUS_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

/**
 * Every metric of one app instance, in a registry of its own (not prom-client's global one),
 * so several apps in one process never share or clash. Label values are bounded: no URL,
 * user, session or token ever becomes a label.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly logins: Counter<'outcome' | 'reason'>;
  readonly refreshes: Counter<'outcome'>;
  readonly revocations: Counter<'outcome' | 'resource_server'>;
  readonly globusCalls: Histogram<'service' | 'endpoint' | 'status'>;
  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly sessions: Gauge;
  private readonly resourceServers = new Set<string>();
  private sessionsCache: { value: number; at: number } | undefined;
  private sessionsInFlight: Promise<number> | undefined;

  constructor(private readonly options: AppMetricsOptions) {
    const registers = [this.registry];
    this.logins = new Counter({
      name: `${METRIC_PREFIX}logins_total`,
      help: 'Finished logins (callbacks) by outcome (success, failure, error) and reason.',
      labelNames: ['outcome', 'reason'],
      registers,
    });
    this.refreshes = new Counter({
      name: `${METRIC_PREFIX}token_refreshes_total`,
      help: 'Access token refreshes by outcome (success, rejected, failed).',
      labelNames: ['outcome'],
      registers,
    });
    this.revocations = new Counter({
      name: `${METRIC_PREFIX}token_revocations_total`,
      help: 'Token revocations at Globus Auth (logout, expired sessions) by outcome and resource server.',
      labelNames: ['outcome', 'resource_server'],
      registers,
    });
    this.globusCalls = new Histogram({
      name: `${METRIC_PREFIX}globus_call_duration_seconds`,
      help: 'Latency of calls to Globus Auth and Transfer by service, endpoint and HTTP status.',
      labelNames: ['service', 'endpoint', 'status'],
      buckets: GLOBUS_BUCKETS,
      registers,
    });
    this.httpRequests = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'Latency of requests to this app by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    const sessionsCount = (): Promise<number | undefined> => this.sessionsCount();
    this.sessions = new Gauge({
      name: `${METRIC_PREFIX}sessions_active`,
      help: 'Sessions alive in the session store (logged in or mid-login), shared by every instance on the same store.',
      registers,
      async collect() {
        const value = await sessionsCount();
        if (value !== undefined) this.set(value);
      },
    });
    // Series that dashboards and alerts expect exist from the start, at 0.
    this.logins.inc(loginLabels('success'), 0);
    for (const reason of LOGIN_FAILURE_REASONS) this.logins.inc(loginLabels(reason), 0);
    for (const outcome of ['success', 'rejected', 'failed']) this.refreshes.inc({ outcome }, 0);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The text a Prometheus server scrapes. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Records one call to Globus; what the Globus adapters' `onCall` observer is wired to. */
  observeGlobusCall(call: GlobusCall): void {
    try {
      this.globusCalls.observe(
        {
          service: boundedLabel(call.service),
          endpoint: boundedLabel(call.endpoint),
          status: boundedLabel(String(call.status)),
        },
        Math.max(0, call.durationMs) / 1000,
      );
    } catch {
      // Metrics never break a request.
    }
  }

  /** A resource server as a label: well-formed, and at most 20 distinct ones, then `other`. */
  resourceServerLabel(resourceServer: string): string {
    const label = boundedLabel(resourceServer);
    if (this.resourceServers.has(label)) return label;
    if (label === 'other' || this.resourceServers.size >= 20) return 'other';
    this.resourceServers.add(label);
    return label;
  }

  /** The cached sessions count; one store query at a time; undefined when the store cannot answer. */
  private async sessionsCount(): Promise<number | undefined> {
    const now = (this.options.now ?? Date.now)();
    const cache = this.sessionsCache;
    if (cache && now - cache.at < (this.options.sessionsCacheMs ?? 30_000)) return cache.value;
    this.sessionsInFlight ??= Promise.resolve()
      .then(() => this.options.sessionsActive())
      .finally(() => {
        this.sessionsInFlight = undefined;
      });
    try {
      const value = await this.sessionsInFlight;
      this.sessionsCache = { value, at: now };
      return value;
    } catch {
      // Store down: keep the last value rather than fail the whole scrape.
      return cache?.value;
    }
  }
}
