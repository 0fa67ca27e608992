import { z } from 'zod';
import type { FakeGlobusOptions } from './types.js';

const clientSchema = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  redirect_uris: z.array(z.url({ protocol: /^https?$/ })).min(1),
  name: z.string().min(1).optional(),
});

const envSchema = z.object({
  FAKE_GLOBUS_PORT: z.coerce.number({ error: 'expected a port number 0-65535' }).int().min(0).max(65535).default(5001),
  FAKE_GLOBUS_HOST: z.string().min(1).default('127.0.0.1'),
  FAKE_GLOBUS_ADMIN: z.enum(['true', 'false']).default('false'),
  FAKE_GLOBUS_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(1).optional(),
  FAKE_GLOBUS_ISSUER: z.url().optional(),
});

export type EnvParse = { ok: true; options: FakeGlobusOptions } | { ok: false; message: string };

/** `FAKE_GLOBUS_CLIENTS[0].redirect_uris[1]: Invalid URL` — one line, no stack. */
function describe(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  const where = `${prefix}${path}`.replace(/^\./, '');
  return `${where || 'environment'}: ${issue?.message ?? 'invalid'}`;
}

/** Read the standalone fake's settings from the environment; one readable message on failure. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): EnvParse {
  const blankToUndefined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) return { ok: false, message: describe(parsed.error, '') };
  const settings = parsed.data;
  const options: FakeGlobusOptions = { port: settings.FAKE_GLOBUS_PORT, host: settings.FAKE_GLOBUS_HOST, adminApi: settings.FAKE_GLOBUS_ADMIN === 'true' };
  if (settings.FAKE_GLOBUS_TOKEN_LIFETIME_SECONDS !== undefined) options.tokenLifetimeSeconds = settings.FAKE_GLOBUS_TOKEN_LIFETIME_SECONDS;
  if (settings.FAKE_GLOBUS_ISSUER !== undefined) options.issuer = settings.FAKE_GLOBUS_ISSUER;

  const rawClients = blankToUndefined['FAKE_GLOBUS_CLIENTS'];
  if (rawClients !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(rawClients);
    } catch {
      return { ok: false, message: 'FAKE_GLOBUS_CLIENTS is not valid JSON (expected a list of {client_id, client_secret, redirect_uris})' };
    }
    const clients = z.array(clientSchema).min(1).safeParse(json);
    if (!clients.success) return { ok: false, message: describe(clients.error, 'FAKE_GLOBUS_CLIENTS') };
    options.clients = clients.data.map((client) => {
      const { client_secret, name, ...rest } = client;
      return { ...rest, ...(client_secret === undefined ? {} : { client_secret }), ...(name === undefined ? {} : { name }) };
    });
  }
  return { ok: true, options };
}
