/** `a=1&b=2`, each part percent-encoded (spaces as `%20`), in the given order. */
export function queryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

/** The base URL with exactly one trailing slash, so relative paths append to it. */
export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
