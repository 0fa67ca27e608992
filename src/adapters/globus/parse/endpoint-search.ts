import { z } from 'zod';
import type { Endpoint, EndpointPage } from '../../../domain/endpoint.js';

/** Display fields are shown, not trusted: anything but a non-empty string becomes null. */
const text = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' && value !== '' ? value : null));

const endpointSchema = z.object({
  id: z.string().min(1),
  display_name: text,
  canonical_name: text,
  owner_string: text,
  description: text,
  entity_type: text,
  gcs_version: text,
});

const pageSchema = z.object({
  DATA: z.array(endpointSchema),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().nonnegative(),
  has_next_page: z.boolean(),
});

function toEndpoint(item: z.infer<typeof endpointSchema>): Endpoint {
  return {
    id: item.id,
    displayName: item.display_name ?? item.canonical_name ?? item.id,
    ownerString: item.owner_string,
    description: item.description,
    entityType: item.entity_type,
    gcsVersion: item.gcs_version,
  };
}

/**
 * Reads an `endpoint_list` document from `GET /v0.10/endpoint_search`
 * (https://docs.globus.org/api/transfer/endpoint_search/). Null when the shape is wrong.
 */
export function parseEndpointPage(body: unknown): EndpointPage | null {
  const parsed = pageSchema.safeParse(body);
  if (!parsed.success) return null;
  const { DATA, offset, limit, has_next_page: hasNextPage } = parsed.data;
  return { endpoints: DATA.map(toEndpoint), offset, limit, hasNextPage };
}
