import { BrowserClient, locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { startStack } from '../support/start-stack.js';

describe('explore', () => {
  it('expired then /login', async () => {
    const stack = await startStack({ env: { SESSION_IDLE_SECONDS: '1' } });
    const c = new BrowserClient();
    await loginAs(c, stack.appUrl, 'jdoe@uchicago.edu');
    await new Promise((r) => setTimeout(r, 1300));
    const r = await c.get(`${stack.appUrl}/login`);
    console.log(r.statusCode, r.headers, r.body.slice(0, 300));
    console.log(stack.logs.slice(-4).join(''));
    await stack.close();
  });
  it('https base without proxy', async () => {
    const stack = await startStack({ env: { BASE_URL: 'https://app.example.test' } });
    const c = new BrowserClient();
    const r = await c.get(`${stack.appUrl}/login`);
    console.log(r.statusCode, r.headers, r.body.slice(0, 200));
    const r2 = await c.get(`${stack.appUrl}/login`, { 'x-forwarded-proto': 'https' });
    console.log(r2.statusCode, r2.headers);
    await stack.close();
  });
  it('https base with proxy', async () => {
    const stack = await startStack({ env: { BASE_URL: 'https://app.example.test', TRUST_PROXY: 'true' } });
    const c = new BrowserClient();
    const r2 = await c.get(`${stack.appUrl}/login`, { 'x-forwarded-proto': 'https' });
    console.log(r2.statusCode, r2.headers);
    await stack.close();
  });
});
