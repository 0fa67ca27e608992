/** One answer as a light browser sees it. */
export interface LightResponse {
  readonly status: number;
  readonly location: string | null;
  readonly body: string;
}

/**
 * A minimal cookie-keeping client on fetch (undici), for load tests where got + tough-cookie per
 * user would cost more than the app under test. Cookies are kept per origin by name; attributes
 * are ignored (the app and the fake set host-only, path=/ cookies). Redirects are never followed.
 */
export class LightBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  async get(url: string, headers: Record<string, string> = {}): Promise<LightResponse> {
    return this.send(url, { method: 'GET', headers });
  }

  async postForm(url: string, form: Record<string, string>): Promise<LightResponse> {
    return this.send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }

  /** Logs in at the app through the fake Globus (allow), returning the app's answer to the callback. */
  async loginAs(appUrl: string, identity: string): Promise<LightResponse> {
    const start = await this.get(`${appUrl}/login`);
    const authorizeUrl = LightBrowser.target(start, appUrl);
    const authorize = await this.get(authorizeUrl);
    const signInUrl = new URL(LightBrowser.target(authorize, authorizeUrl));
    const request = signInUrl.searchParams.get('request') ?? '';
    await this.postForm(new URL('/fake/sign-in', signInUrl).href, { request, identity });
    const consented = await this.postForm(new URL('/fake/consent', signInUrl).href, { request, decision: 'allow' });
    return this.get(LightBrowser.target(consented, signInUrl.href));
  }

  /** The absolute URL a redirect points to. */
  static target(response: LightResponse, base: string): string {
    if (response.location === null) throw new Error(`expected a redirect, got ${response.status}`);
    return new URL(response.location, base).href;
  }

  private async send(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<LightResponse> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, headers: { ...init.headers, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return { status: response.status, location: response.headers.get('location'), body: await response.text() };
  }
}
