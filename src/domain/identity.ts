/** Who is logged in, as stated by a verified Globus id_token. */
export interface Identity {
  readonly sub: string;
  readonly name: string | null;
  readonly preferredUsername: string | null;
  readonly email: string | null;
  readonly organization: string | null;
  readonly identityProvider: string | null;
  readonly identityProviderDisplayName: string | null;
}
