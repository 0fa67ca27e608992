/**
 * `Basic base64(client_id:client_secret)` exactly as the Globus SDKs send it: the id and secret
 * are NOT form-url-encoded first (RFC 6749 §2.3.1 says they should be; Globus secrets hold `+/=`).
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
}
