import type { DemoIdentity } from './identities.js';

export type EntityType =
  | 'GCP_mapped_collection'
  | 'GCP_guest_collection'
  | 'GCSv5_endpoint'
  | 'GCSv5_mapped_collection'
  | 'GCSv5_guest_collection';

export const ENTITY_TYPES: readonly EntityType[] = [
  'GCP_mapped_collection',
  'GCP_guest_collection',
  'GCSv5_endpoint',
  'GCSv5_mapped_collection',
  'GCSv5_guest_collection',
];

/** Transfer endpoint document as endpoint_search returns it (fact sheet §8): full field set, many nulls. */
export interface EndpointDocument {
  DATA_TYPE: 'endpoint';
  _rank: number;
  id: string;
  display_name: string;
  canonical_name: string;
  entity_type: EntityType;
  owner_id: string;
  owner_string: string;
  username: string;
  description: string | null;
  organization: string | null;
  department: string | null;
  keywords: string | null;
  contact_email: string | null;
  contact_info: string | null;
  info_link: string | null;
  user_message: string | null;
  public: boolean;
  is_globus_connect: boolean;
  gcp_connected: boolean | null;
  gcp_paused: boolean | null;
  gcs_version: string | null;
  gcs_manager_url: string | null;
  tlsftp_server: string | null;
  https_server: string | null;
  myproxy_server: string | null;
  oauth_server: string | null;
  host_endpoint_id: string | null;
  host_path: string | null;
  mapped_collection_id: string | null;
  mapped_collection_display_name: string | null;
  non_functional: boolean;
  non_functional_endpoint_id: string | null;
  non_functional_endpoint_display_name: string | null;
  subscription_id: string | null;
  high_assurance: boolean;
  authentication_assurance_timeout: number | null;
  mfa_required: boolean;
  my_effective_roles: string[];
  in_use: boolean;
  last_accessed_time: string | null;
  default_directory: string | null;
  shareable: boolean;
  force_encryption: boolean;
  disable_verify: boolean;
  acl_available: boolean;
  location: string | null;
  network_use: string | null;
  activated: boolean;
  expires_in: number;
  expire_time: string | null;
}

export type EndpointSpec = Pick<EndpointDocument, 'id' | 'display_name' | 'entity_type'> & Partial<EndpointDocument>;

/** Fill the whole document from a few distinguishing fields; GCSv4-era keys keep their legacy values. */
export function endpointDocument(owner: DemoIdentity, spec: EndpointSpec): EndpointDocument {
  const isGcp = spec.entity_type.startsWith('GCP_');
  const shortName = owner.username.split('@')[0] ?? owner.username;
  return {
    DATA_TYPE: 'endpoint',
    _rank: 0,
    canonical_name: `${shortName}#${spec.id}`,
    owner_id: owner.sub,
    owner_string: owner.username,
    username: shortName,
    description: null,
    organization: null,
    department: null,
    keywords: null,
    contact_email: null,
    contact_info: null,
    info_link: null,
    user_message: null,
    public: false,
    is_globus_connect: isGcp,
    gcp_connected: isGcp ? true : null,
    gcp_paused: isGcp ? false : null,
    gcs_version: null,
    gcs_manager_url: null,
    tlsftp_server: null,
    https_server: null,
    myproxy_server: null,
    oauth_server: null,
    host_endpoint_id: null,
    host_path: null,
    mapped_collection_id: null,
    mapped_collection_display_name: null,
    non_functional: false,
    non_functional_endpoint_id: null,
    non_functional_endpoint_display_name: null,
    subscription_id: null,
    high_assurance: false,
    authentication_assurance_timeout: null,
    mfa_required: false,
    my_effective_roles: ['administrator'],
    in_use: false,
    last_accessed_time: null,
    default_directory: null,
    shareable: true,
    force_encryption: false,
    disable_verify: false,
    acl_available: true,
    location: null,
    network_use: null,
    activated: false,
    expires_in: -1,
    expire_time: null,
    ...spec,
  };
}
