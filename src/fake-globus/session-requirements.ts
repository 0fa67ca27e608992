import type { DemoIdentity } from './identities.js';
import type { AuthorizeRequest } from './pending-authorizations.js';

/** Whether an identity satisfies session_required_identities / _single_domain. */
export function satisfiesSession(identity: DemoIdentity, request: AuthorizeRequest): boolean {
  const subs = [identity.sub, ...identity.linked.map((linked) => linked.sub)];
  if (request.requiredIdentities.length > 0 && !subs.some((sub) => request.requiredIdentities.includes(sub))) return false;
  const domain = identity.username.split('@')[1]?.toLowerCase() ?? '';
  return request.requiredDomains.length === 0 || request.requiredDomains.includes(domain);
}

/** A sentence explaining the filter, or undefined when nothing is filtered. */
export function restrictionNote(request: AuthorizeRequest): string | undefined {
  const parts: string[] = [];
  if (request.requiredIdentities.length > 0) parts.push(`one of the identities ${request.requiredIdentities.join(', ')}`);
  if (request.requiredDomains.length > 0) parts.push(`an identity from ${request.requiredDomains.join(', ')}`);
  if (request.requiredPolicies.length > 0) parts.push(`policies ${request.requiredPolicies.join(', ')} (always met in the demo)`);
  return parts.length === 0 ? undefined : `The app requires ${parts.join('; ')}.`;
}
