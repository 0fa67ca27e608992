import { expect } from 'chai';
import { assertExecOk } from '../../../../src/adapters/redis/redis-errors.js';
import { UpstreamUnavailable } from '../../../../src/domain/errors.js';

describe('assertExecOk (MULTI/EXEC results)', () => {
  const thrownBy = (work: () => void): unknown => {
    try {
      work();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('passes when every command succeeded', () => {
    expect(thrownBy(() => assertExecOk([[null, 'OK'], [null, 1]]))).to.equal(undefined);
  });

  it("turns a failed command into UpstreamUnavailable('Redis'), keeping the reply as a hidden cause", () => {
    const reply = new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
    const error = thrownBy(() => assertExecOk([[null, 'OK'], [reply, null]]));
    expect(error).to.be.instanceOf(UpstreamUnavailable);
    expect((error as UpstreamUnavailable).service).to.equal('Redis');
    expect((error as Error).cause).to.equal(reply);
    expect(Object.keys(error as object)).to.not.include('cause');
  });

  it('turns an aborted transaction (null results) into UpstreamUnavailable', () => {
    expect(thrownBy(() => assertExecOk(null))).to.be.instanceOf(UpstreamUnavailable);
  });
});
