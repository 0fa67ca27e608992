import autocannon from 'autocannon';
import { Samples, type ScenarioResult } from './stats.js';

export interface LoadOptions {
  readonly name: string;
  readonly description: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly connections: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  /** Status every response must have (others count as errors). Default 200. */
  readonly expectStatus?: number;
  /** Called when the measured run starts (after the warm-up). */
  readonly onMeasureStart?: () => void;
}

interface RawRun {
  readonly result: autocannon.Result;
  readonly latencies: Samples;
  readonly wrongStatus: Map<number, number>;
}

function cannon(options: LoadOptions, durationSec: number): Promise<RawRun> {
  const latencies = new Samples();
  const wrongStatus = new Map<number, number>();
  const expected = options.expectStatus ?? 200;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: durationSec,
        headers: options.headers ?? {},
        // Keep-alive, one request in flight per connection, like browsers behind a proxy.
        pipelining: 1,
        timeout: 10,
      },
      (error: unknown, result) => (error ? reject(error instanceof Error ? error : new Error('autocannon failed')) : resolve({ result, latencies, wrongStatus })),
    );
    // autocannon's own histogram is in whole ms; these are hrtime-based floats.
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      if (status === expected) latencies.add(responseTime);
      else wrongStatus.set(status, (wrongStatus.get(status) ?? 0) + 1);
    });
  });
}

/** Warm-up run (discarded), then the measured run: fixed connections, closed loop, keep-alive. */
export async function runLoad(options: LoadOptions): Promise<ScenarioResult> {
  if (options.warmupSec > 0) await cannon(options, options.warmupSec);
  options.onMeasureStart?.();
  const { result, latencies, wrongStatus } = await cannon(options, options.durationSec);
  const [p50, p99] = latencies.percentiles(50, 99);
  const statusErrors = [...wrongStatus.values()].reduce((a, b) => a + b, 0);
  const errors = result.errors + result.timeouts + statusErrors;
  const errorSamples = [
    ...[...wrongStatus].map(([status, count]) => `${count} × status ${status}`),
    ...(result.errors > 0 ? [`${result.errors} connection errors`] : []),
    ...(result.timeouts > 0 ? [`${result.timeouts} timeouts`] : []),
  ];
  return {
    name: options.name,
    description: options.description,
    unit: 'req/s',
    // Completed 2xx/expected answers over the wall-clock duration of the run.
    rate: latencies.size / result.duration,
    p50Ms: p50 ?? Number.NaN,
    p99Ms: p99 ?? Number.NaN,
    completed: latencies.size,
    errors,
    errorSamples,
    durationSec: result.duration,
    connections: options.connections,
  };
}
