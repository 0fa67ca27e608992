import { UpstreamUnavailable } from '../../domain/errors.js';

/**
 * Runs a Redis call, turning any failure (refused, reset, timed out, error reply) into
 * the domain's UpstreamUnavailable('Redis'). The original error is kept as a
 * non-enumerable `cause` so logging the error does not dump command arguments.
 */
export async function callRedis<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw redisUnavailable(error);
  }
}

function redisUnavailable(cause: unknown): UpstreamUnavailable {
  const timedOut = cause instanceof Error && /timed out|timeout/i.test(cause.message);
  const error = new UpstreamUnavailable('Redis', timedOut);
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/** MULTI/EXEC reports failures per command instead of rejecting; this makes them throw, as UpstreamUnavailable('Redis'). */
export function assertExecOk(results: [error: Error | null, result: unknown][] | null): void {
  if (results === null) throw redisUnavailable(new Error('transaction aborted'));
  for (const [error] of results) if (error) throw redisUnavailable(error);
}
