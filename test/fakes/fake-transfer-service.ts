import type { EndpointQuery, TransferService } from '../../src/application/ports/transfer-service.js';
import type { Endpoint, EndpointPage } from '../../src/domain/endpoint.js';
import { TokenRejected } from '../../src/domain/errors.js';

export const endpoint = (n: number): Endpoint => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  displayName: `Endpoint ${n}`,
  ownerString: 'jdoe@uchicago.edu',
  description: null,
  entityType: 'GCSv5_guest_collection',
  gcsVersion: '5.4.82',
});

/** Serves `count` endpoints to one accepted access token; records every call. */
export class FakeTransferService implements TransferService {
  readonly calls: { accessToken: string; query: EndpointQuery }[] = [];
  acceptedTokens = new Set<string>();
  failure: Error | undefined;

  constructor(private readonly count: number) {}

  async searchMyEndpoints(accessToken: string, query: EndpointQuery): Promise<EndpointPage> {
    this.calls.push({ accessToken, query });
    if (this.failure) throw this.failure;
    if (!this.acceptedTokens.has(accessToken)) throw new TokenRejected('transfer.api.globus.org');
    const all = Array.from({ length: this.count }, (_, i) => endpoint(i + 1));
    const endpoints = all.slice(query.offset, query.offset + query.limit);
    return { endpoints, offset: query.offset, limit: query.limit, hasNextPage: query.offset + query.limit < this.count };
  }
}
