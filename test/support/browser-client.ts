import got, { type Got, type Response } from 'got';
import { CookieJar } from 'tough-cookie';

/** One request and its response, as the client saw them. */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** A cookie-keeping HTTP client that never follows redirects, so tests see every hop. */
export class BrowserClient {
  readonly jar = new CookieJar();
  readonly http: Got;
  /** Every response body this client received, for leak scans. */
  readonly bodies: string[] = [];
  /** Every request with its response, in order, so leak scans can tell the app from Globus. */
  readonly exchanges: Exchange[] = [];

  constructor() {
    this.http = got.extend({
      cookieJar: this.jar,
      followRedirect: false,
      throwHttpErrors: false,
      retry: { limit: 0 },
      timeout: { request: 10_000 },
      hooks: {
        afterResponse: [
          (response) => {
            this.bodies.push(String(response.body), JSON.stringify(response.headers));
            this.exchanges.push({
              method: response.request.options.method,
              url: response.url,
              statusCode: response.statusCode,
              headers: { ...response.headers },
              body: String(response.body),
            });
            return response;
          },
        ],
      },
    });
  }

  get(url: string, headers: Record<string, string> = {}): Promise<Response<string>> {
    return this.http.get(url, { headers });
  }

  postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response<string>> {
    return this.http.post(url, { form, headers });
  }

  async cookieHeader(url: string): Promise<string> {
    return this.jar.getCookieString(url);
  }
}

export const locationOf = (response: Response<string>): string => {
  const location = response.headers.location;
  if (!location) throw new Error(`expected a redirect, got ${response.statusCode}`);
  return location;
};
