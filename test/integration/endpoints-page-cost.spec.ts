import { expect } from 'chai';
import { createConnection, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TokenStore } from '../../src/application/ports/token-store.js';
import { TOKENS } from '../../src/application/tokens.js';
import { useRealNetwork } from '../contract/globus/support/real-network.js';
import { BrowserClient } from '../support/browser-client.js';
import { loginAs } from '../support/login-flow.js';
import { startStack, type Stack } from '../support/start-stack.js';

/** A TCP relay in front of the fake Globus that counts the connections the app opens to it. */
class CountingRelay {
  connections = 0;
  url = '';
  private readonly server: Server;

  private constructor(target: URL) {
    this.server = createServer((inbound) => {
      this.connections += 1;
      const outbound = createConnection({ host: target.hostname, port: Number(target.port) });
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
    });
  }

  static async start(target: string): Promise<CountingRelay> {
    const self = new CountingRelay(new URL(target));
    await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', resolve));
    self.url = `http://127.0.0.1:${(self.server.address() as AddressInfo).port}/`;
    return self;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Counts reads of the logged-in session (each one opens the sealed token record). */
function countingReads(store: TokenStore, reads: { count: number }): TokenStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (property === 'getSession' || property === 'getProfile') reads.count += 1;
        return method.apply(target, args);
      };
    },
  });
}

describe('GET /endpoints cost (integration)', () => {
  useRealNetwork();
  let stack: Stack;
  let relay: CountingRelay | undefined;
  const reads = { count: 0 };

  before(async () => {
    stack = await startStack({
      globusUrlFor: async (fake) => {
        relay = await CountingRelay.start(fake.url);
        return relay.url;
      },
      prepare: (c) => {
        const store = c.get<TokenStore>(TOKENS.TokenStore);
        c.rebind<TokenStore>(TOKENS.TokenStore).toConstantValue(countingReads(store, reads));
      },
    });
  });
  after(async () => {
    await stack.close();
    await relay?.close();
  });

  it('reads the session once per page and reuses one connection to Transfer across requests', async () => {
    const client = new BrowserClient();
    await loginAs(client, stack.appUrl, 'jdoe@uchicago.edu');
    const before = relay?.connections ?? 0;
    for (let i = 0; i < 3; i += 1) {
      reads.count = 0;
      const page = await client.get(`${stack.appUrl}/endpoints`);
      expect(page.statusCode).to.equal(200);
      expect(page.body).to.contain('<table');
      // The header still shows who is logged in, and the logout form.
      expect(page.body).to.contain('class="who-name">Jane Doe<').and.to.contain('action="/logout"');
      expect(reads.count, 'token store reads per GET /endpoints').to.equal(1);
    }
    // The Transfer pool's first connection, reused by the next two requests.
    expect((relay?.connections ?? 0) - before).to.equal(1);
  });
});
