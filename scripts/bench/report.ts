// The bench's results: one row per scenario (Parley against its baseline from the same run), the
// goals of issue 8 judged against them, and the table printed at the end.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { LoadResult } from './load.js';

export interface Measured {
  /** Median over the rounds (requests/s); p50/p99 are the medians of the rounds' values. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  rounds: LoadResult[];
}

export interface Row {
  scenario: string;
  parley: Measured | null;
  /** What Parley is compared with, and its rate (with its rounds when it ran alternately with Parley's). */
  baseline: { name: string; rps: number; rounds?: LoadResult[] } | null;
  note?: string;
}

export interface Goal {
  goal: string;
  measured: string;
  /** null = not measured in this run. */
  met: boolean | null;
}

export interface Report {
  machine: string;
  load: string;
  command: string;
  started: string;
  loadAverage: { before: number[]; after: number[] };
  rows: Row[];
  goals: Goal[];
  memory: Record<string, number | null>;
  checks: Record<string, number | string>;
  notes: string[];
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export function summarise(rounds: LoadResult[]): Measured {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    rounds,
  };
}

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${platform()} ${release()}, ${cpu} × ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
}

export const currentLoad = () => loadavg().map((n) => Math.round(n * 100) / 100);

const num = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? num(n, 2) : num(n, 1)) : '–');

/**
 * Parley's rate over its baseline's: the median of the rounds' ratios when both ran in alternating
 * rounds (each pair ran back to back, so a busy moment of the machine weighs on both), else of the medians.
 */
export function ratio(row: Row): number {
  if (!row.parley || !row.baseline) return NaN;
  const paired = row.baseline.rounds;
  if (paired && paired.length === row.parley.rounds.length && paired.length > 0) {
    return median(row.parley.rounds.map((r, i) => r.rps / (paired[i]?.rps ?? NaN)));
  }
  return row.parley.rps / row.baseline.rps;
}

function table(headers: string[], rows: string[][], right: Set<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** The report as Markdown (it reads as a plain-text table in a terminal too). */
export function render(report: Report): string {
  const results = table(
    ['scenario', 'Parley req/s', 'p50 ms', 'p99 ms', 'baseline', 'baseline req/s', 'ratio', 'errors'],
    report.rows.map((row) => [
      row.scenario,
      num(row.parley?.rps ?? NaN),
      ms(row.parley?.p50Ms ?? NaN),
      ms(row.parley?.p99Ms ?? NaN),
      row.baseline?.name ?? '–',
      num(row.baseline?.rps ?? NaN),
      Number.isFinite(ratio(row)) ? `${num(ratio(row) * 100)}%` : '–',
      row.parley ? String(row.parley.errors + row.parley.non2xx) : '–',
    ]),
    new Set([1, 2, 3, 5, 6, 7]),
  );
  const goals = table(
    ['goal', 'measured', 'result'],
    report.goals.map((g) => [g.goal, g.measured, g.met === null ? 'not run' : g.met ? 'met' : 'MISSED']),
    new Set(),
  );
  const memory = Object.entries(report.memory)
    .map(([name, value]) => `${name}: ${value === null ? 'n/a' : `${num(value, 1)} MiB`}`)
    .join('; ');
  const checks = Object.entries(report.checks)
    .map(([name, value]) => `${name}: ${typeof value === 'number' ? num(value, Number.isInteger(value) ? 0 : 1) : value}`)
    .join('; ');
  const notes = report.rows.filter((r) => r.note).map((r) => `- ${r.scenario}: ${r.note}`);
  return [
    `Machine: ${report.machine}`,
    `Load: ${report.load}`,
    `Command: ${report.command} (started ${report.started}; load average before ${report.loadAverage.before.join(' ')}, after ${report.loadAverage.after.join(' ')})`,
    '',
    results,
    '',
    goals,
    '',
    `Memory (RSS): ${memory}`,
    `Checks: ${checks}`,
    ...(notes.length || report.notes.length ? ['', ...notes, ...report.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}
