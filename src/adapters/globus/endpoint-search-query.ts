import { TRANSFER_OFFSET_CEILING, TRANSFER_PAGE_LIMIT } from '../../domain/endpoint.js';
import type { EndpointQuery } from '../../application/ports/transfer-service.js';

/** The query string of `endpoint_search`, in the order it is sent. */
export type EndpointSearchParams = ReadonlyArray<readonly [string, string]>;

/**
 * Clamps a query to what Transfer serves (at most 100 a page, never past result 1000) and
 * builds the `my-endpoints` search parameters. Null when nothing can be asked for any more.
 */
export function endpointSearchParams(query: EndpointQuery): EndpointSearchParams | null {
  const offset = Math.max(0, Math.floor(query.offset));
  const limit = Math.min(Math.max(1, Math.floor(query.limit)), TRANSFER_PAGE_LIMIT, TRANSFER_OFFSET_CEILING - offset);
  if (!Number.isFinite(offset) || !Number.isFinite(limit) || limit < 1) return null;
  const fulltext = query.fulltext?.trim() ?? '';
  const params: Array<readonly [string, string]> = [
    ['filter_scope', 'my-endpoints'],
    ['limit', String(limit)],
    ['offset', String(offset)],
  ];
  if (fulltext !== '') params.push(['filter_fulltext', fulltext]);
  return params;
}
