import { expect } from 'chai';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { GlobusConnectionPool, GLOBUS_KEEP_ALIVE } from '../../../src/adapters/globus/globus-http.js';
import { GlobusTransferService } from '../../../src/adapters/globus/globus-transfer-service.js';
import { useRealNetwork } from './support/real-network.js';

const PAGE = JSON.stringify({
  DATA_TYPE: 'endpoint_list',
  offset: 0,
  limit: 50,
  has_next_page: false,
  DATA: [{ DATA_TYPE: 'endpoint', id: 'e1', display_name: 'Lab share' }],
});

/** A loopback Transfer answering every endpoint_search, counting the TCP connections it accepts. */
class CountingTransfer {
  readonly sockets: Socket[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly server: Server;
  url = '';

  private constructor(delayMs: number) {
    this.server = createServer((_req, res) => {
      this.maxInFlight = Math.max(this.maxInFlight, (this.inFlight += 1));
      setTimeout(() => {
        this.inFlight -= 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(PAGE);
      }, delayMs);
    });
    // Longer than the client's idle timeout: closing idle sockets is the client's job.
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket: Socket) => this.sockets.push(socket));
  }

  static async start(delayMs = 0): Promise<CountingTransfer> {
    const self = new CountingTransfer(delayMs);
    await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', resolve));
    self.url = `http://127.0.0.1:${(self.server.address() as AddressInfo).port}/`;
    return self;
  }

  get open(): number {
    return this.sockets.filter((s) => !s.destroyed).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const settings = (url: string, connections?: GlobusConnectionPool) => ({
  transferUrl: url,
  timeouts: { connectMs: 1000, totalMs: 3000 },
  retries: 0,
  ...(connections ? { connections } : {}),
});
const QUERY = { offset: 0, limit: 50 };

describe('Globus HTTP connections (contract, loopback)', () => {
  useRealNetwork();
  let transfer: CountingTransfer;
  let pool: GlobusConnectionPool | undefined;

  afterEach(async () => {
    pool?.close();
    pool = undefined;
    await transfer.close();
  });

  it('keeps the connection alive: consecutive calls share one TCP connection', async () => {
    transfer = await CountingTransfer.start();
    pool = new GlobusConnectionPool();
    const service = new GlobusTransferService(settings(transfer.url, pool));
    for (let i = 0; i < 4; i += 1) expect((await service.searchMyEndpoints('token', QUERY)).endpoints).to.have.length(1);
    expect(transfer.sockets).to.have.length(1);
  });

  it('keeps connections alive without a pool from the caller too (the adapter gets its own)', async () => {
    transfer = await CountingTransfer.start();
    const service = new GlobusTransferService(settings(transfer.url));
    await service.searchMyEndpoints('token', QUERY);
    await service.searchMyEndpoints('token', QUERY);
    expect(transfer.sockets).to.have.length(1);
  });

  it('opens at most maxSockets connections; further calls wait for one and still succeed', async () => {
    transfer = await CountingTransfer.start(20);
    pool = new GlobusConnectionPool({ ...GLOBUS_KEEP_ALIVE, maxSockets: 2 });
    const service = new GlobusTransferService(settings(transfer.url, pool));
    const pages = await Promise.all(Array.from({ length: 6 }, () => service.searchMyEndpoints('token', QUERY)));
    expect(pages.every((p) => p.endpoints.length === 1)).to.equal(true);
    expect(transfer.sockets).to.have.length(2);
    expect(transfer.maxInFlight).to.equal(2);
  });

  it('closes an idle connection after the idle timeout, before a server would', async () => {
    transfer = await CountingTransfer.start();
    pool = new GlobusConnectionPool({ ...GLOBUS_KEEP_ALIVE, idleTimeoutMs: 50 });
    const service = new GlobusTransferService(settings(transfer.url, pool));
    await service.searchMyEndpoints('token', QUERY);
    const [socket] = transfer.sockets;
    if (socket === undefined) expect.fail('no connection');
    if (!socket.destroyed) await Promise.race([once(socket, 'close'), sleep(2000)]);
    expect(transfer.open).to.equal(0);
    // The next call simply opens a new one.
    await service.searchMyEndpoints('token', QUERY);
    expect(transfer.sockets).to.have.length(2);
  });

  it('idle keep-alive timeout stays below the 5 s Node.js servers use by default', () => {
    expect(GLOBUS_KEEP_ALIVE.idleTimeoutMs).to.be.below(5000);
  });

  it('close() ends the pooled connections', async () => {
    transfer = await CountingTransfer.start();
    pool = new GlobusConnectionPool();
    const service = new GlobusTransferService(settings(transfer.url, pool));
    await service.searchMyEndpoints('token', QUERY);
    const [socket] = transfer.sockets;
    if (socket === undefined) expect.fail('no connection');
    const closed = once(socket, 'close');
    pool.close();
    await Promise.race([closed, sleep(2000)]);
    expect(transfer.open).to.equal(0);
  });
});
