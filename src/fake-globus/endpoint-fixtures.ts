import { endpointDocument, type EndpointDocument, type EndpointSpec } from './endpoint-document.js';
import type { DemoIdentity } from './identities.js';
import { stableUuid } from './stable-uuid.js';

/** Hand-written endpoints per username: deliberately varied entity types and fields. */
const HANDWRITTEN: Record<string, EndpointSpec[]> = {
  'jdoe@uchicago.edu': [
    {
      id: 'f2065425-6b34-4898-9575-49a242f689d4',
      display_name: 'jdoe laptop',
      entity_type: 'GCP_mapped_collection',
      description: 'Personal workstation',
      last_accessed_time: '2026-11-20T00:00:00+00:00',
    },
    {
      id: 'e36a127e-8b48-439c-bea0-b3c78654fb21',
      display_name: 'Lab share for the Doe group',
      entity_type: 'GCSv5_guest_collection',
      description: 'Shared results of the Doe group; ask Jane for access.',
      public: true,
      gcs_version: '5.4.82',
      gcs_manager_url: 'https://a1b2c.8f3e.data.globus.org',
      tlsftp_server: 'tlsftp://g-5d1e2.a1b2c.8f3e.data.globus.org:443',
      https_server: 'https://g-5d1e2.a1b2c.8f3e.data.globus.org',
      host_path: '/project/doe-lab/shared/',
      mapped_collection_id: 'abfb5dc8-9f1e-4e85-9cac-ba9dfa3a85cf',
      mapped_collection_display_name: 'Campus Research Storage',
      non_functional_endpoint_id: '9bb88877-0f79-4b94-9f28-7484576ec51f',
      non_functional_endpoint_display_name: 'Campus GCS Endpoint',
      subscription_id: '5e0d7c8a-41b9-4f2e-9a63-0c7d2e8b1f45',
      my_effective_roles: ['administrator', 'access_manager'],
      in_use: true,
      last_accessed_time: '2026-11-18T14:05:00+00:00',
    },
    {
      id: 'abfb5dc8-9f1e-4e85-9cac-ba9dfa3a85cf',
      display_name: 'Campus Research Storage',
      entity_type: 'GCSv5_mapped_collection',
      description: 'Project and scratch storage of the Research Computing Center',
      organization: 'University of Chicago',
      department: 'Research Computing Center',
      keywords: 'hpc,storage,midway',
      contact_email: 'help@rcc.example.edu',
      info_link: 'https://rcc.example.edu/storage',
      public: true,
      gcs_version: '5.4.82',
      gcs_manager_url: 'https://a1b2c.8f3e.data.globus.org',
      tlsftp_server: 'tlsftp://m-4c3b2.a1b2c.8f3e.data.globus.org:443',
      https_server: 'https://m-4c3b2.a1b2c.8f3e.data.globus.org',
      non_functional_endpoint_id: '9bb88877-0f79-4b94-9f28-7484576ec51f',
      non_functional_endpoint_display_name: 'Campus GCS Endpoint',
      subscription_id: '5e0d7c8a-41b9-4f2e-9a63-0c7d2e8b1f45',
      high_assurance: true,
      authentication_assurance_timeout: 900,
      mfa_required: true,
      shareable: true,
      my_effective_roles: ['administrator', 'activity_manager'],
      location: '41.7886,-87.5987',
    },
  ],
};

/** How many endpoints each identity owns by default (the hand-written ones, or generated ones). */
export const DEFAULT_ENDPOINT_COUNTS: Record<string, number> = {
  'jdoe@uchicago.edu': 3,
  'ahmed@globusid.org': 250,
  'riya@example.edu': 0,
};

/** Predictable names for paging tests: "Khan lab share 001".."250". */
const GENERATED_PREFIX: Record<string, string> = {
  'jdoe@uchicago.edu': 'Doe lab share',
  'ahmed@globusid.org': 'Khan lab share',
  'riya@example.edu': 'Patel share',
};

function generated(owner: DemoIdentity, index: number, width: number): EndpointSpec {
  const number = String(index).padStart(width, '0');
  const prefix = GENERATED_PREFIX[owner.username] ?? `${owner.name} share`;
  const isGcp = index % 5 === 0;
  const spec: EndpointSpec = {
    id: stableUuid(`${owner.username}/${index}`),
    display_name: `${prefix} ${number}`,
    entity_type: isGcp ? 'GCP_mapped_collection' : 'GCSv5_guest_collection',
    description: `Shared folder ${number} of ${owner.organization ?? owner.name}`,
  };
  return isGcp
    ? spec
    : {
        ...spec,
        gcs_version: '5.4.80',
        gcs_manager_url: 'https://k9f2a.77aa.data.globus.org',
        tlsftp_server: `tlsftp://g-${number}.k9f2a.77aa.data.globus.org:443`,
        host_path: `/shares/${number}/`,
        mapped_collection_id: stableUuid(`${owner.username}/mapped`),
        mapped_collection_display_name: `${owner.organization ?? owner.name} storage`,
      };
}

/** The first `count` endpoints of `owner`: hand-written ones first, then generated ones. */
export function endpointsOf(owner: DemoIdentity, count: number): EndpointDocument[] {
  const handwritten = (HANDWRITTEN[owner.username] ?? []).slice(0, count);
  const extra = count - handwritten.length;
  const width = Math.max(3, String(extra).length);
  const specs = [...handwritten, ...Array.from({ length: extra }, (_, i) => generated(owner, i + 1, width))];
  return specs.map((spec) => endpointDocument(owner, spec));
}
