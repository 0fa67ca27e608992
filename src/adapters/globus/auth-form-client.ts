import type { Got } from 'got';
import { authFailure } from './parse/auth-error.js';
import { parseJsonBody } from './parse/json-body.js';
import { basicAuthorization } from './basic-authorization.js';
import { UpstreamCaller, type CallerSettings } from './upstream-call.js';

/** A successful Auth answer: status and the JSON body (undefined when it was not JSON). */
export interface AuthFormReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Form-encoded POSTs to Globus Auth as a confidential client (Basic auth, no `client_id` in the
 * body). Never retried. Non-2xx answers are thrown as domain errors.
 */
export class AuthFormClient {
  private readonly authorization: string;
  private readonly caller: UpstreamCaller;

  constructor(http: Got, settings: CallerSettings, clientId: string, clientSecret: string) {
    this.authorization = basicAuthorization(clientId, clientSecret);
    this.caller = new UpstreamCaller(http, 'Globus Auth', settings);
  }

  async post(endpoint: 'token' | 'revoke', path: string, form: Readonly<Record<string, string>>): Promise<AuthFormReply> {
    const reply = await this.caller.send({
      endpoint,
      method: 'POST',
      path,
      form,
      headers: { authorization: this.authorization, accept: 'application/json' },
      idempotent: false,
    });
    const body = parseJsonBody(reply.contentType, reply.text);
    if (reply.status < 200 || reply.status > 299) throw authFailure(reply.status, body);
    return { status: reply.status, body };
  }
}
