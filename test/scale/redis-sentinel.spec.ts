import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { generateKey } from '../../src/adapters/crypto/keys.js';
import type { RedisSessionStore } from '../../src/adapters/redis/redis-session-store.js';
import { toAppConfig } from '../../src/config/app-config.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { buildContainer, INFRA, loadOptionalAdapters } from '../../src/container.js';
import { connectOrSkip, deleteUnder, REDIS_URL, uniquePrefix } from '../contract/token-store/redis-test-support.js';
import { freePort } from './support/app-process.js';

/**
 * REDIS_SENTINELS for real: a Redis Sentinel (redis-server --sentinel) watching the test Redis
 * under a master name of its own; the app finds the master through it.
 */
describe('Scale out: Redis through Sentinel', function () {
  this.timeout(30_000);
  const masterName = `scale-${randomUUID().slice(0, 8)}`;
  const prefix = uniquePrefix('sentinel');
  let redis: Redis | undefined;
  let sentinel: ChildProcess | undefined;
  let dir: string | undefined;
  let sentinelPort = 0;

  before(async function () {
    redis = await connectOrSkip(this);
    if (spawnSync('redis-server', ['--version']).status !== 0) {
      const reason = 'redis-server (for --sentinel) is not installed';
      if (process.env['CI'] === 'true') throw new Error(`${reason}; CI=true requires it`);
      console.warn(`  skipping Sentinel test: ${reason}`);
      this.skip();
    }
    const master = new URL(REDIS_URL);
    dir = mkdtempSync(join(tmpdir(), 'sentinel-'));
    sentinelPort = await freePort();
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${masterName} ${master.hostname} ${master.port || 6379} 1`,
        `sentinel down-after-milliseconds ${masterName} 60000`,
        '',
      ].join('\n'),
    );
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i += 1) {
      if (spawnSync('redis-cli', ['-p', String(sentinelPort), 'ping']).stdout?.toString().includes('PONG')) return;
      await sleep(50);
    }
    throw new Error('the Sentinel did not start');
  });

  after(async () => {
    sentinel?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (redis) {
      await deleteUnder(redis, prefix);
      await redis.quit();
    }
  });

  it('finds the master through REDIS_SENTINELS and keeps sessions there', async () => {
    const settings = loadSettings({
      GLOBUS_CLIENT_ID: 'id',
      GLOBUS_CLIENT_SECRET: 'secret',
      SESSION_SECRET: 'session-secret',
      TOKEN_ENCRYPTION_KEYS: generateKey(),
      SESSION_STORE: 'redis',
      // Nothing listens here: only the Sentinel can lead the client to the master.
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
      REDIS_SENTINEL_NAME: masterName,
      REDIS_KEY_PREFIX: prefix,
    });
    const config = toAppConfig(settings);
    const container = buildContainer(config, await loadOptionalAdapters(config));
    try {
      const isReady = container.get<() => Promise<boolean>>(INFRA.Readiness);
      let ready = false;
      for (let i = 0; i < 100 && !ready; i += 1) {
        ready = await isReady();
        if (!ready) await sleep(50);
      }
      expect(ready, 'ready through the Sentinel').to.equal(true);
      const store = container.get<RedisSessionStore>(INFRA.SessionDataStore);
      await store.set('via-sentinel', { sid: 'x' }, 60_000);
      expect(await redis!.get(`${prefix}ks:via-sentinel`), 'written to the real master').to.equal('{"sid":"x"}');
    } finally {
      await container.get<() => Promise<void>>(INFRA.Closer)();
    }
  });
});
