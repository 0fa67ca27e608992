import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../fixtures/globus/', import.meta.url);

export type GlobusFixtureName =
  | 'auth-token-code-exchange'
  | 'auth-token-refresh'
  | 'auth-error-invalid-grant-401'
  | 'auth-error-unauthorized-401'
  | 'auth-error-unexpected-500'
  | 'auth-revoke'
  | 'auth-openid-configuration'
  | 'transfer-endpoint-search-page-1'
  | 'transfer-endpoint-search-page-2'
  | 'transfer-error-authentication-failed-401'
  | 'transfer-error-consent-required-403'
  | 'transfer-error-service-unavailable-503';

/** A recorded-shape Globus response body from test/fixtures/globus/. */
export function globusFixture(name: GlobusFixtureName): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${name} is not an object`);
  return parsed as Record<string, unknown>;
}

/** A copy of a body without some of its fields, to test what Globus might leave out. */
export function withoutFields(body: Readonly<Record<string, unknown>>, ...names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([name]) => !names.includes(name)));
}
