/** True for `application/json` and any `+json` media type, parameters ignored. */
export function isJsonContentType(contentType: string): boolean {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * The parsed body when the response says it is JSON and is; `undefined` otherwise
 * (as the Globus SDKs do, a body is not read as JSON unless its Content-Type says so).
 */
export function parseJsonBody(contentType: string, text: string): unknown {
  if (!isJsonContentType(contentType)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
