import type { Got } from 'got';
import type { EndpointQuery, TransferService } from '../../application/ports/transfer-service.js';
import { TRANSFER_OFFSET_CEILING, type EndpointPage } from '../../domain/endpoint.js';
import { UpstreamProtocolError } from '../../domain/errors.js';
import { endpointSearchParams } from './endpoint-search-query.js';
import { createGlobusHttp } from './globus-http.js';
import type { GlobusTransferSettings } from './globus-transfer-settings.js';
import { httpSettingsFor } from './http-settings-for.js';
import { parseEndpointPage } from './parse/endpoint-search.js';
import { parseJsonBody } from './parse/json-body.js';
import { transferFailure } from './parse/transfer-error.js';
import { withTrailingSlash } from './query-string.js';
import { UpstreamCaller } from './upstream-call.js';

export type { GlobusTransferSettings } from './globus-transfer-settings.js';

const SERVICE = 'Globus Transfer';

/** Globus Transfer API v0.10 (https://docs.globus.org/api/transfer/) over got. */
export class GlobusTransferService implements TransferService {
  private readonly caller: UpstreamCaller;

  constructor(settings: GlobusTransferSettings, http?: Got) {
    const transport = httpSettingsFor(`${withTrailingSlash(settings.transferUrl)}v0.10/`, settings);
    this.caller = new UpstreamCaller(http ?? createGlobusHttp(transport), SERVICE, transport);
  }

  /**
   * `GET /v0.10/endpoint_search?filter_scope=my-endpoints`
   * (https://docs.globus.org/api/transfer/endpoint_and_collection_search/), limit clamped to 100 and
   * offset+limit to 1000. Retried on network errors, 429 and 502/503/504 (honouring `Retry-After`
   * up to the cap). Throws TokenRejected, ConsentRequired, UpstreamUnavailable or UpstreamProtocolError.
   */
  async searchMyEndpoints(accessToken: string, query: EndpointQuery): Promise<EndpointPage> {
    const params = endpointSearchParams(query);
    if (params === null) return { endpoints: [], offset: query.offset, limit: 0, hasNextPage: false };
    const reply = await this.caller.send({
      endpoint: 'endpoint_search',
      method: 'GET',
      path: 'endpoint_search',
      searchParams: new URLSearchParams(params.map(([k, v]): [string, string] => [k, v])),
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      idempotent: true,
    });
    const body = parseJsonBody(reply.contentType, reply.text);
    if (reply.status < 200 || reply.status > 299) throw transferFailure(reply.status, body);
    const page = parseEndpointPage(body);
    if (page === null) throw new UpstreamProtocolError(SERVICE, reply.status, null);
    // Transfer never serves past result 1000, whatever has_next_page says.
    return { ...page, hasNextPage: page.hasNextPage && page.offset + page.limit < TRANSFER_OFFSET_CEILING };
  }
}
