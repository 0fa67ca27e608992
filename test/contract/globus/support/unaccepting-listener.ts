import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/**
 * A TCP port whose accept queue is full, so a new connection hangs in SYN_SENT: the one way to
 * make a connect timeout happen on loopback. A child process listens with a backlog of 1 and then
 * blocks its event loop (it never accepts); two connections fill the queue.
 */
export class UnacceptingListener {
  private constructor(
    private readonly child: ChildProcess,
    private readonly fillers: Socket[],
    readonly port: number,
  ) {}

  static async start(): Promise<UnacceptingListener> {
    const program = `
      const net = require('node:net');
      const server = net.createServer();
      server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
        process.stdout.write(server.address().port + '\\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
      });`;
    const child = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'pipe', 'ignore'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.stdout?.once('data', (data: Buffer) => resolve(Number(data.toString('utf8').trim())));
    });
    const fillers: Socket[] = [];
    for (let i = 0; i < 2; i += 1) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      fillers.push(socket);
    }
    return new UnacceptingListener(child, fillers, port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  close(): void {
    for (const socket of this.fillers) socket.destroy();
    this.child.kill('SIGKILL');
  }
}
