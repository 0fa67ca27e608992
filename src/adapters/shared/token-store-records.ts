/** Validation of stored records, shared by the memory and Redis stores: what comes back from storage is untrusted. */
import { z } from 'zod';
import type { LoginAttempt } from '../../domain/login-attempt.js';
import type { UserSession } from '../../domain/user-session.js';

const nullableString = z.string().nullable();

export const loginAttemptSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string().exactOptional(),
  returnTo: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.number(),
}) satisfies z.ZodType<LoginAttempt>;

export const userSessionSchema = z.object({
  identity: z.object({
    sub: z.string(),
    name: nullableString,
    preferredUsername: nullableString,
    email: nullableString,
    organization: nullableString,
    identityProvider: nullableString,
    identityProviderDisplayName: nullableString,
  }),
  tokens: z.record(
    z.string(),
    z.object({
      resourceServer: z.string(),
      accessToken: z.string(),
      refreshToken: z.string().exactOptional(),
      scope: z.string(),
      expiresAt: z.number(),
    }),
  ),
  grantedScopes: z.array(z.string()),
  loggedInAt: z.number(),
}) satisfies z.ZodType<UserSession>;

/** Pending logins of one session, oldest first; `e` is each one's expiry (epoch ms). */
export type PendingAttempts = Array<{ readonly e: number; readonly a: LoginAttempt }>;
export const pendingAttemptsSchema = z.array(
  z.object({ e: z.number(), a: loginAttemptSchema }),
) satisfies z.ZodType<PendingAttempts>;
