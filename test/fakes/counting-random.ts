import type { RandomSource } from '../../src/application/ports/random-source.js';

/** Predictable "random" values, so tests can name them. */
export class CountingRandom implements RandomSource {
  private n = 0;
  token(bytes: number): string {
    this.n += 1;
    return `r${this.n}-${bytes}`;
  }
}
