import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest ancestor directory of this module's file that holds a package.json: the repository,
 * whether this runs from src/fake-globus/ (tsx) or bundled into dist/. The fake imports nothing of
 * the app, so it keeps its own copy of src/paths.ts's search.
 */
function packageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json in ${start} or above it`);
  }
}

/** The fake's stylesheet, found from the package root so a bundle in dist/ reads the same file. */
export const STYLES_FILE = join(packageRoot(), 'src', 'fake-globus', 'styles.css');
