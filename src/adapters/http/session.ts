import type { Context, Middleware } from 'koa';
import type Koa from 'koa';
import createSession from 'koa-session';
import { asSessionId, type SessionId } from '../../domain/session-id.js';
import { randomToken } from '../shared/random-pool.js';
import { cookieSigner } from './cookie-signer.js';
import type { HttpSettings, SessionDataStore } from './http-settings.js';

/**
 * The small object koa-session keeps server-side. The cookie carries only koa-session's
 * opaque key; tokens live in the TokenStore under `sid`.
 */
interface SessionData {
  sid?: string;
  csrf?: string;
  createdAt?: number;
  seenAt?: number;
}
interface KoaSessionObject extends SessionData {
  regenerate(): Promise<void> | undefined;
}
type WithSession = { session: KoaSessionObject | null };

const session = (ctx: Context): KoaSessionObject | null => (ctx as unknown as WithSession).session;

/** How long after the absolute limit the cookie (and its store entry) still reach us, to be logged out for real. */
export const EXPIRED_SESSION_GRACE_MS = 60 * 60 * 1000;

/** Cookie name: `__Host-` only over https, where browsers enforce Secure, Path=/ and no Domain. */
const sessionCookieName = (settings: HttpSettings): string => (settings.secureCookies ? '__Host-sid' : 'sid');

/**
 * koa-session with an external store: signed, HttpOnly, SameSite=Lax, Secure under https.
 * Under an https BASE_URL the cookie is Secure whatever the connection looks like: TLS usually
 * ends at a proxy, and the cookie's flags must come from configuration, never from request
 * headers (without this, Koa refuses to set a Secure cookie on a plain-http hop and answers 500).
 */
export function sessionMiddleware(app: Koa, settings: HttpSettings, store: SessionDataStore): Middleware {
  app.keys = cookieSigner(settings.sessionSecrets);
  const koaSession = createSession(
    {
      key: sessionCookieName(settings),
      store,
      // Longer than the absolute limit on purpose: koa-session silently drops a session past its
      // own expiry, so the cookie must outlive our limits for sessionLifetime to see the expired
      // session, revoke its tokens and destroy it.
      maxAge: settings.sessionAbsoluteMs + EXPIRED_SESSION_GRACE_MS,
      httpOnly: true,
      signed: true,
      sameSite: 'lax',
      secure: settings.secureCookies,
      rolling: false,
      renew: false,
      autoCommit: true,
      genid: () => randomToken(24),
    },
    app,
  ) as Middleware;
  if (!settings.secureCookies) return koaSession;
  return async (ctx, next) => {
    ctx.cookies.secure = true;
    await koaSession(ctx, next);
  };
}

export const sessionIdOf = (ctx: Context): SessionId | undefined => {
  const sid = session(ctx)?.sid;
  return sid ? asSessionId(sid) : undefined;
};

/** The CSRF token of this session, created on first use. */
export function csrfTokenOf(ctx: Context, now: number): string {
  const s = session(ctx);
  if (!s) throw new Error('session middleware missing');
  s.csrf ??= randomToken(24);
  s.createdAt ??= now;
  s.seenAt ??= now;
  return s.csrf;
}

/** Binds a (pre-login) session id to this browser. */
export function attachSessionId(ctx: Context, sid: SessionId, now: number): void {
  const s = session(ctx);
  if (!s) throw new Error('session middleware missing');
  s.sid = sid;
  s.createdAt ??= now;
  s.seenAt = now;
}

/** Login succeeded: a new cookie key and a new CSRF token, so a planted cookie is worthless. */
export async function rotateSession(ctx: Context, sid: SessionId, now: number): Promise<void> {
  const s = session(ctx);
  if (!s) throw new Error('session middleware missing');
  await s.regenerate();
  const fresh = session(ctx);
  if (!fresh) throw new Error('session regeneration failed');
  fresh.sid = sid;
  fresh.csrf = randomToken(24);
  fresh.createdAt = now;
  fresh.seenAt = now;
}

export function destroySession(ctx: Context): void {
  (ctx as unknown as WithSession).session = null;
}

/**
 * The session expired: its server-side entry is destroyed and the rest of the request runs on a
 * new, empty session under a fresh cookie key (so e.g. GET /login can start a login at once).
 */
export async function restartSession(ctx: Context): Promise<void> {
  const s = session(ctx);
  if (!s) return;
  delete s.sid;
  delete s.csrf;
  delete s.createdAt;
  delete s.seenAt;
  await s.regenerate();
}

/** How long since the session was created and last seen, for idle and absolute limits. */
export function sessionAge(ctx: Context, now: number): { sinceCreated: number; sinceSeen: number } | undefined {
  const s = session(ctx);
  if (!s?.sid || s.createdAt === undefined || s.seenAt === undefined) return undefined;
  return { sinceCreated: now - s.createdAt, sinceSeen: now - s.seenAt };
}

/**
 * Records activity, at most once a minute (or a quarter of the idle limit, when that is shorter)
 * so reads do not rewrite the store every request yet an active session never looks idle.
 * True when it did.
 */
export function markSeen(ctx: Context, now: number, idleMs: number): boolean {
  const s = session(ctx);
  const every = Math.min(60_000, Math.floor(idleMs / 4));
  if (!s?.sid || (s.seenAt !== undefined && now - s.seenAt <= every)) return false;
  s.seenAt = now;
  return true;
}

/** The session's CSRF token for forms, when it has one. */
export const csrfOf = (ctx: Context): string | undefined => session(ctx)?.csrf;
