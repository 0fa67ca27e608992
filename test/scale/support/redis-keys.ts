import type { Redis } from 'ioredis';

const globEscape = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/** The keys that start with `prefix` (SCAN, so it never blocks the shared Redis). */
export async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const keys = new Set<string>();
  for await (const batch of redis.scanStream({ match: `${globEscape(prefix)}*`, count: 500 })) {
    if (Array.isArray(batch)) for (const key of batch) if (typeof key === 'string') keys.add(key);
  }
  return [...keys];
}
