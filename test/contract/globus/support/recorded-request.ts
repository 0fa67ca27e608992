import type { ReplyFnContext } from 'nock';

/** What an adapter sent, as seen by a nock interceptor. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export function recordRequest(context: ReplyFnContext, path: string, body: unknown): RecordedRequest {
  return {
    method: context.req.method,
    path,
    headers: context.req.headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** Form fields in order, so "exactly these fields" is one deep-equal. */
export const formFields = (body: string): Array<[string, string]> => [...new URLSearchParams(body)];

/** Decodes `Basic <base64>` to the raw `id:secret` bytes as a string. */
export function decodeBasic(header: string | undefined): string {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match?.[1]) throw new Error('no Basic authorization header');
  return Buffer.from(match[1], 'base64').toString('utf8');
}
