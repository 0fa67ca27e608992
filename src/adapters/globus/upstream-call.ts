import { RequestError, TimeoutError, type Got, type Response } from 'got';
import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamUnavailable } from '../../domain/errors.js';
import { globusBudgetDeadline } from './call-budget.js';
import { reportCall, type GlobusEndpointName, type GlobusService } from './globus-call.js';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  type GlobusHttpSettings,
} from './globus-http.js';
import { retryAfterMs } from './parse/retry-after.js';

/** A Globus answer, whatever its status. */
export interface UpstreamReply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** The service named in domain errors (and so in error pages and logs). */
export type UpstreamServiceName = 'Globus Auth' | 'Globus Auth JWKS' | 'Globus Transfer';

export interface UpstreamRequest {
  readonly endpoint: GlobusEndpointName;
  readonly method: 'GET' | 'POST';
  /** Relative to the got instance's prefixUrl. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly form?: Readonly<Record<string, string>>;
  readonly searchParams?: URLSearchParams;
  /**
   * Safe to send twice: only GETs. A code exchange, refresh or revocation that timed out may
   * have been done at Globus, and a code can be redeemed once: they are never retried.
   */
  readonly idempotent: boolean;
}

export type CallerSettings = Pick<GlobusHttpSettings, 'timeouts' | 'retries' | 'retryBaseDelayMs' | 'maxRetryAfterMs' | 'onCall' | 'logger'>;

/** Statuses worth another GET: rate limited, bad gateway, unavailable, gateway timeout. */
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
/** Network failures worth another GET (the request may never have reached Globus, or was lost). */
const RETRIED_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN']);
/** However many retries are configured, a `Retry-After` is honoured at most this often per call. */
export const MAX_RETRY_AFTER_RETRIES = 2;

type Attempt =
  | { readonly kind: 'reply'; readonly reply: UpstreamReply; readonly retryAfter: string | undefined }
  | { readonly kind: 'failure'; readonly code: string; readonly timedOut: boolean; readonly retryable: boolean };

/**
 * Sends one logical call to Globus: bounded by the total timeout (and by the request's budget, if
 * any), retried with backoff when it is idempotent and the failure is transient, every attempt
 * reported to the observer. Transport failures become UpstreamUnavailable; got's errors are
 * dropped, not wrapped: they carry the request options, Authorization header included.
 */
export class UpstreamCaller {
  private readonly metricService: GlobusService;

  constructor(
    /** From createGlobusHttp: no retries of its own (calls no longer pass `retry` each time). */
    private readonly http: Got,
    private readonly service: UpstreamServiceName,
    private readonly settings: CallerSettings,
  ) {
    this.metricService = service === 'Globus Transfer' ? 'transfer' : 'auth';
  }

  async send(request: UpstreamRequest): Promise<UpstreamReply> {
    const deadline = Math.min(Date.now() + this.settings.timeouts.totalMs, globusBudgetDeadline() ?? Number.POSITIVE_INFINITY);
    let retryAfterRetries = 0;
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new UpstreamUnavailable(this.service, true);
      const outcome = await this.attempt(request, remaining);
      const decision = this.nextStep(request, outcome, attempt, retryAfterRetries, deadline);
      if (outcome.kind === 'failure' || outcome.reply.status >= 500 || outcome.reply.status === 429) {
        this.settings.logger?.warn(
          {
            upstream: this.metricService,
            endpoint: request.endpoint,
            attempt,
            outcome: outcome.kind === 'reply' ? outcome.reply.status : outcome.code,
            retryInMs: decision.retryInMs ?? null,
            ...(decision.note ? { note: decision.note } : {}),
          },
          'Globus call failed',
        );
      }
      if (decision.retryInMs === undefined) {
        if (outcome.kind === 'reply') return outcome.reply;
        throw new UpstreamUnavailable(this.service, outcome.timedOut);
      }
      if (decision.honoursRetryAfter) retryAfterRetries += 1;
      if (decision.retryInMs > 0) await sleep(decision.retryInMs);
    }
  }

  /** Whether and when to try again; `note` says why not, when that is worth a log field. */
  private nextStep(
    request: UpstreamRequest,
    outcome: Attempt,
    attempt: number,
    retryAfterRetries: number,
    deadline: number,
  ): { retryInMs?: number; honoursRetryAfter?: boolean; note?: string } {
    if (!request.idempotent || attempt > this.settings.retries) return {};
    let delay: number;
    let honoursRetryAfter = false;
    if (outcome.kind === 'failure') {
      if (!outcome.retryable) return {};
      delay = this.backoff(attempt);
    } else {
      if (!RETRIED_STATUSES.has(outcome.reply.status)) return {};
      const asked = retryAfterMs(outcome.retryAfter, Date.now());
      if (asked === undefined) {
        delay = this.backoff(attempt);
      } else {
        if (asked > (this.settings.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS)) return { note: 'Retry-After beyond the cap' };
        if (retryAfterRetries >= MAX_RETRY_AFTER_RETRIES) return {};
        delay = asked;
        honoursRetryAfter = true;
      }
    }
    // A retry that could not finish before the deadline only delays the answer.
    if (Date.now() + delay >= deadline) return { note: 'no time left for a retry' };
    return { retryInMs: delay, honoursRetryAfter };
  }

  /** Exponential backoff from the base delay, with jitter so many clients do not retry in step. */
  private backoff(attempt: number): number {
    const base = (this.settings.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS) * 2 ** (attempt - 1);
    return Math.round(base / 2 + (Math.random() * base) / 2);
  }

  private async attempt(request: UpstreamRequest, remainingMs: number): Promise<Attempt> {
    // Only what differs per call: got normalises every option passed (retries are off in the
    // instance's defaults; the query goes into the path as text, not as a URLSearchParams to merge).
    const options = {
      headers: request.headers,
      ...(request.form ? { form: { ...request.form } } : {}),
      timeout: { connect: Math.min(this.settings.timeouts.connectMs, remainingMs), request: remainingMs },
    };
    const path = request.searchParams ? `${request.path}?${request.searchParams.toString()}` : request.path;
    const started = performance.now();
    let response: Response<string>;
    try {
      response = await (request.method === 'GET' ? this.http.get(path, options) : this.http.post(path, options));
    } catch (error) {
      this.report(request, 'error', started);
      if (error instanceof TimeoutError) {
        // No connection within the connect timeout: nothing reached Globus, another GET may do better.
        return { kind: 'failure', code: `timeout:${error.event}`, timedOut: true, retryable: error.event === 'connect' || error.event === 'lookup' };
      }
      if (error instanceof RequestError) {
        return { kind: 'failure', code: error.code, timedOut: error.code === 'ETIMEDOUT', retryable: RETRIED_ERROR_CODES.has(error.code) };
      }
      throw error;
    }
    this.report(request, response.statusCode, started);
    return {
      kind: 'reply',
      reply: { status: response.statusCode, contentType: response.headers['content-type'] ?? '', text: response.body },
      retryAfter: response.headers['retry-after'],
    };
  }

  private report(request: UpstreamRequest, status: number | 'error', started: number): void {
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    reportCall(this.settings.onCall, { service: this.metricService, endpoint: request.endpoint, status, durationMs });
  }
}
