import type { Identity } from '../../domain/identity.js';

/** Checks a Globus id_token and says who it names; throws IdTokenInvalid or UpstreamUnavailable. */
export interface IdTokenVerifier {
  verify(idToken: string, nonce: string): Promise<Identity>;
}
