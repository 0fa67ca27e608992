import { expect } from 'chai';
import { logoutUrl } from '../../../../src/adapters/globus/logout-url.js';

describe('logoutUrl', () => {
  it('matches the fact sheet example', () => {
    expect(
      logoutUrl({
        authUrl: 'https://auth.globus.org/',
        clientId: '7cb20c91-aec7-48ac-b345-4c5dc452117d',
        logoutReturnUrl: 'https://app.example.org/',
        appName: 'Example Portal',
      }),
    ).to.equal(
      'https://auth.globus.org/v2/web/logout?client_id=7cb20c91-aec7-48ac-b345-4c5dc452117d&redirect_uri=https%3A%2F%2Fapp.example.org%2F&redirect_name=Example%20Portal',
    );
  });

  it('encodes an app name with & and =', () => {
    const url = new URL(logoutUrl({ authUrl: 'http://127.0.0.1:5001/', clientId: 'c', logoutReturnUrl: 'http://localhost:3000/', appName: 'A&B=C' }));
    expect(url.searchParams.get('redirect_name')).to.equal('A&B=C');
  });
});
