import { RequestError, TimeoutError, type Response } from 'got';
import { UpstreamUnavailable } from '../../domain/errors.js';

/** A Globus answer, whatever its status. */
export interface UpstreamReply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * Runs one got call and turns transport failures into UpstreamUnavailable. got's errors are
 * dropped, not wrapped: they carry the request options, Authorization header included.
 */
export async function callUpstream(service: string, send: () => Promise<Response<string>>): Promise<UpstreamReply> {
  let response: Response<string>;
  try {
    response = await send();
  } catch (error) {
    if (error instanceof TimeoutError) throw new UpstreamUnavailable(service, true);
    if (error instanceof RequestError) throw new UpstreamUnavailable(service, error.code === 'ETIMEDOUT');
    throw error;
  }
  return { status: response.statusCode, contentType: response.headers['content-type'] ?? '', text: response.body };
}
