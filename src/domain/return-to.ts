/** Percent-decodings of a candidate, the candidate first; stops at the first one that does not change or fails. */
function decodings(candidate: string): string[] {
  const forms = [candidate];
  let current = candidate;
  // Three rounds cover double and triple encoding (`%252F`); a longer chain is refused below.
  for (let round = 0; round < 3; round += 1) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return forms;
    }
    if (decoded === current) return forms;
    forms.push(decoded);
    current = decoded;
  }
  forms.push('\u0000'); // still changing after three rounds: refuse
  return forms;
}

/** A form that a browser, a proxy or a later decoding step could read as leaving this site. */
const leavesSite = (form: string): boolean =>
  !form.startsWith('/') ||
  form.startsWith('//') ||
  // Browsers treat `\` like `/`, so `/\evil.example` would leave the site; no control characters either.
  /[\\\u0000-\u001f\u007f]/.test(form) ||
  form.startsWith('/login') ||
  form.startsWith('/logout');

/**
 * Where to send the browser after login: only a local path of this app.
 * Anything else (absolute URLs, `//host`, backslashes, control characters) falls back to `/`,
 * and so does any percent-encoded variant of those (`/%5Cevil.example`, `/%2F%2Fevil`, `%252F`…),
 * in case something between here and the browser decodes once more.
 */
export function safeReturnPath(candidate: string | undefined | null): string {
  if (!candidate || candidate.length > 2048) return '/';
  if (decodings(candidate).some(leavesSite)) return '/';
  return candidate;
}
