import type { Context } from 'koa';
import { randomAlnum } from './random.js';

const COOKIE = 'fake_globus_session';

/**
 * The fake's own "you are signed in to Globus" memory, in a cookie like the real one.
 * It only offers a "Continue as" shortcut on the sign-in page; logout forgets it.
 */
export class SignInMemory {
  private readonly sessions = new Map<string, string>();

  remember(ctx: Context, sub: string): void {
    const id = randomAlnum(32);
    this.sessions.set(id, sub);
    ctx.cookies.set(COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/', overwrite: true });
  }

  recall(ctx: Context): string | undefined {
    const id = ctx.cookies.get(COOKIE);
    return id === undefined ? undefined : this.sessions.get(id);
  }

  forget(ctx: Context): void {
    const id = ctx.cookies.get(COOKIE);
    if (id !== undefined) this.sessions.delete(id);
    ctx.cookies.set(COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', expires: new Date(0), overwrite: true });
  }
}
