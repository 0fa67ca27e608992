import type { ScenarioResult } from './lib/stats.js';

/** CPU used by each process during a scenario, as % of one core. */
export interface CpuShare {
  readonly app: number;
  readonly fake: number;
  readonly baseline: number;
  readonly loadGenerator: number;
  /** CPU used by processes outside the bench (other users), % of one core. */
  readonly other: number;
  /** CPU µs each process spent per completed request (or flow). */
  readonly appUsPerOp: number;
  readonly fakeUsPerOp: number;
  readonly baselineUsPerOp: number;
}

/** The CPU µs per operation of the server(s) doing the work. */
const serverUs = (c: CpuShare): string => {
  // A process with under 3% of a core is idle here (/proc counts in 10 ms ticks).
  const parts = [c.baseline > 3 ? `base ${c.baselineUsPerOp.toFixed(0)}` : '', c.app > 3 ? `app ${c.appUsPerOp.toFixed(0)}` : '', c.fake > 3 ? `fake ${c.fakeUsPerOp.toFixed(0)}` : ''];
  return parts.filter(Boolean).join(' + ');
};
const share = (c: CpuShare): string => `${(c.app + c.baseline).toFixed(0)}/${c.fake.toFixed(0)}/${c.loadGenerator.toFixed(0)}/${c.other.toFixed(0)}`;

export interface Budget {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

const fmt = (n: number | undefined, digits = 1): string => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const fmtRate = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows
    .map((row, i) => {
      const line = row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

export function scenarioTable(results: readonly ScenarioResult[], cpu: ReadonlyMap<string, CpuShare>): string {
  const rows = [['scenario', 'rate', 'unit', 'p50 ms', 'p99 ms', 'errors', '% of baseline', 'other ratio', 'CPU% server/fake/loadgen/other', 'server CPU µs/op']];
  for (const r of results) {
    const c = cpu.get(r.name);
    rows.push([
      r.name,
      fmtRate(r.rate),
      r.unit,
      fmt(r.p50Ms, 2),
      fmt(r.p99Ms, 2),
      String(r.errors),
      r.ofBaseline === undefined ? '' : `${(r.ofBaseline * 100).toFixed(1)}%`,
      r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(1)}% of ${r.ratioTo ?? ''}`,
      c === undefined ? '' : share(c),
      c === undefined ? '' : serverUs(c),
    ]);
  }
  return table(rows);
}

export function budgetTable(budgets: readonly Budget[]): string {
  return table([['budget', 'target', 'measured', 'met'], ...budgets.map((b) => [b.name, b.target, b.measured, b.pass ? 'PASS' : 'FAIL'])]);
}

/** The results table as Markdown, for docs/benchmarks.md. */
export function markdownTable(results: readonly ScenarioResult[], cpu: ReadonlyMap<string, CpuShare>): string {
  const lines = [
    '| scenario | rate | p50 ms | p99 ms | errors | % of baseline | other ratio | CPU % server / fake / load generator / other processes | server CPU µs per op |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const c = cpu.get(r.name);
    const ratio = r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(1)}% of ${r.ratioTo ?? ''}`;
    const ofBaseline = r.ofBaseline === undefined ? '' : `${(r.ofBaseline * 100).toFixed(1)}%`;
    lines.push(`| ${r.name} | ${fmtRate(r.rate)} ${r.unit} | ${fmt(r.p50Ms, 2)} | ${fmt(r.p99Ms, 2)} | ${r.errors} | ${ofBaseline} | ${ratio} | ${c === undefined ? '' : share(c).replaceAll('/', ' / ')} | ${c === undefined ? '' : serverUs(c)} |`);
  }
  return lines.join('\n');
}
