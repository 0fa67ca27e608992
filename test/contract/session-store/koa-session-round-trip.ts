import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import session from 'koa-session';
import type { KoaSessionStore } from './session-store.contract.js';

/**
 * Runs koa-session over `store` in a real Koa app and plays a browser: a visit that
 * counts, a second visit with the cookie, then a logout. Returns the counts each visit saw
 * and the cookie koa-session set (which must carry only its opaque key).
 */
export async function playBrowserAgainst(store: KoaSessionStore): Promise<{ visits: number[]; cookie: string }> {
  const app = new Koa();
  app.keys = ['contract-test-signing-key'];
  app.use(session({ store, key: 'sid', maxAge: 60_000 }, app));
  app.use((ctx) => {
    // koa-session 7 does not augment Koa's Context type; reach it through the index signature.
    if (ctx.path === '/logout') {
      ctx['session'] = null;
      ctx.body = 'bye';
      return;
    }
    const data: unknown = ctx['session'];
    if (typeof data !== 'object' || data === null) throw new Error('koa-session did not attach a session');
    const previous: unknown = Reflect.get(data, 'visits');
    const visits = (typeof previous === 'number' ? previous : 0) + 1;
    Reflect.set(data, 'visits', visits);
    ctx.body = String(visits);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const first = await fetch(`${base}/`);
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const second = await fetch(`${base}/`, { headers: { cookie } });
    await fetch(`${base}/logout`, { headers: { cookie } });
    const afterLogout = await fetch(`${base}/`, { headers: { cookie } });
    return { visits: [Number(await first.text()), Number(await second.text()), Number(await afterLogout.text())], cookie };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
