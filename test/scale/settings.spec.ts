import { expect } from 'chai';
import { toAppConfig } from '../../src/config/app-config.js';
import { ConfigError, loadSettings } from '../../src/config/load-settings.js';

const GLOBUS = { GLOBUS_CLIENT_ID: 'id', GLOBUS_CLIENT_SECRET: 'secret', SESSION_SECRET: 's', TOKEN_ENCRYPTION_KEYS: 'k' };

describe('Scale-out settings', () => {
  it('reads Sentinel addresses, the master name, HOST and the shutdown timeout', () => {
    const config = toAppConfig(
      loadSettings({ ...GLOBUS, REDIS_SENTINELS: 'sentinel-1:26379, 10.0.0.2:26380', REDIS_SENTINEL_NAME: 'sessions', HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_SECONDS: '45' }),
    );
    expect(config.session.redisSentinels).to.deep.equal([
      { host: 'sentinel-1', port: 26379 },
      { host: '10.0.0.2', port: 26380 },
    ]);
    expect(config.session.redisSentinelName).to.equal('sessions');
    expect(config.host).to.equal('127.0.0.1');
    expect(config.shutdownTimeoutMs).to.equal(45_000);
  });

  it('defaults to no Sentinel, every interface and a 20 s shutdown', () => {
    const config = toAppConfig(loadSettings({ ...GLOBUS }));
    expect(config.session.redisSentinels).to.deep.equal([]);
    expect(config.session.redisSentinelName).to.equal('mymaster');
    expect(config.host).to.equal('');
    expect(config.shutdownTimeoutMs).to.equal(20_000);
  });

  it('refuses malformed Sentinel lists and timeouts in one line naming the variable', () => {
    expect(() => loadSettings({ ...GLOBUS, REDIS_SENTINELS: 'sentinel-1' })).to.throw(ConfigError, /REDIS_SENTINELS must be comma-separated host:port pairs/);
    expect(() => loadSettings({ ...GLOBUS, SHUTDOWN_TIMEOUT_SECONDS: '0' })).to.throw(ConfigError, /SHUTDOWN_TIMEOUT_SECONDS/);
  });
});
