import type { Got } from 'got';
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../application/ports/clock.js';
import { IdTokenInvalid } from '../../domain/errors.js';
import type { Identity } from '../../domain/identity.js';
import type { GlobusAuthSettings } from './globus-auth-settings.js';
import { createGlobusHttp } from './globus-http.js';
import { httpSettingsFor } from './http-settings-for.js';
import { clockOffsetProblem } from './id-token-clock.js';
import { idTokenFailure, isKeyMismatch } from './id-token-failure.js';
import type { IdTokenVerifier } from './id-token-verifier.js';
import { JwksCache, type KeyResolver } from './jwks-cache.js';
import { fetchGlobusJwks } from './jwks-source.js';
import { identityFromClaims } from './parse/id-token-claims.js';
import { withTrailingSlash } from './query-string.js';
import { systemTime } from './system-time.js';
import { UpstreamCaller } from './upstream-call.js';

export type IdTokenVerifierSettings = Pick<
  GlobusAuthSettings,
  | 'authUrl'
  | 'clientId'
  | 'issuer'
  | 'clockLeewaySeconds'
  | 'timeouts'
  | 'retries'
  | 'userAgent'
  | 'retryBaseDelayMs'
  | 'maxRetryAfterMs'
  | 'jwksCooldownMs'
  | 'jwksMaxAgeMs'
  | 'onCall'
  | 'logger'
  | 'connections'
>;

/**
 * Verifies Globus id_tokens with jose (https://docs.globus.org/api/auth/reference/#openid_connect):
 * RS512 only, against the keys at `<authUrl>jwk.json`; `iss`, `aud` = client id, `exp` within the
 * leeway, `iat` within the leeway of our clock, `sub`/`exp`/`iat` present, and `nonce` equal to the
 * one sent at /authorize. Rejections are logged with their reason (never the token).
 */
export class JoseIdTokenVerifier implements IdTokenVerifier {
  private readonly jwks: JwksCache;

  constructor(
    private readonly settings: IdTokenVerifierSettings,
    private readonly clock: Clock = systemTime,
    http?: Got,
  ) {
    const transport = httpSettingsFor(withTrailingSlash(settings.authUrl), settings);
    const caller = new UpstreamCaller(http ?? createGlobusHttp(transport), 'Globus Auth JWKS', transport);
    this.jwks = new JwksCache(() => fetchGlobusJwks(caller), clock, {
      maxAgeMs: settings.jwksMaxAgeMs ?? 10 * 60_000,
      cooldownMs: settings.jwksCooldownMs ?? 30_000,
    });
  }

  /** Throws IdTokenInvalid (reason only, never the token) or UpstreamUnavailable('Globus Auth JWKS'). */
  async verify(idToken: string, nonce: string): Promise<Identity> {
    try {
      const claims = await this.verifiedClaims(idToken);
      if (typeof claims['nonce'] !== 'string' || claims['nonce'] !== nonce) throw new IdTokenInvalid('nonce mismatch');
      const identity = identityFromClaims(claims);
      if (identity === null) throw new IdTokenInvalid('claim sub invalid');
      return identity;
    } catch (error) {
      if (error instanceof IdTokenInvalid) this.settings.logger?.warn({ upstream: 'auth', reason: error.reason }, 'id_token rejected');
      throw error;
    }
  }

  private async verifiedClaims(idToken: string): Promise<JWTPayload> {
    try {
      return await this.check(idToken, (header, token) => this.jwks.current().then((keys) => keys(header, token)));
    } catch (error) {
      if (!isKeyMismatch(error)) throw idTokenFailure(error);
      const fresh: KeyResolver | undefined = await this.jwks.refreshed();
      if (fresh === undefined) throw idTokenFailure(error);
      return this.check(idToken, fresh).catch((retryError: unknown) => {
        throw idTokenFailure(retryError);
      });
    }
  }

  private async check(idToken: string, keys: JWTVerifyGetKey): Promise<JWTPayload> {
    const now = this.clock.now();
    const { payload } = await jwtVerify(idToken, keys, {
      algorithms: ['RS512'],
      issuer: this.settings.issuer,
      audience: this.settings.clientId,
      clockTolerance: this.settings.clockLeewaySeconds,
      requiredClaims: ['sub', 'exp', 'iat'],
      currentDate: new Date(now),
    });
    // requiredClaims made jose check that iat is a number.
    const transitSeconds = Math.ceil((2 * this.settings.timeouts.totalMs) / 1000);
    const problem = clockOffsetProblem(payload.iat ?? Number.NaN, now / 1000, this.settings.clockLeewaySeconds, transitSeconds);
    if (problem !== null) throw new IdTokenInvalid(problem);
    return payload;
  }
}
