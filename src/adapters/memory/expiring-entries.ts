// One compact string per record, `<expiresAt in base36>~<payload>`: no per-record objects
// or timers, so a session costs little more than its payload.

const SEPARATOR = '~';

/**
 * The entry as one flat string: a string built by concatenation (as the sealed record itself is)
 * is a rope of several heap objects, ~270 B more per session than one flat copy. Entries are
 * written at login, refresh and activity, never per read, so the copy costs next to nothing.
 */
export const withExpiry = (expiresAt: number, payload: string): string =>
  Buffer.from(`${Math.ceil(expiresAt).toString(36)}${SEPARATOR}${payload}`, 'utf8').toString('utf8');

export const expiryOf = (entry: string): number => parseInt(entry.slice(0, entry.indexOf(SEPARATOR)), 36);

export const payloadOf = (entry: string): string => entry.slice(entry.indexOf(SEPARATOR) + 1);

/** Reads a live entry's payload, deleting it (and answering undefined) once expired. */
export function readLive<K>(map: Map<K, string>, key: K, now: number): string | undefined {
  const entry = map.get(key);
  if (entry === undefined) return undefined;
  if (expiryOf(entry) > now) return payloadOf(entry);
  map.delete(key);
  return undefined;
}

/** Deletes every expired entry; what the periodic sweep runs. */
export function dropExpired<K>(map: Map<K, string>, now: number): void {
  for (const [key, entry] of map) if (expiryOf(entry) <= now) map.delete(key);
}

/** Runs synchronous store logic as a promise, turning a throw into a rejection. */
export const settle = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));
