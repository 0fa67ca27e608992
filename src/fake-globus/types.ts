/** Public types of the fake Globus (re-exported from index.ts). */

export interface FakeClient {
  client_id: string;
  /** Omit for a public (native) client: it then sends client_id in the body and must use PKCE. */
  client_secret?: string;
  /** Compared with the authorize/token redirect_uri by exact string match, as Globus does. */
  redirect_uris: string[];
  name?: string;
}

export interface FakeGlobusOptions {
  /** 0 = random free port; default 5001. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default: [DEMO_CLIENT]. */
  clients?: FakeClient[];
  /** Access token + id_token lifetime; default 172800 (48 h, as Globus). */
  tokenLifetimeSeconds?: number;
  /** Serve the fault/inspection API under /_fake/ (default false). */
  adminApi?: boolean;
  /** id_token `iss` and discovery `issuer`; default 'https://auth.globus.org'. */
  issuer?: string;
}

/** Routes that fault controls can target. */
export type FakeRoute =
  | 'authorize'
  | 'token'
  | 'revoke'
  | 'introspect'
  | 'userinfo'
  | 'jwks'
  | 'openid-configuration'
  | 'logout'
  | 'endpoint_search';

export type ReceivedAuthorization =
  | { scheme: 'Basic'; clientId: string | null }
  | { scheme: 'Bearer'; token: string }
  | { scheme: string };

export interface ReceivedRequest {
  at: Date;
  method: string;
  path: string;
  /** Which fault-controllable route it hit, or null (sign-in pages, 404s...). */
  route: FakeRoute | null;
  query: Record<string, string>;
  /** Form body fields (x-www-form-urlencoded only); client_secret is redacted. */
  form: Record<string, string>;
  contentType: string | null;
  /** Decoded Authorization header; the Basic secret is never kept. */
  authorization: ReceivedAuthorization | null;
  /** Response status, filled in once the response is ready. */
  status: number | null;
}

export interface IssuedToken {
  access_token: string;
  refresh_token?: string;
  resource_server: string;
  scope: string;
  /** Identity the token acts for. */
  sub: string;
  client_id: string;
  /** The access token was revoked. */
  revoked: boolean;
  /** The refresh token (if any) was revoked. */
  refreshRevoked: boolean;
  grant: 'authorization_code' | 'refresh_token';
  issuedAt: Date;
  expiresAt: Date;
}

export interface FakeInspector {
  requests(): ReceivedRequest[];
  issuedTokens(): IssuedToken[];
  /** Every token string (access or refresh) that was revoked, in order. */
  revokedTokens(): string[];
  /** Forget received requests; issued tokens stay valid. */
  reset(): void;
}

export interface FaultResponse {
  status: number;
  /** Object -> JSON; string -> sent as-is (text/plain unless headers say otherwise). Default: the route's error envelope. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FaultControls {
  /** Delay every response of `route` by `ms` (0 removes it). */
  setLatency(route: FakeRoute, ms: number): void;
  /** The next `count` requests to `route` fail with `status` (queued after earlier failNext calls). */
  failNext(route: FakeRoute, count: number, status: number, body?: unknown, headers?: Record<string, string>): void;
  /** Each request to `route` fails with probability `rate` (0..1); rate 0 removes it. */
  setErrorRate(route: FakeRoute, rate: number, status: number, body?: unknown, headers?: Record<string, string>): void;
  /** Lifetime of tokens issued from now on. */
  setTokenLifetime(seconds: number): void;
  /** Make every access token issued so far expire now (refresh tokens keep working). */
  expireAccessTokens(): void;
  /**
   * Transfer answers 403 ConsentRequired (with these required_scopes) unless the token was
   * granted with every one of these scope strings; null turns it off.
   */
  requireConsent(scopes: string[] | null): void;
  /** How many endpoints `identityUsername` owns (fixtures first, then generated ones). */
  setEndpointCount(identityUsername: string, n: number): void;
  /**
   * Shift `iat` and `exp` of every id_token signed from now on by `seconds` (whole, at most a day
   * either way; positive = Globus's clock ahead of the app's). auth_time and identity_set times stay.
   */
  setClockSkew(seconds: number): void;
  /**
   * On: a refresh_token grant returns a new refresh token and the one it used stops working (as if
   * unknown; not counted as revoked). Off: the same refresh token is echoed, as Globus does.
   */
  rotateRefreshTokens(on: boolean): void;
  /** Back to the start-up settings: no latency, no failures, default lifetime and endpoints, no consent, no clock skew, no rotation. */
  clear(): void;
}

export interface RunningFakeGlobus {
  /** Origin with trailing slash; serves both Auth (/v2/...) and Transfer (/v0.10/...). */
  url: string;
  close(): Promise<void>;
  inspect: FakeInspector;
  faults: FaultControls;
}
