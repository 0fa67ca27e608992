import { build } from 'esbuild';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './processes.js';

/**
 * The app as one ES module (src and node_modules bundled by esbuild), to measure what start-up
 * costs without per-file module resolution and tsx's loader. The code finds templates/ at
 * `../templates/` and config/ at `../../config/` from its own file, so the bundle sits at
 * `<tmp>/globus-koa-login-bench/app/dist/main.mjs` with `app/templates` and `config` linked to the
 * repository's (outside the repository, so linters and git never see it). Returns its path and
 * a function that deletes it.
 */
export async function bundleApp(): Promise<{ file: string; remove: () => void }> {
  const root = join(tmpdir(), 'globus-koa-login-bench');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'app', 'dist'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'templates'), join(root, 'app', 'templates'));
  symlinkSync(join(REPO_ROOT, 'config'), join(root, 'config'));
  const outfile = join(root, 'app', 'dist', 'main.mjs');
  await build({
    entryPoints: [join(REPO_ROOT, 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // nunjucks' optional file watcher; never loaded (templates are not watched).
    external: ['chokidar', 'fsevents'],
    // CommonJS dependencies call require() for Node built-ins.
    banner: { js: "import { createRequire as __bench_createRequire } from 'node:module'; const require = __bench_createRequire(import.meta.url);" },
  });
  return { file: outfile, remove: () => rmSync(root, { recursive: true, force: true }) };
}
