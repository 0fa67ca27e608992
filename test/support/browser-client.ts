import got, { type Got, type Response } from 'got';
import { CookieJar } from 'tough-cookie';

/** A cookie-keeping HTTP client that never follows redirects, so tests see every hop. */
export class BrowserClient {
  readonly jar = new CookieJar();
  readonly http: Got;
  /** Every response body this client received, for leak scans. */
  readonly bodies: string[] = [];

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
