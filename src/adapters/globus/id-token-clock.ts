/**
 * Checks an id_token's `iat` against our clock. Globus mints the id_token during the code exchange
 * we are completing, so `iat` must be "now" give or take the clock leeway: a later `iat` means our
 * clock is behind Globus's, a much earlier one that it is ahead. jose alone accepts any past or
 * future `iat` (it only bounds `exp`, which Globus sets 48 h out), so such offsets would go unseen.
 *
 * `transitSeconds` allows for the time between minting and checking (the rest of the token call and
 * the JWKS fetch). Returns a reason fit for a log line (numbers only, never claim values), or null.
 */
export function clockOffsetProblem(iat: number, nowSeconds: number, leewaySeconds: number, transitSeconds: number): string | null {
  const ahead = Math.round(iat - nowSeconds);
  if (ahead > leewaySeconds) {
    return `clock offset: id_token issued ${ahead} s in the future (leeway ${leewaySeconds} s); this server's clock is behind Globus's, check NTP`;
  }
  const age = Math.round(nowSeconds - iat);
  if (age > leewaySeconds + transitSeconds) {
    return `clock offset: id_token issued ${age} s ago (leeway ${leewaySeconds} s); this server's clock is ahead of Globus's, check NTP`;
  }
  return null;
}
