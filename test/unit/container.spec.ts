import { expect } from 'chai';
import type { IdentityProvider } from '../../src/application/ports/identity-provider.js';
import type { TransferService } from '../../src/application/ports/transfer-service.js';
import { TOKENS } from '../../src/application/tokens.js';
import { generateKey } from '../../src/adapters/crypto/keys.js';
import { toAppConfig } from '../../src/config/app-config.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { buildContainer, INFRA, loadOptionalAdapters, resolveUseCases } from '../../src/container.js';
import { asSessionId } from '../../src/domain/session-id.js';
import { FakeIdentityProvider } from '../fakes/fake-identity-provider.js';
import { FakeTransferService } from '../fakes/fake-transfer-service.js';

const config = () =>
  toAppConfig(loadSettings({ NODE_ENV: 'test' }), {
    globusUrl: 'http://127.0.0.1:9/',
    clientId: 'client',
    clientSecret: 'secret',
    sessionSecret: 'session-secret',
    tokenEncryptionKey: generateKey(),
  });

describe('Composition root (container)', () => {
  it('resolves every use case with the Globus adapters swapped for fakes', async () => {
    const cfg = config();
    const c = buildContainer(cfg, await loadOptionalAdapters(cfg));
    const idp = new FakeIdentityProvider();
    c.rebind<IdentityProvider>(TOKENS.IdentityProvider).toConstantValue(idp);
    c.rebind<TransferService>(TOKENS.TransferService).toConstantValue(new FakeTransferService(1));
    const useCases = resolveUseCases(c);

    const started = await useCases.startLogin.execute({ session: undefined });
    expect(idp.authorizationRequests).to.have.length(1);
    expect(started.authorizationUrl).to.equal(idp.authorizationUrl(idp.authorizationRequests[0]!));
    expect(await useCases.getCurrentUser.execute(asSessionId('nobody'))).to.equal(undefined);
    expect((await useCases.listEndpoints.execute({ session: started.session, page: 1 })).ok).to.equal(false);
    expect((await useCases.logout.execute(started.session)).logoutUrl).to.equal(idp.logoutUrl());
    await c.get<() => Promise<void>>(INFRA.Closer)();
  });

  it('binds the real Globus adapters and the memory store by default', async () => {
    const cfg = config();
    const c = buildContainer(cfg, await loadOptionalAdapters(cfg));
    expect(c.get<object>(TOKENS.IdentityProvider).constructor.name).to.equal('GlobusAuthIdentityProvider');
    expect(c.get<object>(TOKENS.TransferService).constructor.name).to.equal('GlobusTransferService');
    expect(c.get<object>(TOKENS.TokenStore).constructor.name).to.equal('InMemoryTokenStore');
    return c.get<() => Promise<void>>(INFRA.Closer)();
  });
});
