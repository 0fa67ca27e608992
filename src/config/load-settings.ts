import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROOT } from '../paths.js';
import { SETTINGS, type SettingKey, type Settings } from './settings-schema.js';

const CONFIG_DIR = join(APP_ROOT, 'config/');

/** Start-up configuration problems, one readable line each. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** config/default.json, then config/<NODE_ENV>.json, then environment variables; validated. */
export function loadSettings(env: Env = process.env, configDir = CONFIG_DIR): Settings {
  const layers = ['default', env['NODE_ENV']].filter((n): n is string => Boolean(n));
  const values = new Map<string, unknown>();
  for (const layer of layers) {
    const file = `${configDir}${layer}.json`;
    if (existsSync(file)) flatten(JSON.parse(readFileSync(file, 'utf8')) as unknown, '', values);
  }
  const problems: string[] = [];
  const settings: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const fromEnv = env[setting.env];
    const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : values.get(key);
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) settings[key] = parsed.data;
    else problems.push(`${setting.env} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings as Settings;
}

function flatten(node: unknown, prefix: string, into: Map<string, unknown>): void {
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (const [k, v] of Object.entries(node)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else {
    into.set(prefix, node);
  }
}

export type { SettingKey, Settings };
