import type { Got } from 'got';
import { authFailure } from './parse/auth-error.js';
import { parseJsonBody } from './parse/json-body.js';
import { basicAuthorization } from './basic-authorization.js';
import { callUpstream } from './upstream-call.js';

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

  constructor(
    private readonly http: Got,
    clientId: string,
    clientSecret: string,
  ) {
    this.authorization = basicAuthorization(clientId, clientSecret);
  }

  async post(path: string, form: Readonly<Record<string, string>>): Promise<AuthFormReply> {
    const reply = await callUpstream('Globus Auth', () =>
      this.http.post(path, {
        form,
        headers: { authorization: this.authorization, accept: 'application/json' },
        retry: { limit: 0 },
      }),
    );
    const body = parseJsonBody(reply.contentType, reply.text);
    if (reply.status < 200 || reply.status > 299) throw authFailure(reply.status, body);
    return { status: reply.status, body };
  }
}
