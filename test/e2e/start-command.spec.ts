import { expect } from 'chai';
import { startFakeGlobus, type RunningFakeGlobus } from '../../src/fake-globus/index.js';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { freePort, globusModeEnv, spawnApp, waitForHttp, type SpawnedApp } from '../support/spawn-app.js';

/** Login, endpoints and logout through a running process, as a user of `npm start` would. */
async function fullFlow(appUrl: string, identity: string): Promise<{ endpoints: number; logoutLocation: string }> {
  const client = new BrowserClient();
  const { final } = await loginAs(client, appUrl, identity);
  expect(locationOf(final)).to.equal('/');
  const listing = JSON.parse((await client.get(`${appUrl}/endpoints`, { accept: 'application/json' })).body) as { endpoints: unknown[] };
  const confirm = await client.get(`${appUrl}/logout`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
  const out = await client.postForm(`${appUrl}/logout`, { _csrf: csrf });
  expect(out.statusCode).to.equal(303);
  expect((await client.get(`${appUrl}/`)).statusCode).to.equal(302);
  return { endpoints: listing.endpoints.length, logoutLocation: locationOf(out) };
}

describe('The start command (src/main.ts as a process)', function () {
  this.timeout(60_000);
  let app: SpawnedApp | undefined;
  afterEach(async () => {
    await app?.stop('SIGKILL');
    app = undefined;
  });

  it('starts in demo mode with no configuration, prints both URLs, serves the whole flow, and stops on SIGTERM with 0', async () => {
    const [port, fakePort] = [await freePort(), await freePort()];
    const appUrl = `http://localhost:${port}`;
    app = spawnApp({ PORT: String(port), FAKE_GLOBUS_PORT: String(fakePort), BASE_URL: appUrl, LOG_LEVEL: 'warn' });
    await waitForHttp(`${appUrl}/healthz`, app);
    expect(app.output()).to.contain('DEMO mode').and.to.contain(`${appUrl}/`).and.to.contain(`http://127.0.0.1:${fakePort}/`);

    const { endpoints, logoutLocation } = await fullFlow(appUrl, 'jdoe@uchicago.edu');
    expect(endpoints).to.equal(3);
    expect(logoutLocation).to.match(new RegExp(`^http://127\\.0\\.0\\.1:${fakePort}/v2/web/logout\\?`));
    expect(await app.stop('SIGTERM')).to.equal(0);
  });

  describe('in Globus mode, pointed at another server that speaks the Globus protocol', () => {
    let globus: RunningFakeGlobus;
    const client = { client_id: '3f1c7b9e-2d4a-4c8e-9f00-1a2b3c4d5e6f', client_secret: 'S3cr+t/with=chars', name: 'Portal under test' };

    it('completes login, endpoints and logout with only configuration changed', async () => {
      const port = await freePort();
      const appUrl = `http://127.0.0.1:${port}`;
      globus = await startFakeGlobus({ port: 0, clients: [{ ...client, redirect_uris: [`${appUrl}/login`] }] });
      try {
        app = spawnApp(globusModeEnv(appUrl, globus.url, client));
        await waitForHttp(`${appUrl}/healthz`, app);
        expect(app.output()).to.contain('Globus mode');
        const { endpoints } = await fullFlow(appUrl, 'ahmed@globusid.org');
        expect(endpoints).to.equal(50);
        const tokenCalls = globus.inspect.requests().filter((r) => r.path === '/v2/oauth2/token');
        expect(tokenCalls).to.have.length(1);
        const issued = globus.inspect.issuedTokens().filter((t) => t.client_id === client.client_id);
        expect(issued.length).to.be.greaterThan(0);
        expect(issued.every((t) => t.revoked)).to.equal(true);
      } finally {
        await globus.close();
      }
    });

    it('refuses to start without its secrets, in one line and without a stack trace', async () => {
      app = spawnApp({ GLOBUS_CLIENT_ID: client.client_id, PORT: String(await freePort()) });
      expect(await app.exited).to.equal(1);
      const lines = app.output().trim().split('\n');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.contain('GLOBUS_CLIENT_SECRET, SESSION_SECRET, TOKEN_ENCRYPTION_KEYS');
      expect(app.output()).to.not.match(/\bat .+:\d+:\d+/);
    });

    it('names a malformed setting in one line', async () => {
      app = spawnApp({ PORT: 'eighty' });
      expect(await app.exited).to.equal(1);
      expect(app.output().trim()).to.match(/^Configuration error: PORT /);
      expect(app.output().trim().split('\n')).to.have.length(1);
    });
  });
});
