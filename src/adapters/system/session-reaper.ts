import type { EndedSessions } from '../../application/end-expired-sessions.js';

export interface SessionReaperOptions {
  /** One batch of the use case: ends at most `limit` expired sessions. */
  readonly endExpired: (limit: number) => Promise<EndedSessions>;
  readonly intervalMs: number;
  readonly logger: {
    info(fields: Record<string, unknown>, message: string): void;
    warn(fields: Record<string, unknown>, message: string): void;
  };
  /** Sessions per batch; batches repeat until one comes back short. Default 10: small, so a stop waits for little. */
  readonly batch?: number;
}

export interface SessionReaper {
  /** Runs one round now (what the timer does); resolves when it is over. */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for a round in progress. */
  stop(): Promise<void>;
}

/**
 * The timer that drives EndExpiredSessions: one round at a time, never overlapping, failures
 * logged and retried next round (a Redis outage must not crash the app).
 */
export function startSessionReaper(options: SessionReaperOptions): SessionReaper {
  const batch = options.batch ?? 10;
  let stopped = false;
  let round: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    let ended = 0;
    let unrevoked = 0;
    try {
      for (;;) {
        const result = await options.endExpired(batch);
        ended += result.ended;
        unrevoked += result.unrevoked;
        if (result.ended < batch || stopped) break;
      }
    } catch (error) {
      options.logger.warn({ error: error instanceof Error ? error.message : String(error), ended }, 'ending expired sessions failed; retried next round');
      return;
    }
    if (ended > 0) options.logger.info({ ended, unrevoked }, 'expired sessions logged out');
  };
  const runOnce = (): Promise<void> => {
    round ??= drain().finally(() => {
      round = undefined;
    });
    return round;
  };

  const timer = setInterval(() => void runOnce(), options.intervalMs);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await round;
    },
  };
}
