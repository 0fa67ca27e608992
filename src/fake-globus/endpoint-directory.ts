import type { EndpointDocument } from './endpoint-document.js';
import { DEFAULT_ENDPOINT_COUNTS, endpointsOf } from './endpoint-fixtures.js';
import { DEMO_IDENTITIES, identityBySub, identityByUsername } from './identities.js';

/** Which endpoints each identity owns; the count is a fault control. Each identity sees only its own. */
export class EndpointDirectory {
  private readonly counts = new Map<string, number>();
  private readonly cache = new Map<string, EndpointDocument[]>();

  constructor() {
    this.resetCounts();
  }

  setCount(username: string, count: number): void {
    if (identityByUsername(username) === undefined) throw new RangeError(`unknown demo identity '${username}'`);
    if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new RangeError('endpoint count must be an integer from 0 to 100000');
    this.counts.set(username, count);
    this.cache.delete(username);
  }

  resetCounts(): void {
    this.cache.clear();
    for (const identity of DEMO_IDENTITIES) this.counts.set(identity.username, DEFAULT_ENDPOINT_COUNTS[identity.username] ?? 0);
  }

  countsByUsername(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  visibleTo(sub: string): EndpointDocument[] {
    const owner = identityBySub(sub);
    if (owner === undefined) return [];
    let docs = this.cache.get(owner.username);
    if (docs === undefined) {
      docs = endpointsOf(owner, this.counts.get(owner.username) ?? 0);
      this.cache.set(owner.username, docs);
    }
    return docs;
  }
}
