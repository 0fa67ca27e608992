/** `npm run build`: the production bundle in dist/ (see scripts/build-app.ts); `npm start` runs it. */
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp, REPO_ROOT } from './build-app.js';

const t0 = performance.now();
const { main, metafile } = await buildApp();
const code = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
const megabytes = code.reduce((sum, [, output]) => sum + output.bytes, 0) / 1e6;
console.error(`built ${relative(REPO_ROOT, main)} and ${code.length - 1} chunks (${megabytes.toFixed(1)} MB) in ${(performance.now() - t0).toFixed(0)} ms`);
