import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../scripts/build-app.js';
import { REPO_ROOT } from './processes.js';

/**
 * The production build that `npm start` runs (`npm run build`: esbuild, src/main.ts and its
 * dependencies as ES modules, the fake Globus as a chunk of its own), written to dist/bench/ so a
 * concurrent `npm run build` into dist/ does not replace it mid-run. The code finds templates/ and
 * config/ from the nearest package.json above it, so any directory in the repository works.
 * Returns the entry point and a function that deletes the build.
 */
export async function bundleApp(): Promise<{ file: string; remove: () => void }> {
  const outdir = join(REPO_ROOT, 'dist', 'bench');
  const { main } = await buildApp(outdir);
  return { file: main, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}
