import { ENTITY_TYPES, type EndpointDocument, type EntityType } from './endpoint-document.js';
import { fulltextRank, searchTerms } from './fulltext.js';

const FILTER_SCOPES = [
  'all',
  'my-endpoints',
  'my-gcp-endpoints',
  'recently-used',
  'in-use',
  'shared-by-me',
  'shared-with-me',
  'administered-by-me',
  'hide-no-permissions',
] as const;
type FilterScope = (typeof FILTER_SCOPES)[number];

export interface EndpointSearchQuery {
  scope: FilterScope;
  fulltext?: string;
  ownerId?: string;
  hostEndpoint?: string;
  nonFunctional?: boolean;
  entityTypes?: EntityType[];
  fields?: string[];
  limit: number;
  offset: number;
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const RESULT_CEILING = 1000;

export type QueryParse = { ok: true; query: EndpointSearchQuery } | { ok: false; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OWNER_CONFLICTS: readonly FilterScope[] = ['my-endpoints', 'my-gcp-endpoints', 'shared-by-me'];

function nonNegativeInt(text: string | null, fallback: number): number | null {
  if (text === null) return fallback;
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

function isFilterScope(text: string): text is FilterScope {
  return (FILTER_SCOPES as readonly string[]).includes(text);
}

function isEntityType(text: string): text is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(text);
}

/** Validate endpoint_search parameters the way Transfer does; errors become 400 ClientError.BadRequest. */
export function parseEndpointSearchQuery(params: URLSearchParams): QueryParse {
  const scope = params.get('filter_scope') ?? 'all';
  if (!isFilterScope(scope)) return { ok: false, message: `Invalid filter_scope '${scope}'` };
  const fulltext = params.get('filter_fulltext')?.trim();
  if (scope === 'all' && (fulltext === undefined || fulltext === '')) {
    return { ok: false, message: "filter_fulltext is required when filter_scope is 'all'" };
  }
  const limit = nonNegativeInt(params.get('limit'), DEFAULT_LIMIT);
  if (limit === null || limit < 1 || limit > MAX_LIMIT) return { ok: false, message: `limit must be an integer between 1 and ${MAX_LIMIT}` };
  const offset = nonNegativeInt(params.get('offset'), 0);
  if (offset === null) return { ok: false, message: 'offset must be a non-negative integer' };
  if (offset + limit > RESULT_CEILING) return { ok: false, message: `offset + limit must not exceed ${RESULT_CEILING}` };
  const query: EndpointSearchQuery = { scope, limit, offset };
  if (fulltext !== undefined && fulltext !== '') query.fulltext = fulltext;

  const ownerId = params.get('filter_owner_id');
  if (ownerId !== null) {
    if (!UUID.test(ownerId)) return { ok: false, message: 'filter_owner_id must be an identity UUID' };
    if (OWNER_CONFLICTS.includes(scope)) return { ok: false, message: `filter_owner_id cannot be used with filter_scope '${scope}'` };
    query.ownerId = ownerId.toLowerCase();
  }
  const host = params.get('filter_host_endpoint');
  if (host !== null) {
    if (!UUID.test(host)) return { ok: false, message: 'filter_host_endpoint must be an endpoint UUID' };
    query.hostEndpoint = host.toLowerCase();
  }
  const nonFunctional = params.get('filter_non_functional');
  const entityTypes = params.get('filter_entity_type');
  if (nonFunctional !== null && entityTypes !== null) {
    return { ok: false, message: 'filter_non_functional and filter_entity_type are mutually exclusive' };
  }
  if (nonFunctional !== null) {
    if (nonFunctional !== '0' && nonFunctional !== '1') return { ok: false, message: 'filter_non_functional must be 0 or 1' };
    query.nonFunctional = nonFunctional === '1';
  }
  if (entityTypes !== null) {
    const types = entityTypes.split(',').map((t) => t.trim());
    const bad = types.find((t) => !isEntityType(t));
    if (bad !== undefined) return { ok: false, message: `Invalid filter_entity_type '${bad}'` };
    query.entityTypes = types.filter(isEntityType);
  }
  const fields = params.get('fields');
  if (fields !== null) query.fields = fields.split(',').map((f) => f.trim()).filter((f) => f !== '');
  return { ok: true, query };
}

function inScope(doc: EndpointDocument, scope: FilterScope, callerSub: string): boolean {
  switch (scope) {
    case 'all':
    case 'hide-no-permissions':
      return scope === 'all' || doc.my_effective_roles.length > 0;
    case 'my-endpoints':
      return doc.owner_id === callerSub;
    case 'my-gcp-endpoints':
      return doc.owner_id === callerSub && doc.is_globus_connect;
    case 'recently-used':
      return doc.last_accessed_time !== null;
    case 'in-use':
      return doc.in_use;
    case 'shared-by-me':
      return doc.owner_id === callerSub && doc.entity_type.endsWith('guest_collection');
    case 'shared-with-me':
      return doc.owner_id !== callerSub;
    case 'administered-by-me':
      return doc.my_effective_roles.includes('administrator');
  }
}

function passesFilters(doc: EndpointDocument, query: EndpointSearchQuery): boolean {
  if (query.ownerId !== undefined && doc.owner_id !== query.ownerId) return false;
  if (query.hostEndpoint !== undefined && doc.host_endpoint_id !== query.hostEndpoint) return false;
  if (query.nonFunctional !== undefined && doc.non_functional !== query.nonFunctional) return false;
  if (query.entityTypes !== undefined && !query.entityTypes.includes(doc.entity_type)) return false;
  return true;
}

function project(doc: EndpointDocument, fields: readonly string[] | undefined): Record<string, unknown> {
  if (fields === undefined) return { ...doc };
  const kept = new Set([...fields, 'DATA_TYPE']);
  return Object.fromEntries(Object.entries(doc).filter(([key]) => kept.has(key)));
}

export interface EndpointList {
  DATA_TYPE: 'endpoint_list';
  offset: number;
  limit: number;
  has_next_page: boolean;
  DATA: Array<Record<string, unknown>>;
}

/** Filter, rank, page. `visible` = the endpoints the caller may see at all. */
export function searchEndpoints(visible: readonly EndpointDocument[], query: EndpointSearchQuery, callerSub: string): EndpointList {
  const terms = query.fulltext === undefined ? null : searchTerms(query.fulltext);
  const matches: EndpointDocument[] = [];
  for (const doc of visible) {
    if (!inScope(doc, query.scope, callerSub) || !passesFilters(doc, query)) continue;
    const rank = terms === null ? 0 : fulltextRank(doc, terms);
    if (rank !== null) matches.push({ ...doc, _rank: rank });
  }
  if (terms !== null) matches.sort((a, b) => b._rank - a._rank);
  if (query.scope === 'recently-used') {
    matches.sort((a, b) => (b.last_accessed_time ?? '').localeCompare(a.last_accessed_time ?? ''));
  }
  const end = query.offset + query.limit;
  return {
    DATA_TYPE: 'endpoint_list',
    offset: query.offset,
    limit: query.limit,
    has_next_page: end < matches.length && end < RESULT_CEILING,
    DATA: matches.slice(query.offset, end).map((doc) => project(doc, query.fields)),
  };
}
