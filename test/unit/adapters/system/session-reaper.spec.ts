import { expect } from 'chai';
import type { EndedSessions } from '../../../../src/application/end-expired-sessions.js';
import { startSessionReaper, type SessionReaper } from '../../../../src/adapters/system/session-reaper.js';

interface Line {
  readonly level: 'info' | 'warn';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A use case that ends `backlog` sessions, `limit` at a time, recording each call. */
function backlogOf(backlog: number) {
  const calls: number[] = [];
  let left = backlog;
  return {
    calls,
    endExpired: async (limit: number): Promise<EndedSessions> => {
      calls.push(limit);
      const ended = Math.min(left, limit);
      left -= ended;
      return { ended, unrevoked: ended > 0 ? 1 : 0 };
    },
  };
}

describe('startSessionReaper', () => {
  const reapers: SessionReaper[] = [];
  const lines: Line[] = [];
  const logger = {
    info: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'warn', fields, message }),
  };
  const start = (endExpired: (limit: number) => Promise<EndedSessions>, intervalMs = 60_000): SessionReaper => {
    const reaper = startSessionReaper({ endExpired, intervalMs, logger, batch: 10 });
    reapers.push(reaper);
    return reaper;
  };

  afterEach(async () => {
    await Promise.all(reapers.splice(0).map((r) => r.stop()));
    lines.splice(0);
  });

  it('drains a backlog batch after batch in one round and logs what it ended', async () => {
    const work = backlogOf(25);
    await start(work.endExpired).runOnce();
    expect(work.calls).to.deep.equal([10, 10, 10]);
    expect(lines).to.deep.equal([{ level: 'info', fields: { ended: 25, unrevoked: 3 }, message: 'expired sessions logged out' }]);
  });

  it('logs nothing when there was nothing to end', async () => {
    await start(backlogOf(0).endExpired).runOnce();
    expect(lines).to.deep.equal([]);
  });

  it('never runs two rounds at once', async () => {
    let release = (): void => {};
    let running = 0;
    let most = 0;
    const reaper = start(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => (release = resolve));
      running -= 1;
      return { ended: 0, unrevoked: 0 };
    });
    const first = reaper.runOnce();
    const second = reaper.runOnce();
    release();
    await Promise.all([first, second]);
    expect(most).to.equal(1);
  });

  it('logs a failed round as a warning and keeps going on the next one', async () => {
    let fail = true;
    const reaper = start(async () => {
      if (fail) throw new Error('Redis unavailable');
      return { ended: 1, unrevoked: 0 };
    });
    await reaper.runOnce();
    fail = false;
    await reaper.runOnce();
    expect(lines.map((l) => [l.level, l.message])).to.deep.equal([
      ['warn', 'ending expired sessions failed; retried next round'],
      ['info', 'expired sessions logged out'],
    ]);
    expect(lines[0]?.fields['error']).to.equal('Redis unavailable');
  });

  it('runs by itself every interval until stopped', async () => {
    const work = backlogOf(0);
    const reaper = start(work.endExpired, 20);
    await new Promise((resolve) => setTimeout(resolve, 110));
    const rounds = work.calls.length;
    expect(rounds).to.be.at.least(2);
    await reaper.stop();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(work.calls.length).to.equal(rounds);
  });
});
