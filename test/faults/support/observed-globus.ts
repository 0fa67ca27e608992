import type { Container } from 'inversify';
import type { GlobusCall, GlobusLogger } from '../../../src/adapters/globus/globus-call.js';
import type { Clock } from '../../../src/application/ports/clock.js';
import { TOKENS } from '../../../src/application/tokens.js';
import { rebindGlobus } from '../../../src/container.js';

export interface GlobusObservations {
  readonly calls: GlobusCall[];
  readonly lines: Array<{ readonly fields: Record<string, unknown>; readonly message: string }>;
}

/**
 * A `prepare` hook rebinding the Globus adapters through the composition root with a call
 * observer and adapter logger that record into `into`. With `clockOffsetMs`, the app's Clock runs that far from real time.
 */
export function observedGlobus(into: GlobusObservations, options: { clockOffsetMs?: number } = {}): (c: Container) => void {
  return (c) => {
    if (options.clockOffsetMs !== undefined) {
      const offset = options.clockOffsetMs;
      c.rebind<Clock>(TOKENS.Clock).toConstantValue({ now: () => Date.now() + offset });
    }
    rebindGlobus(c, {
      onCall: (call: GlobusCall) => void into.calls.push(call),
      logger: { warn: (fields, message) => void into.lines.push({ fields, message }) } satisfies GlobusLogger,
    });
  };
}
