/**
 * Where to send the browser after login: only a local path of this app.
 * Anything else (absolute URLs, `//host`, backslashes, control characters) falls back to `/`.
 */
export function safeReturnPath(candidate: string | undefined | null): string {
  if (!candidate || candidate.length > 2048) return '/';
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return '/';
  // Browsers treat `\` like `/`, so `/\evil.example` would leave the site.
  if (/[\\\u0000-\u001f\u007f]/.test(candidate)) return '/';
  if (candidate.startsWith('/login') || candidate.startsWith('/logout')) return '/';
  return candidate;
}
