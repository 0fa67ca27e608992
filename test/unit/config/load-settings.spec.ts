import { expect } from 'chai';
import { isDemo, toAppConfig } from '../../../src/config/app-config.js';
import { ConfigError, loadSettings } from '../../../src/config/load-settings.js';

describe('Configuration', () => {
  describe('loadSettings', () => {
    it('uses config/default.json when nothing is set', () => {
      const s = loadSettings({});
      expect(s.port).to.equal(5000);
      expect(s.baseUrl).to.equal('http://localhost:5000');
      expect(s['globus.authUrl']).to.equal('https://auth.globus.org/');
      expect(isDemo(s)).to.equal(true);
    });

    it('lets environment variables override files, with types coerced', () => {
      const s = loadSettings({ PORT: '8080', GLOBUS_PKCE: 'false', GLOBUS_CLIENT_ID: 'abc' });
      expect(s.port).to.equal(8080);
      expect(s['globus.pkce']).to.equal(false);
      expect(isDemo(s)).to.equal(false);
    });

    it('reports every invalid value by its variable name', () => {
      try {
        loadSettings({ PORT: 'eighty', BASE_URL: 'not a url', SESSION_STORE: 'disk' });
        expect.fail('should have thrown');
      } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        const problems = (error as ConfigError).problems.join('\n');
        expect(problems).to.contain('PORT').and.to.contain('BASE_URL').and.to.contain('SESSION_STORE');
      }
    });
  });

  describe('toAppConfig', () => {
    it('stops start-up in Globus mode when secrets are missing, in one line naming them', () => {
      const s = loadSettings({ GLOBUS_CLIENT_ID: 'abc' });
      expect(() => toAppConfig(s)).to.throw(ConfigError, /GLOBUS_CLIENT_SECRET, SESSION_SECRET, TOKEN_ENCRYPTION_KEYS/);
    });

    it('derives the redirect URI and cookie security from BASE_URL', () => {
      const s = loadSettings({
        GLOBUS_CLIENT_ID: 'abc',
        GLOBUS_CLIENT_SECRET: 's',
        SESSION_SECRET: 'k1,k2',
        TOKEN_ENCRYPTION_KEYS: 'x',
        BASE_URL: 'https://portal.example.org/',
      });
      const c = toAppConfig(s);
      expect(c.redirectUri).to.equal('https://portal.example.org/login');
      expect(c.secureCookies).to.equal(true);
      expect(c.session.secrets).to.deep.equal(['k1', 'k2']);
      expect(c.mode).to.equal('globus');
    });
  });
});
