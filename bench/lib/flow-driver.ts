import { performance } from 'node:perf_hooks';
import { Samples } from './stats.js';

export interface FlowRunOptions<T> {
  /** Flows in flight at once (closed loop: each worker starts its next flow when one ends). */
  readonly concurrency: number;
  /** Stop starting flows after this long. */
  readonly durationMs: number;
  /** Stop after this many flows were started (e.g. one per pre-created session). */
  readonly maxFlows?: number;
  /** One whole flow; throws on anything unexpected. `index` counts from 0 across workers. */
  readonly flow: (index: number) => Promise<T>;
}

export interface FlowRun<T> {
  readonly completed: number;
  readonly errors: number;
  /** The first few distinct error messages. */
  readonly errorSamples: string[];
  readonly latencies: Samples;
  readonly elapsedSec: number;
  readonly results: T[];
}

/** Runs flows from `concurrency` workers in one event loop (the load generator's, not the servers'). */
export async function runFlows<T>(options: FlowRunOptions<T>): Promise<FlowRun<T>> {
  const latencies = new Samples();
  const results: T[] = [];
  const errorCounts = new Map<string, number>();
  let started = 0;
  let errors = 0;
  const begin = performance.now();
  const deadline = begin + options.durationMs;
  const max = options.maxFlows ?? Number.POSITIVE_INFINITY;

  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && started < max) {
      const index = started++;
      const t0 = performance.now();
      try {
        results.push(await options.flow(index));
        latencies.add(performance.now() - t0);
      } catch (error) {
        errors += 1;
        const message = error instanceof Error ? error.message : String(error);
        errorCounts.set(message, (errorCounts.get(message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    completed: latencies.size,
    errors,
    errorSamples: [...errorCounts].slice(0, 5).map(([message, count]) => `${count} × ${message}`),
    latencies,
    elapsedSec: (performance.now() - begin) / 1000,
    results,
  };
}
