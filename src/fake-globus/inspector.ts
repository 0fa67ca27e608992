import type { Context, Next } from 'koa';
import { decodeBasic } from './client-auth.js';
import { formBody } from './request-body.js';
import { routeOf } from './route-names.js';
import type { TokenRegistry } from './token-registry.js';
import type { FakeInspector, ReceivedAuthorization, ReceivedRequest } from './types.js';

const REDACTED_FIELDS = new Set(['client_secret']);

function decodeAuthorization(header: string): ReceivedAuthorization | null {
  if (header === '') return null;
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'basic') return { scheme: 'Basic', clientId: decodeBasic(header)?.clientId ?? null };
  if (scheme.toLowerCase() === 'bearer') return { scheme: 'Bearer', token: value };
  return { scheme };
}

function formFields(ctx: Context): Record<string, string> {
  const form = formBody(ctx);
  if (form === null) return {};
  const fields: Record<string, string> = {};
  for (const [name, value] of form) fields[name] = REDACTED_FIELDS.has(name) ? '[redacted]' : value;
  return fields;
}

function copy(request: ReceivedRequest): ReceivedRequest {
  return { ...request, query: { ...request.query }, form: { ...request.form }, authorization: request.authorization && { ...request.authorization } };
}

/** Requests kept by default: far more than any test makes, yet a fake under load stays bounded. */
export const DEFAULT_REQUEST_LOG_LIMIT = 10_000;

/** What the fake received and issued, for assertions in tests. Keeps the newest `limit` requests. */
export class RequestLog implements FakeInspector {
  private received: ReceivedRequest[] = [];

  constructor(
    private readonly tokens: TokenRegistry,
    private readonly limit = DEFAULT_REQUEST_LOG_LIMIT,
  ) {}

  /** Koa middleware recording each request (admin and static paths are left out by the server). */
  readonly middleware = async (ctx: Context, next: Next): Promise<void> => {
    const entry: ReceivedRequest = {
      at: new Date(),
      method: ctx.method,
      path: ctx.path,
      route: routeOf(ctx.path),
      query: Object.fromEntries(new URLSearchParams(ctx.querystring)),
      form: formFields(ctx),
      contentType: ctx.get('Content-Type') || null,
      authorization: decodeAuthorization(ctx.get('Authorization')),
      status: null,
    };
    this.received.push(entry);
    // Trimmed in batches (at twice the limit) so recording stays O(1) per request.
    if (this.received.length >= 2 * this.limit) this.received = this.received.slice(-this.limit);
    try {
      await next();
    } finally {
      entry.status = ctx.status;
    }
  };

  requests(): ReceivedRequest[] {
    return this.received.slice(-this.limit).map(copy);
  }

  issuedTokens(): ReturnType<FakeInspector['issuedTokens']> {
    return this.tokens.snapshot();
  }

  revokedTokens(): string[] {
    return this.tokens.revokedTokens();
  }

  reset(): void {
    this.received = [];
  }
}
