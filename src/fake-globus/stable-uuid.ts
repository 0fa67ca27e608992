import { createHash } from 'node:crypto';

/** Deterministic UUID (v5-style, SHA-1 of a seed) so generated fixtures keep their ids across runs. */
export function stableUuid(seed: string): string {
  const bytes = createHash('sha1').update(`fake-globus:${seed}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
