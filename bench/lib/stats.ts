/** Latency samples in ms, growable without per-sample objects. */
export class Samples {
  private data = new Float64Array(1 << 16);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.count++] = ms;
  }

  get size(): number {
    return this.count;
  }

  /** p in [0, 100]; nearest-rank on the sorted samples; NaN when empty. */
  percentiles(...ps: number[]): number[] {
    if (this.count === 0) return ps.map(() => Number.NaN);
    const sorted = this.data.slice(0, this.count).sort();
    return ps.map((p) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1))] ?? Number.NaN);
  }
}

/** What every scenario reports. */
export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  /** 'req/s' or 'flows/s'. */
  readonly unit: string;
  readonly rate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Completed requests (or flows) in the measured window. */
  readonly completed: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly durationSec: number;
  readonly connections: number;
  /** rate / the baseline's rate in the same run (operations per second, whatever the unit). */
  ofBaseline?: number;
  /** The scenario a budget compares this one with (other than the baseline), and rate / its rate. */
  ratioTo?: string;
  ratio?: number;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
