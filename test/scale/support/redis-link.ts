import { REDIS_URL } from '../../contract/token-store/redis-test-support.js';
import { TcpProxy } from '../../contract/token-store/tcp-proxy.js';

/** The instances' way to the test Redis, through a TcpProxy a test can cut and restore (idempotently). */
export class RedisLink {
  private readonly proxy: TcpProxy;
  private isUp = false;
  private port = 0;

  constructor(redisUrl = REDIS_URL) {
    const target = new URL(redisUrl);
    this.proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
  }

  /** The REDIS_URL to give the instances (valid once `up` ran). */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.isUp) return;
    this.port = await this.proxy.up();
    this.isUp = true;
  }

  /** Redis "goes away": the port refuses connections and every open connection is cut. */
  async down(): Promise<void> {
    if (!this.isUp) return;
    this.isUp = false;
    await this.proxy.down();
  }
}
