import type { Context, Middleware } from 'koa';
import type Koa from 'koa';
import createSession from 'koa-session';
import { randomBytes } from 'node:crypto';
import { asSessionId, type SessionId } from '../../domain/session-id.js';
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

/** Cookie name: `__Host-` only over https, where browsers enforce Secure, Path=/ and no Domain. */
export const sessionCookieName = (settings: HttpSettings): string => (settings.secureCookies ? '__Host-sid' : 'sid');

/** koa-session with an external store: signed, HttpOnly, SameSite=Lax, Secure under https. */
export function sessionMiddleware(app: Koa, settings: HttpSettings, store: SessionDataStore): Middleware {
  app.keys = [...settings.sessionSecrets];
  return createSession(
    {
      key: sessionCookieName(settings),
      store,
      maxAge: settings.sessionAbsoluteMs,
      httpOnly: true,
      signed: true,
      sameSite: 'lax',
      secure: settings.secureCookies,
      rolling: false,
      renew: false,
      autoCommit: true,
      genid: () => randomBytes(24).toString('base64url'),
    },
    app,
  ) as Middleware;
}

export const sessionIdOf = (ctx: Context): SessionId | undefined => {
  const sid = session(ctx)?.sid;
  return sid ? asSessionId(sid) : undefined;
};

/** The CSRF token of this session, created on first use. */
export function csrfTokenOf(ctx: Context, now: number): string {
  const s = session(ctx);
  if (!s) throw new Error('session middleware missing');
  s.csrf ??= randomBytes(24).toString('base64url');
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
  fresh.csrf = randomBytes(24).toString('base64url');
  fresh.createdAt = now;
  fresh.seenAt = now;
}

export function destroySession(ctx: Context): void {
  (ctx as unknown as WithSession).session = null;
}

/** How long since the session was created and last seen, for idle and absolute limits. */
export function sessionAge(ctx: Context, now: number): { sinceCreated: number; sinceSeen: number } | undefined {
  const s = session(ctx);
  if (!s?.sid || s.createdAt === undefined || s.seenAt === undefined) return undefined;
  return { sinceCreated: now - s.createdAt, sinceSeen: now - s.seenAt };
}

/** Records activity, at most once a minute so reads do not rewrite the store every request. */
export function markSeen(ctx: Context, now: number): void {
  const s = session(ctx);
  if (s?.sid && (s.seenAt === undefined || now - s.seenAt > 60_000)) s.seenAt = now;
}

/** The session's CSRF token for forms, when it has one. */
export const csrfOf = (ctx: Context): string | undefined => session(ctx)?.csrf;
