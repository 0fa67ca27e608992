import { queryString, withTrailingSlash } from './query-string.js';

export interface LogoutUrlSettings {
  readonly authUrl: string;
  readonly clientId: string;
  readonly logoutReturnUrl: string;
  readonly appName: string;
}

/**
 * Globus Auth's browser logout page (https://docs.globus.org/api/helper-pages/auth/#logout).
 * It shows a "Continue to <appName>" link back to the app; it never redirects by itself.
 */
export function logoutUrl(settings: LogoutUrlSettings): string {
  const query = queryString([
    ['client_id', settings.clientId],
    ['redirect_uri', settings.logoutReturnUrl],
    ['redirect_name', settings.appName],
  ]);
  return `${withTrailingSlash(settings.authUrl)}v2/web/logout?${query}`;
}
