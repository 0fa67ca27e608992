/** Opaque server-side session identifier; never a token, never derived from one. */
export type SessionId = string & { readonly __brand: 'SessionId' };

export const asSessionId = (value: string): SessionId => value as SessionId;
