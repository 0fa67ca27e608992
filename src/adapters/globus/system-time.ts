import type { Clock } from '../../application/ports/clock.js';

/** Wall-clock time; adapters take a Clock so tests can pin it. */
export const systemTime: Clock = { now: () => Date.now() };
