import type { Middleware } from 'koa';

/** Headers every response carries: no inline script, no framing, no sniffing, no referrer leaks. */
export function securityHeaders(options: { authOrigin: string; https: boolean }): Middleware {
  const csp = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "script-src 'none'",
    // The logout form's 303 goes on to Globus Auth; browsers check form-action on redirects too.
    `form-action 'self' ${options.authOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', csp);
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    // RFC 6797 §7.2: only over a secure transport. Behind a TLS-terminating proxy ctx.secure
    // comes from X-Forwarded-Proto, which Koa believes only when TRUST_PROXY=true.
    if (options.https && ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
  };
}
