import type { RunningFakeGlobus } from '../../src/fake-globus/index.js';
import { BrowserClient } from './browser-client.js';
import { startStack, type Stack, type StackOptions } from './start-stack.js';

/** Anything started once per describe: the app, the fake it talks to, and how to stop both. */
export interface Started {
  readonly stack: Stack;
  readonly fake: RunningFakeGlobus;
  close(): Promise<void>;
}

/**
 * Registers mocha hooks in the enclosing describe: `start()` once before its tests and close after;
 * before each test a new browser and a fake with no faults and an empty request log. Its getters
 * give the tests what was started. Shared so every suite that drives the app sets up the same way.
 */
export class StackHarness<T extends Started = Started> {
  private current: T | undefined;
  private browser: BrowserClient | undefined;

  constructor(start: () => Promise<T>) {
    before(async () => {
      this.current = await start();
    });
    after(async () => this.current?.close());
    beforeEach(() => {
      this.browser = new BrowserClient();
      this.started.fake.faults.clear();
      this.started.fake.inspect.reset();
    });
  }

  get started(): T {
    if (!this.current) throw new Error('the stack is not started (read it inside a hook or test)');
    return this.current;
  }

  get stack(): Stack {
    return this.started.stack;
  }

  /** The fake Globus reset before each test. */
  get fake(): RunningFakeGlobus {
    return this.started.fake;
  }

  /** A new browser (no cookies) for each test. */
  get client(): BrowserClient {
    if (!this.browser) throw new Error('no browser yet (read it inside a test)');
    return this.browser;
  }
}

/** One app + fake Globus for the enclosing describe, reset before each test (see StackHarness). */
export function useStack(options: StackOptions = {}): StackHarness {
  return new StackHarness(async () => {
    const stack = await startStack(options);
    return { stack, fake: stack.fake, close: () => stack.close() };
  });
}
