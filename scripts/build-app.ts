import { build, type Metafile, type Plugin } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where `npm run build` writes and `npm start` runs from (`node dist/main.mjs`). */
export const DIST_DIR = join(REPO_ROOT, 'dist');

/**
 * got imports http2-wrapper for its `http2: true` option, which this app never sets. Loading it
 * costs ~10 % of start-up: it creates a TLS socket at import time (so the root certificates are
 * parsed before the server even listens) and pulls in node:http2. The bundle gets a stand-in that
 * fails loudly should HTTP/2 ever be asked for.
 */
const withoutHttp2Wrapper: Plugin = {
  name: 'without-http2-wrapper',
  setup(b) {
    b.onResolve({ filter: /^http2-wrapper$/ }, (args) => ({ path: args.path, namespace: 'without-http2-wrapper' }));
    b.onLoad({ filter: /.*/, namespace: 'without-http2-wrapper' }, () => ({
      loader: 'js',
      contents: [
        "const unsupported = () => { throw new Error(\"got's http2 option is not available in this build (scripts/build-app.ts)\"); };",
        'export default { get auto() { return unsupported(); }, get globalAgent() { return unsupported(); } };',
      ].join('\n'),
    }));
  },
};

/**
 * @sindresorhus/is (got's argument checks) builds two Intl.ListFormat objects at import time,
 * for error messages about wrong option types; the first one loads ICU's list data, ~20 ms of
 * start-up. The bundle makes them on first use instead. The build fails, rather than silently
 * keep the cost, should a new version of the package word those lines differently.
 */
const lazyListFormats: Plugin = {
  name: 'lazy-list-formats',
  setup(b) {
    b.onLoad({ filter: /[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      let replaced = 0;
      const contents = source.replace(/^const (andFormatter|orFormatter) = new Intl\.ListFormat\(([^;]*)\);$/gm, (_line, name: string, options: string) => {
        replaced += 1;
        return `let ${name}Instance; const ${name} = { format: (list) => (${name}Instance ??= new Intl.ListFormat(${options})).format(list) };`;
      });
      if (replaced !== 2) throw new Error(`lazy-list-formats: expected 2 Intl.ListFormat lines in ${args.path}, found ${replaced}`);
      return { contents, loader: 'js' };
    });
  },
};

export interface BuiltApp {
  /** The entry point, `<outdir>/main.mjs`. */
  readonly main: string;
  readonly metafile: Metafile;
}

/**
 * The production build: src/main.ts and its dependencies as ES modules in `outdir`: main.mjs,
 * the code it shares with the fake Globus in a chunk, and the fake in a chunk of its own that
 * only demo mode imports. Node parses a few large files far faster than tsx resolves and
 * compiles ~1,000 small ones. The code finds templates/ and config/ from the nearest package.json above
 * it (src/paths.ts), so `outdir` must lie inside the repository (dist/ or below).
 */
export async function buildApp(outdir: string = DIST_DIR): Promise<BuiltApp> {
  // Chunk names carry content hashes: clear out the previous build's (only what a build writes,
  // so builds into dist/<subdirectory> for tests or the bench survive `npm run build`).
  for (const old of ['main.mjs', 'main.mjs.map', 'main.mjs.LEGAL.txt', 'chunks']) rmSync(join(outdir, old), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { main: join(REPO_ROOT, 'src', 'main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Smaller, and ASCII only (no comments left), so V8 reads and scans less; names stay as
    // they are. The source map is used only under `node --enable-source-maps` (slower start).
    minifyWhitespace: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    // nunjucks' optional file watcher; never loaded (templates are not watched).
    external: ['chokidar', 'fsevents'],
    plugins: [withoutHttp2Wrapper, lazyListFormats],
    // CommonJS dependencies call require() for Node built-ins; ES modules have no require of their own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return { main: join(outdir, 'main.mjs'), metafile: result.metafile };
}
