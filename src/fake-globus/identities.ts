/** A Globus identity as Auth describes it in userinfo / id_token `identity_set` entries. */
export interface IdentityRecord {
  sub: string;
  username: string;
  name: string | null;
  email: string | null;
  organization: string | null;
  identity_provider: string;
  identity_provider_display_name: string;
}

/** A person who can sign in to the fake: a primary identity plus linked ones. */
export interface DemoIdentity extends IdentityRecord {
  name: string;
  /** Other identities in the same identity set (never signed in with here). */
  linked: readonly IdentityRecord[];
}

const UCHICAGO_IDP = '91ded6ab-0799-43a3-a1fc-52464472df0e';
const GLOBUS_ID_IDP = '41143743-f3c8-4d60-bbdb-eeecaba85bd9';
const EXAMPLE_EDU_IDP = '7d0b6a4e-3c1f-4f6a-9a55-2b8e0c1d9e31';

export const DEMO_IDENTITIES: readonly DemoIdentity[] = Object.freeze([
  {
    sub: 'bd9abf42-4a7a-476f-b34b-c17b369c477f',
    username: 'jdoe@uchicago.edu',
    name: 'Jane Doe',
    email: 'jdoe@uchicago.edu',
    organization: 'University of Chicago',
    identity_provider: UCHICAGO_IDP,
    identity_provider_display_name: 'University of Chicago',
    linked: [
      {
        sub: 'f6f614cc-ed00-4bc1-bdac-b6a456147007',
        username: 'jdoe@globusid.org',
        name: null,
        email: 'jane.doe@example.com',
        organization: null,
        identity_provider: GLOBUS_ID_IDP,
        identity_provider_display_name: 'Globus ID',
      },
    ],
  },
  {
    sub: '5b0c7a2e-8d4f-4e61-9a3b-2f6d1c8e4a70',
    username: 'ahmed@globusid.org',
    name: 'Ahmed Khan',
    email: 'ahmed.khan@example.org',
    organization: 'Khan Lab',
    identity_provider: GLOBUS_ID_IDP,
    identity_provider_display_name: 'Globus ID',
    linked: [],
  },
  {
    sub: 'c3e9d1f4-6a2b-4c8d-b7e5-0f1a2b3c4d5e',
    username: 'riya@example.edu',
    name: 'Riya Patel',
    email: 'riya@example.edu',
    organization: 'Example University',
    identity_provider: EXAMPLE_EDU_IDP,
    identity_provider_display_name: 'Example University',
    linked: [],
  },
]);

export function identityBySub(sub: string): DemoIdentity | undefined {
  return DEMO_IDENTITIES.find((identity) => identity.sub === sub);
}

export function identityByUsername(username: string): DemoIdentity | undefined {
  return DEMO_IDENTITIES.find((identity) => identity.username === username);
}
