import type { EndpointPage } from '../../domain/endpoint.js';

export interface EndpointQuery {
  readonly offset: number;
  readonly limit: number;
  /** Transfer `filter_fulltext`; absent or empty: no text filter. */
  readonly fulltext?: string;
}

/**
 * Globus Transfer (https://docs.globus.org/api/transfer/endpoint_search/).
 * Adapters throw TokenRejected, ConsentRequired or UpstreamUnavailable.
 */
export interface TransferService {
  /** `endpoint_search?filter_scope=my-endpoints` with the Transfer access token. */
  searchMyEndpoints(accessToken: string, query: EndpointQuery): Promise<EndpointPage>;
}
