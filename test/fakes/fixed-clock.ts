import type { Clock } from '../../src/application/ports/clock.js';

export class FixedClock implements Clock {
  constructor(private current: number) {}
  static at(iso: string): FixedClock {
    return new FixedClock(Date.parse(iso));
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
