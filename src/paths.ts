import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest ancestor directory of `moduleUrl`'s file that holds a package.json. Counting `../`
 * from a module's own file breaks once esbuild moves the code into dist/; this does not.
 */
function packageRootOf(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json in ${start} or above it`);
  }
}

/** The application's root (templates/, config/): the repository, from src/*.ts under tsx and from dist/*.mjs alike. */
export const APP_ROOT = packageRootOf(import.meta.url);
