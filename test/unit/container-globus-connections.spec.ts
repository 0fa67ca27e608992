import { expect } from 'chai';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TransferService } from '../../src/application/ports/transfer-service.js';
import { TOKENS } from '../../src/application/tokens.js';
import { generateKey } from '../../src/adapters/crypto/keys.js';
import { toAppConfig } from '../../src/config/app-config.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { buildContainer, INFRA, loadOptionalAdapters, rebindGlobus } from '../../src/container.js';
import { useRealNetwork } from '../contract/globus/support/real-network.js';

const PAGE = JSON.stringify({ DATA_TYPE: 'endpoint_list', offset: 0, limit: 50, has_next_page: false, DATA: [] });

describe('Composition root: Globus connections', () => {
  useRealNetwork();
  let server: Server;
  let url: string;
  const sockets: Socket[] = [];

  before(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(PAGE));
    server.keepAliveTimeout = 30_000;
    server.on('connection', (socket: Socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('shares one Transfer pool across rebinds and closes it with the Closer', async () => {
    const config = toAppConfig(loadSettings({ NODE_ENV: 'test' }), {
      globusUrl: url,
      clientId: 'client',
      clientSecret: 'secret',
      sessionSecret: 'session-secret',
      tokenEncryptionKey: generateKey(),
    });
    const c = buildContainer(config, await loadOptionalAdapters(config));
    const query = { offset: 0, limit: 50 };
    await c.get<TransferService>(TOKENS.TransferService).searchMyEndpoints('token', query);
    rebindGlobus(c, { onCall: () => undefined });
    await c.get<TransferService>(TOKENS.TransferService).searchMyEndpoints('token', query);
    expect(sockets).to.have.length(1);

    const [socket] = sockets;
    if (socket === undefined) expect.fail('no connection');
    const closed = once(socket, 'close');
    await c.get<() => Promise<void>>(INFRA.Closer)();
    await Promise.race([closed, sleep(2000)]);
    expect(socket.destroyed).to.equal(true);
  });
});
