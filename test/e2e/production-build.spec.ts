import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildApp, REPO_ROOT, type BuiltApp } from '../../scripts/build-app.js';
import { generateKey } from '../../src/adapters/crypto/keys.js';
import { startFakeGlobus } from '../../src/fake-globus/index.js';
import { BrowserClient, locationOf } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { freePort, globusModeEnv, spawnBuilt, waitForHttp, type SpawnedApp } from '../support/spawn-app.js';

/** Login, the home page, the endpoints and logout: templates, config, Globus calls and the session store of the bundle. */
async function fullFlow(appUrl: string, identity: string, name: string): Promise<number> {
  const client = new BrowserClient();
  const { final } = await loginAs(client, appUrl, identity);
  expect(locationOf(final)).to.equal('/');
  const home = await client.get(`${appUrl}/`);
  expect(home.statusCode, 'GET /').to.equal(200);
  // The app name comes from config/default.json, found from the app root.
  expect(home.body).to.contain(name).and.to.contain('Globus Login Demo').and.to.contain('/static/app.css');
  const css = await client.get(`${appUrl}/static/app.css`);
  expect(css.statusCode, 'GET /static/app.css').to.equal(200);
  expect(css.body).to.equal(readFileSync(join(REPO_ROOT, 'templates', 'static', 'app.css'), 'utf8'));
  const listing = JSON.parse((await client.get(`${appUrl}/endpoints`, { accept: 'application/json' })).body) as { endpoints: unknown[] };
  const confirm = await client.get(`${appUrl}/logout`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
  expect((await client.postForm(`${appUrl}/logout`, { _csrf: csrf })).statusCode).to.equal(303);
  return listing.endpoints.length;
}

describe('The production build (npm run build, then node dist/main.mjs)', function () {
  this.timeout(90_000);
  // Inside the repository (the bundle finds the app root from the nearest package.json above
  // it), but not dist/, which `npm run build` may replace at any time.
  const outdir = join(REPO_ROOT, 'test-output', `build-${process.pid}-${randomBytes(4).toString('hex')}`);
  let built: BuiltApp;
  let app: SpawnedApp | undefined;

  before(async () => {
    built = await buildApp(outdir);
  });
  afterEach(async () => {
    await app?.stop('SIGKILL');
    app = undefined;
  });
  after(() => rmSync(outdir, { recursive: true, force: true }));

  it('is what npm start runs: prestart builds dist/, start runs it with plain node', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['prestart']).to.equal('npm run build');
    expect(scripts['build']).to.equal('tsx scripts/build.ts');
    expect(scripts['start']).to.equal('node dist/main.mjs');
  });

  /** main.mjs and every chunk it imports statically: what any start loads before main() runs. */
  const staticGraph = (): Set<string> => {
    const outputs = built.metafile.outputs;
    const main = relative(REPO_ROOT, built.main);
    const loaded = new Set<string>([main]);
    const follow = (file: string): void => {
      for (const imported of outputs[file]?.imports ?? []) {
        if (imported.kind !== 'import-statement' || imported.external === true || loaded.has(imported.path)) continue;
        loaded.add(imported.path);
        follow(imported.path);
      }
    };
    follow(main);
    return loaded;
  };

  it('keeps the fake Globus out of what Globus mode loads (a chunk imported only dynamically)', () => {
    const outputs = built.metafile.outputs;
    const key = (file: string): string => relative(REPO_ROOT, file);
    const entry = outputs[key(built.main)];
    expect(entry, 'main.mjs in the metafile').to.not.equal(undefined);
    const fakeChunk = Object.keys(outputs).find((file) => /chunks\/fake-globus-[^/]*\.mjs$/.test(file));
    expect(fakeChunk, 'a fake-globus chunk').to.be.a('string');
    expect([...staticGraph()]).to.not.include(fakeChunk);
    expect(entry?.imports.some((i) => i.path === fakeChunk && i.kind === 'dynamic-import')).to.equal(true);
  });

  it('keeps ioredis and prom-client out of what the memory store without metrics loads (chunks imported only dynamically)', () => {
    const outputs = built.metafile.outputs;
    const loaded = staticGraph();
    for (const pkg of ['ioredis', 'prom-client']) {
      const inPackage = (input: string): boolean => input.startsWith(`node_modules/${pkg}/`);
      const chunks = Object.keys(outputs).filter((file) => Object.keys(outputs[file]?.inputs ?? {}).some(inPackage));
      expect(chunks, `the chunk holding ${pkg}`).to.have.length.greaterThan(0);
      expect(chunks.filter((chunk) => loaded.has(chunk)), `${pkg} in main.mjs or a chunk it imports statically`).to.deep.equal([]);
    }
    // The adapters that use them are loaded on demand (loadOptionalAdapters in src/container.ts).
    const dynamicImports = [...loaded].flatMap((file) => (outputs[file]?.imports ?? []).filter((i) => i.kind === 'dynamic-import').map((i) => i.path));
    for (const adapter of ['redis-client', 'redis-session-store', 'redis-token-store', 'metrics-adapters']) {
      expect(dynamicImports.some((path) => new RegExp(`chunks/${adapter}-[^/]*\\.mjs$`).test(path)), `${adapter} imported dynamically`).to.equal(true);
    }
  });

  it('starts in demo mode with its fake Globus (and the fake its stylesheet), serves the whole flow, stops with 0', async () => {
    const [port, fakePort] = [await freePort(), await freePort()];
    const appUrl = `http://127.0.0.1:${port}`;
    app = spawnBuilt(built.main, { PORT: String(port), FAKE_GLOBUS_PORT: String(fakePort), BASE_URL: appUrl, LOG_LEVEL: 'warn' });
    await waitForHttp(`${appUrl}/healthz`, app);
    expect(app.output()).to.contain('DEMO mode');
    const css = await fetch(`http://127.0.0.1:${fakePort}/fake/static/fake-globus.css`);
    expect(css.status).to.equal(200);
    expect(await css.text()).to.equal(readFileSync(join(REPO_ROOT, 'src', 'fake-globus', 'styles.css'), 'utf8'));
    expect(await fullFlow(appUrl, 'jdoe@uchicago.edu', 'Jane Doe')).to.equal(3);
    expect(await app.stop('SIGTERM')).to.equal(0);
  });

  it('reads config/<NODE_ENV>.json from the app root (production.json selects the Redis store)', async () => {
    const port = await freePort();
    app = spawnBuilt(built.main, {
      NODE_ENV: 'production',
      // Nothing listens there: the app starts all the same (/readyz would say unavailable).
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      PORT: String(port),
      GLOBUS_CLIENT_ID: 'client',
      GLOBUS_CLIENT_SECRET: randomBytes(24).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      TOKEN_ENCRYPTION_KEYS: generateKey(),
      LOG_LEVEL: 'silent',
    });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, app);
    expect(app.output()).to.match(/store:\s+redis/);
  });

  it('starts in Globus mode against another Globus server and serves the whole flow', async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const client = { client_id: 'b1b2c3d4-0000-4000-8000-000000000001', client_secret: randomBytes(24).toString('base64url'), name: 'Bundle under test' };
    const globus = await startFakeGlobus({ port: 0, clients: [{ ...client, redirect_uris: [`${appUrl}/login`] }] });
    try {
      app = spawnBuilt(built.main, { NODE_ENV: 'production', SESSION_STORE: 'memory', ...globusModeEnv(appUrl, globus.url, client) });
      await waitForHttp(`${appUrl}/healthz`, app);
      expect(app.output()).to.contain('Globus mode');
      expect(await fullFlow(appUrl, 'ahmed@globusid.org', 'Ahmed')).to.equal(50);
      expect(await app.stop('SIGTERM')).to.equal(0);
    } finally {
      await globus.close();
    }
  });
});
