import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { optionsFromEnv } from '../../src/fake-globus/env-config.js';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run main.ts as `npm run fake-globus` would; `untilOutput` = send SIGTERM once stdout contains it. */
function runMain(env: Record<string, string>, untilOutput?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/fake-globus/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilOutput !== undefined && stdout.includes(untilOutput)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('fake Globus: standalone main.ts', () => {
  describe('optionsFromEnv', () => {
    it('uses the defaults for an empty environment', () => {
      expect(optionsFromEnv({})).to.deep.equal({ ok: true, options: { port: 5001, host: '127.0.0.1', adminApi: false } });
    });

    it('reads clients, port and the admin switch', () => {
      const parsed = optionsFromEnv({
        FAKE_GLOBUS_PORT: '0',
        FAKE_GLOBUS_ADMIN: 'true',
        FAKE_GLOBUS_CLIENTS: JSON.stringify([{ client_id: 'c1', client_secret: 's+/=', redirect_uris: ['http://localhost:3000/cb'] }]),
      });
      expect(parsed).to.deep.equal({
        ok: true,
        options: { port: 0, host: '127.0.0.1', adminApi: true, clients: [{ client_id: 'c1', client_secret: 's+/=', redirect_uris: ['http://localhost:3000/cb'] }] },
      });
    });

    it('explains bad JSON and bad shapes in one line', () => {
      const badJson = optionsFromEnv({ FAKE_GLOBUS_CLIENTS: '[{' });
      expect(badJson.ok).to.equal(false);
      const badShape = optionsFromEnv({ FAKE_GLOBUS_CLIENTS: '[{"client_id":"c1"}]' });
      expect(badShape).to.have.property('message').that.matches(/^FAKE_GLOBUS_CLIENTS\[0\]\.redirect_uris: /);
      expect(optionsFromEnv({ FAKE_GLOBUS_ADMIN: 'yes' })).to.have.property('message').that.includes('FAKE_GLOBUS_ADMIN');
    });
  });

  it('exits with one clear line and no stack trace on bad FAKE_GLOBUS_CLIENTS', async () => {
    const result = await runMain({ FAKE_GLOBUS_CLIENTS: 'not json' });
    expect(result.code).to.equal(2);
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.include('FAKE_GLOBUS_CLIENTS is not valid JSON');
    expect(result.stderr).to.not.include('    at ');
  });

  it('prints its URL and the SDK variables, and closes on SIGTERM', async () => {
    const result = await runMain({ FAKE_GLOBUS_PORT: '0' }, 'admin API');
    const details = JSON.stringify(result);
    expect(result.stdout, details).to.match(/listening on http:\/\/127\.0\.0\.1:\d+\//);
    expect(result.stdout).to.match(/GLOBUS_SDK_SERVICE_URL_AUTH=http:\/\/127\.0\.0\.1:\d+\/ GLOBUS_SDK_SERVICE_URL_TRANSFER=http/);
    expect(result.stdout, details).to.include('SIGTERM, closing');
    expect(result.code, details).to.equal(0);
  });
});
