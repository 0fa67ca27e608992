import { TRANSFER_ALL_SCOPE, type RequestedScope } from './scopes.js';

const WORDS: Record<string, string> = {
  openid: 'Know who you are in Globus',
  email: 'View your email address',
  profile: 'View your name, organization and identity provider',
  [TRANSFER_ALL_SCOPE]: 'Manage your data using Globus Transfer',
  'urn:globus:auth:scope:auth.globus.org:view_identity_set': 'View your linked identities',
  'urn:globus:auth:scope:auth.globus.org:view_identities': 'View identities in Globus',
};

const DATA_ACCESS = /^https:\/\/auth\.globus\.org\/scopes\/([^/]+)\/data_access$/;

/** The consent page's words for one scope string (without dependencies); unknown scopes verbatim. */
export function describeScope(base: string): string {
  const words = WORDS[base];
  if (words !== undefined) return words;
  const collection = DATA_ACCESS.exec(base)?.[1];
  return collection === undefined ? base : `Access data on collection ${collection}`;
}

export interface ScopeLine {
  text: string;
  /** Dependent scopes, described the same way. */
  details: string[];
}

export function describeRequestedScope(scope: RequestedScope): ScopeLine {
  return {
    text: describeScope(scope.base),
    details: scope.dependencies.map((dependency) =>
      dependency.startsWith('*') ? `${describeScope(dependency.slice(1))} (optional)` : describeScope(dependency),
    ),
  };
}
