import type { EndpointDirectory } from './endpoint-directory.js';
import type { TokenRegistry } from './token-registry.js';
import type { FakeRoute, FaultControls, FaultResponse } from './types.js';

export interface FaultSnapshot {
  latencyMs: Partial<Record<FakeRoute, number>>;
  pendingFailures: Partial<Record<FakeRoute, number>>;
  errorRates: Partial<Record<FakeRoute, { rate: number; status: number }>>;
  tokenLifetimeSeconds: number;
  requiredConsent: string[] | null;
  endpointCounts: Record<string, number>;
  clockSkewSeconds: number;
  rotateRefreshTokens: boolean;
}

/** Largest id_token clock skew, either way: one day. */
export const MAX_CLOCK_SKEW_SECONDS = 86_400;

function faultResponse(status: number, body: unknown, headers: Record<string, string> | undefined): FaultResponse {
  if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError('fault status must be an HTTP error status (400-599)');
  const response: FaultResponse = { status };
  if (body !== undefined) response.body = body;
  if (headers !== undefined) response.headers = { ...headers };
  return response;
}

/** Fault injection state; everything is off until a test turns it on. */
export class FaultState implements FaultControls {
  private readonly latency = new Map<FakeRoute, number>();
  private readonly failures = new Map<FakeRoute, FaultResponse[]>();
  private readonly errorRates = new Map<FakeRoute, { rate: number; response: FaultResponse }>();
  private lifetime: number;
  private consent: string[] | null = null;
  private skew = 0;
  private rotation = false;

  constructor(
    private readonly defaultLifetimeSeconds: number,
    private readonly tokens: TokenRegistry,
    private readonly endpoints: EndpointDirectory,
    private readonly random: () => number = Math.random,
  ) {
    this.lifetime = defaultLifetimeSeconds;
  }

  setLatency(route: FakeRoute, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a non-negative number of milliseconds');
    if (ms === 0) this.latency.delete(route);
    else this.latency.set(route, ms);
  }

  failNext(route: FakeRoute, count: number, status: number, body?: unknown, headers?: Record<string, string>): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
    const queue = this.failures.get(route) ?? [];
    const response = faultResponse(status, body, headers);
    for (let i = 0; i < count; i += 1) queue.push(response);
    this.failures.set(route, queue);
  }

  setErrorRate(route: FakeRoute, rate: number, status: number, body?: unknown, headers?: Record<string, string>): void {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError('rate must be between 0 and 1');
    if (rate === 0) this.errorRates.delete(route);
    else this.errorRates.set(route, { rate, response: faultResponse(status, body, headers) });
  }

  setTokenLifetime(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 1) throw new RangeError('token lifetime must be a positive whole number of seconds');
    this.lifetime = seconds;
  }

  expireAccessTokens(): void {
    this.tokens.expireAllAccessTokens();
  }

  requireConsent(scopes: string[] | null): void {
    this.consent = scopes === null ? null : [...scopes];
  }

  setEndpointCount(identityUsername: string, n: number): void {
    this.endpoints.setCount(identityUsername, n);
  }

  setClockSkew(seconds: number): void {
    if (!Number.isInteger(seconds) || Math.abs(seconds) > MAX_CLOCK_SKEW_SECONDS) {
      throw new RangeError(`clock skew must be a whole number of seconds between -${MAX_CLOCK_SKEW_SECONDS} and ${MAX_CLOCK_SKEW_SECONDS}`);
    }
    this.skew = seconds;
  }

  rotateRefreshTokens(on: boolean): void {
    this.rotation = on;
  }

  clear(): void {
    this.latency.clear();
    this.failures.clear();
    this.errorRates.clear();
    this.lifetime = this.defaultLifetimeSeconds;
    this.consent = null;
    this.skew = 0;
    this.rotation = false;
    this.endpoints.resetCounts();
  }

  // Read side, used by the server.

  latencyFor(route: FakeRoute): number {
    return this.latency.get(route) ?? 0;
  }

  /** The failure to answer this request with, if any (queued failures first). */
  takeFailure(route: FakeRoute): FaultResponse | undefined {
    const queued = this.failures.get(route)?.shift();
    if (queued !== undefined) return queued;
    const rate = this.errorRates.get(route);
    return rate !== undefined && this.random() < rate.rate ? rate.response : undefined;
  }

  tokenLifetimeSeconds(): number {
    return this.lifetime;
  }

  requiredConsent(): string[] | null {
    return this.consent === null ? null : [...this.consent];
  }

  clockSkewSeconds(): number {
    return this.skew;
  }

  rotatesRefreshTokens(): boolean {
    return this.rotation;
  }

  snapshot(): FaultSnapshot {
    const pending = [...this.failures].filter(([, queue]) => queue.length > 0).map(([route, queue]): [FakeRoute, number] => [route, queue.length]);
    const rates = [...this.errorRates].map(([route, { rate, response }]): [FakeRoute, { rate: number; status: number }] => [route, { rate, status: response.status }]);
    return {
      latencyMs: Object.fromEntries(this.latency),
      pendingFailures: Object.fromEntries(pending),
      errorRates: Object.fromEntries(rates),
      tokenLifetimeSeconds: this.lifetime,
      requiredConsent: this.requiredConsent(),
      endpointCounts: this.endpoints.countsByUsername(),
      clockSkewSeconds: this.skew,
      rotateRefreshTokens: this.rotation,
    };
  }
}
