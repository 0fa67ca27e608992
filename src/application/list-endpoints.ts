import { TRANSFER_OFFSET_CEILING, type EndpointPage } from '../domain/endpoint.js';
import { TokenRejected } from '../domain/errors.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { SessionId } from '../domain/session-id.js';
import { TRANSFER_RESOURCE_SERVER, type Token } from '../domain/token.js';
import { profileOf, type SessionProfile } from '../domain/user-session.js';
import type { FreshTokenFailure, FreshTokens } from './fresh-tokens.js';
import type { TransferService } from './ports/transfer-service.js';

/** Endpoints shown per page of the UI; within Transfer's limit of 100. */
export const ENDPOINTS_PAGE_SIZE = 50;
export const LAST_ENDPOINTS_PAGE = TRANSFER_OFFSET_CEILING / ENDPOINTS_PAGE_SIZE;

export interface ListEndpointsInput {
  readonly session: SessionId | undefined;
  /** 1-based UI page. */
  readonly page: number;
  readonly search?: string | undefined;
}

export interface EndpointListing extends EndpointPage {
  readonly page: number;
  readonly search: string;
  readonly hasPreviousPage: boolean;
  /** Who is logged in (no tokens), from the read that got the token: the page header needs no second read. */
  readonly user: SessionProfile;
}

/** The user's own endpoints from Globus Transfer, one UI page at a time. */
export class ListEndpoints {
  constructor(
    private readonly transfer: TransferService,
    private readonly tokens: FreshTokens,
  ) {}

  async execute(input: ListEndpointsInput): Promise<Result<EndpointListing, FreshTokenFailure>> {
    if (!input.session) return fail('not-logged-in');
    const page = Math.min(Math.max(1, Math.trunc(input.page) || 1), LAST_ENDPOINTS_PAGE);
    const search = (input.search ?? '').trim();
    const query = { offset: (page - 1) * ENDPOINTS_PAGE_SIZE, limit: ENDPOINTS_PAGE_SIZE, ...(search ? { fulltext: search } : {}) };

    const found = await this.tokens.getWithSession(input.session, TRANSFER_RESOURCE_SERVER);
    if (!found.ok) return found;
    const { user, token } = found.value;
    let result: EndpointPage;
    try {
      result = await this.transfer.searchMyEndpoints(token.accessToken, query);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      // Transfer refused a token we believed valid: refresh once and retry once.
      const retried = await this.retryWithRefresh(input.session, token, query);
      if (!retried.ok) return retried;
      result = retried.value;
    }
    const hasNextPage = result.hasNextPage && page < LAST_ENDPOINTS_PAGE;
    return ok({ ...result, hasNextPage, page, search, hasPreviousPage: page > 1, user: profileOf(user) });
  }

  private async retryWithRefresh(
    session: SessionId,
    rejected: Token,
    query: Parameters<TransferService['searchMyEndpoints']>[1],
  ): Promise<Result<EndpointPage, FreshTokenFailure>> {
    const fresh = await this.tokens.refresh(session, rejected);
    if (!fresh.ok) return fresh;
    try {
      return ok(await this.transfer.searchMyEndpoints(fresh.value.accessToken, query));
    } catch (error) {
      if (error instanceof TokenRejected) return fail('login-required');
      throw error;
    }
  }
}
