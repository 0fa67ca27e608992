/**
 * Top self-time functions of a V8 .cpuprofile (from `node --cpu-prof`).
 * Standalone: `npx tsx bench/profile-summary.ts <file.cpuprofile> [top] [skip-first-ms]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotFunction {
  /** `name (where:line)`. */
  readonly frame: string;
  /** npm package or repository folder the function lives in. */
  readonly owner: string;
  readonly selfMs: number;
  readonly selfPercent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Share of samples where the process was idle (waiting for I/O). */
  readonly idlePercent: number;
  readonly top: HotFunction[];
  /** Self time summed by owner (package or src folder), largest first. */
  readonly byOwner: Array<{ owner: string; selfMs: number; selfPercent: number }>;
}

const REPO = fileURLToPath(new URL('../', import.meta.url));

/** `koa`, `@koa/router`, `src/adapters/http`, `node:internal`… */
export function ownerOf(url: string): string {
  if (url === '') return '(native/VM)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? path);
  }
  if (path.startsWith('node:')) return path.startsWith('node:internal') ? 'node:internal' : path;
  if (path.startsWith(REPO)) {
    const rel = path.slice(REPO.length).split('/');
    return rel.slice(0, Math.min(rel.length - 1, 3)).join('/') || rel.join('/');
  }
  return path;
}

function shortFrame(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return name;
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const nm = path.lastIndexOf('/node_modules/');
  const where = nm >= 0 ? path.slice(nm + '/node_modules/'.length) : path.startsWith(REPO) ? path.slice(REPO.length) : path;
  return `${name} (${where}:${frame.lineNumber + 1})`;
}

/** `fromMs`: ignore samples in the first ms of the profile (start-up, warm-up). */
export function summarize(profile: CpuProfile, topN = 15, fromMs = 0): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const fromUs = profile.startTime + fromMs * 1000;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i];
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (id !== undefined && at >= fromUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  const totalUs = profile.endTime - Math.max(profile.startTime, Math.min(fromUs, profile.endTime));
  const byFrame = new Map<string, { frame: string; owner: string; us: number }>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    const frame = shortFrame(node.callFrame);
    const entry = byFrame.get(frame) ?? { frame, owner: ownerOf(node.callFrame.url), us: 0 };
    entry.us += us;
    byFrame.set(frame, entry);
  }
  const busyUs = Math.max(1, totalUs - idleUs);
  const all = [...byFrame.values()].sort((a, b) => b.us - a.us);
  const owners = new Map<string, number>();
  for (const entry of all) owners.set(entry.owner, (owners.get(entry.owner) ?? 0) + entry.us);
  return {
    totalMs: totalUs / 1000,
    idlePercent: (100 * idleUs) / Math.max(1, totalUs),
    top: all.slice(0, topN).map((e) => ({ frame: e.frame, owner: e.owner, selfMs: e.us / 1000, selfPercent: (100 * e.us) / busyUs })),
    byOwner: [...owners]
      .sort((a, b) => b[1] - a[1])
      .map(([owner, us]) => ({ owner, selfMs: us / 1000, selfPercent: (100 * us) / busyUs })),
  };
}

export const readProfile = (file: string): CpuProfile => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

/**
 * Work that should never be per request on a warm server: template compilation, container
 * builds, key derivation, JWKS fetch/import, config or file reads, re-serialising data that did
 * not change. A hit in the top list fails the profile budget. (The heuristics match function
 * names and owners; the report says which.)
 */
export const AVOIDABLE: ReadonlyArray<{ readonly what: string; readonly test: (f: HotFunction) => boolean }> = [
  { what: 'nunjucks template compile/parse', test: (f) => f.owner === 'nunjucks' && /compil|pars|lex|tokeni/i.test(f.frame) },
  { what: 'inversify container build/resolve', test: (f) => f.owner === 'inversify' || f.owner.startsWith('@inversifyjs') },
  { what: 'key derivation', test: (f) => /pbkdf2|scrypt|hkdf|deriveKey|parseKeys|generateKey/i.test(f.frame) },
  { what: 'JWKS fetch/import', test: (f) => /jwks|importJWK|createLocalJWKSet|importKey/i.test(f.frame) },
  { what: 'file system reads', test: (f) => /readFileSync|readFile|statSync|existsSync/.test(f.frame) },
  { what: 'configuration load/validation', test: (f) => /loadSettings|toAppConfig/.test(f.frame) },
  // koa-session serialises the unchanged session (JSON.stringify + crc32) on load and again on commit to detect changes.
  { what: 'JSON re-serialization of unchanged data (koa-session change detection)', test: (f) => (f.owner === 'koa-session' && /^hash /.test(f.frame)) || f.owner === 'crc' },
];

export function avoidableHits(top: readonly HotFunction[]): string[] {
  return top.flatMap((f) => AVOIDABLE.filter((a) => a.test(f)).map((a) => `${a.what}: ${f.frame} ${f.selfPercent.toFixed(1)}%`));
}

/** `operations`: requests (or flows) completed in the profiled window, for a µs-per-operation column. */
export function formatSummary(summary: ProfileSummary, ownersShown = 10, operations = 0): string {
  const perOp = (ms: number): string => (operations > 0 ? `${((1000 * ms) / operations).toFixed(1).padStart(7)} µs/op  ` : '');
  const busyMs = summary.totalMs * (1 - summary.idlePercent / 100);
  const head = operations > 0 ? `, ${operations} operations, ${((1000 * busyMs) / operations).toFixed(0)} µs busy per operation` : '';
  const lines = [`profile: ${summary.totalMs.toFixed(0)} ms, idle ${summary.idlePercent.toFixed(1)}%${head}; self time of busy samples:`];
  for (const f of summary.top) lines.push(`  ${f.selfPercent.toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(6)} ms  ${perOp(f.selfMs)}${f.frame}`);
  lines.push('  by package/folder:');
  for (const o of summary.byOwner.slice(0, ownersShown)) lines.push(`  ${o.selfPercent.toFixed(1).padStart(5)}%  ${perOp(o.selfMs)}${o.owner}`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.on('error', () => process.exit(0)); // e.g. piped into `head`
  const file = process.argv[2];
  if (file === undefined) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top] [skip-first-ms]');
    process.exit(2);
  }
  const summary = summarize(readProfile(file), Number(process.argv[3] ?? 20), Number(process.argv[4] ?? 0));
  console.log(formatSummary(summary, 15));
  const hits = avoidableHits(summary.top);
  console.log(hits.length === 0 ? 'avoidable work in the top list: none found' : `avoidable work in the top list:\n  ${hits.join('\n  ')}`);
}
