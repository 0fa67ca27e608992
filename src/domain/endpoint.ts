/** A Globus Transfer endpoint or collection, reduced to what a user needs to see. */
export interface Endpoint {
  readonly id: string;
  readonly displayName: string;
  readonly ownerString: string | null;
  readonly description: string | null;
  readonly entityType: string | null;
  readonly gcsVersion: string | null;
}

/** One page of a search; Transfer reports no total, only whether more exist. */
export interface EndpointPage {
  readonly endpoints: readonly Endpoint[];
  readonly offset: number;
  readonly limit: number;
  readonly hasNextPage: boolean;
}

/** Transfer serves at most 100 a page and never past the 1000th result. */
export const TRANSFER_PAGE_LIMIT = 100;
export const TRANSFER_OFFSET_CEILING = 1000;
