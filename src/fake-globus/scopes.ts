/** Scope strings: splitting, resource servers, canonical forms. See fact sheet §7. */

export const AUTH_RESOURCE_SERVER = 'auth.globus.org';
export const TRANSFER_RESOURCE_SERVER = 'transfer.api.globus.org';
export const TRANSFER_ALL_SCOPE = 'urn:globus:auth:scope:transfer.api.globus.org:all';
const OFFLINE_ACCESS = 'offline_access';

export interface RequestedScope {
  /** As requested, dependent scopes included, whitespace normalised. */
  full: string;
  /** Without the [dependencies]. */
  base: string;
  /** Dependent scope strings inside the brackets (a leading * marks optional ones). */
  dependencies: string[];
  resourceServer: string;
}

export type ScopeParse =
  | { ok: true; scopes: RequestedScope[]; offlineAccess: boolean }
  | { ok: false; invalid: string };

const OIDC_SCOPES = new Set(['openid', 'profile', 'email']);
const URN_SCOPE = /^urn:globus:auth:scope:([^:\s[\]]+):[^\s[\]]+$/;
const URL_SCOPE = /^https:\/\/auth\.globus\.org\/scopes\/([^/\s[\]]+)\/[^\s[\]]+$/;

/** Split on whitespace outside brackets: `a[b c] d` -> ['a[b c]', 'd']; null if brackets are unbalanced. */
export function splitScopes(raw: string): string[] | null {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if (ch === '[') depth += 1;
    if (ch === ']') depth -= 1;
    if (depth < 0) return null;
    if (/\s/.test(ch) && depth === 0) {
      if (current !== '') out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) return null;
  if (current !== '') out.push(current);
  return out;
}

function resourceServerOf(base: string): string | null {
  if (OIDC_SCOPES.has(base)) return AUTH_RESOURCE_SERVER;
  return URN_SCOPE.exec(base)?.[1] ?? URL_SCOPE.exec(base)?.[1] ?? null;
}

/** `parent[child other]` -> parts, or null when malformed. */
function parseOne(text: string): RequestedScope | null {
  const open = text.indexOf('[');
  const base = open === -1 ? text : text.slice(0, open);
  const inner = open === -1 ? '' : text.slice(open + 1, -1);
  if (open !== -1 && !text.endsWith(']')) return null;
  const dependencies = splitScopes(inner);
  const resourceServer = resourceServerOf(base);
  if (dependencies === null || resourceServer === null) return null;
  for (const dependency of dependencies) {
    if (parseOne(dependency.replace(/^\*/, '')) === null) return null;
  }
  const full = dependencies.length === 0 ? base : `${base}[${dependencies.join(' ')}]`;
  return { full, base, dependencies, resourceServer };
}

/** Parse the authorize `scope` parameter (already URL-decoded, so '+' is a space). */
export function parseScopeParameter(raw: string): ScopeParse {
  const parts = splitScopes(raw.trim());
  if (parts === null) return { ok: false, invalid: raw };
  const scopes: RequestedScope[] = [];
  let offlineAccess = false;
  for (const part of parts) {
    if (part === OFFLINE_ACCESS) {
      offlineAccess = true;
      continue;
    }
    const scope = parseOne(part);
    if (scope === null) return { ok: false, invalid: part };
    if (!scopes.some((s) => s.full === scope.full)) scopes.push(scope);
  }
  if (scopes.length === 0) return { ok: false, invalid: raw };
  return { ok: true, scopes, offlineAccess };
}

/** Canonical form used to compare consent requirements with what a token was granted. */
export function canonicalScope(text: string): string {
  const parsed = parseOne(text.trim());
  return parsed === null ? text.trim() : parsed.full;
}

/** Globus lists granted OIDC scopes in its own order, not the request order; apps must not compare strings. */
const AUTH_ORDER = ['profile', 'email', 'openid'];

export function tokenScopeString(scopes: readonly RequestedScope[]): string {
  const bases = [...new Set(scopes.map((s) => s.base))];
  const rank = (base: string): number => {
    const i = AUTH_ORDER.indexOf(base);
    return i === -1 ? AUTH_ORDER.length : i;
  };
  return bases.sort((a, b) => rank(a) - rank(b)).join(' ');
}
