/** Every error page the app can show: plain words on what happened and what to do. */
export const ERRORS = {
  'not-found': { status: 404, title: 'Page not found', message: 'There is nothing at this address.', action: 'home' },
  'bad-request': { status: 400, title: 'Bad request', message: 'The request could not be understood.', action: 'home' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', message: 'This address does not accept that kind of request.', action: 'home' },
  'no-pending-login': {
    status: 400,
    title: 'This login has expired or is not valid',
    message: 'The login could not be matched to one started in this browser: it was already used, it expired, or the app restarted meanwhile. Nothing was stored. Please start again.',
    action: 'login',
  },
  'login-expired': { status: 400, title: 'Login expired', message: 'The login took too long or the app restarted meanwhile. Please start again.', action: 'login' },
  declined: { status: 403, title: 'Login declined', message: 'You chose not to allow this app access to your Globus account. Nothing was stored.', action: 'login' },
  'code-rejected': { status: 400, title: 'Login failed', message: 'Globus Auth did not accept this login. Please try again.', action: 'login' },
  'id-token-invalid': { status: 400, title: 'Login failed', message: 'Your identity from Globus Auth could not be verified, so the login was refused.', action: 'login' },
  'issuer-mismatch': { status: 400, title: 'Login failed', message: 'The login answer came from an unexpected server and was refused.', action: 'login' },
  forbidden: { status: 403, title: 'Request refused', message: 'This request did not come from this app’s own page, so it was refused.', action: 'home' },
  unauthorized: { status: 401, title: 'Not logged in', message: 'Log in to use this page.', action: 'login' },
  'consent-required': { status: 403, title: 'More consent needed', message: 'Globus needs your consent for more access. Log in again to grant it.', action: 'consent' },
  'globus-unreachable': { status: 502, title: 'Globus could not be reached', message: 'Globus did not answer properly. Your session is safe; please try again in a moment.', action: 'retry' },
  'identity-unverifiable': { status: 503, title: 'Login could not be verified', message: 'Globus Auth’s signing keys could not be fetched, so your identity could not be verified. Nothing was stored; please try again in a moment.', action: 'login' },
  'globus-timeout': { status: 504, title: 'Globus is not answering', message: 'Globus took too long to answer. Your session is safe; please try again in a moment.', action: 'retry' },
  'transfer-unavailable': { status: 503, title: 'Transfer unavailable', message: 'Globus Transfer is busy or down for maintenance. Please try again later.', action: 'retry' },
  'store-unavailable': { status: 503, title: 'Service unavailable', message: 'The session store is unavailable. Please try again in a moment.', action: 'retry' },
  'too-many-requests': { status: 429, title: 'Too many requests', message: 'Please slow down and try again in a moment.', action: 'retry' },
  internal: { status: 500, title: 'Something went wrong', message: 'An unexpected error occurred. It has been logged.', action: 'home' },
} as const satisfies Record<string, { status: number; title: string; message: string; action: 'home' | 'login' | 'retry' | 'consent' }>;

export type ErrorKind = keyof typeof ERRORS;
