// Several runs of the bench, summarised: for each scenario the median of the runs and their spread
// (lowest–highest), for each goal how many runs met it, and each run's load average, so that the docs
// show neither a favourable run nor a bad one alone.
//   npm run bench -- --json /tmp/run1.json   (three times or more)
//   npx tsx scripts/bench/spread.ts /tmp/run1.json /tmp/run2.json /tmp/run3.json
import { readFileSync } from 'node:fs';
import { median, ratio, type Report } from './report.js';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: tsx scripts/bench/spread.ts RUN.json…');
const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Report);

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const spread = (values: number[], digits = 0, unit = '') => {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '–';
  return `${fmt(median(finite), digits)}${unit} (${fmt(Math.min(...finite), digits)}–${fmt(Math.max(...finite), digits)})`;
};

const scenarios = [...new Set(runs.flatMap((r) => r.rows.map((row) => row.scenario)))];
const lines: string[] = [];
lines.push(`${runs.length} runs: ${runs.map((r) => `${r.started.slice(0, 16)}Z (load ${r.loadAverage.before.map((l) => l.toFixed(1)).join(' ')} → ${r.loadAverage.after.map((l) => l.toFixed(1)).join(' ')})`).join('; ')}`);
lines.push('');
lines.push('| scenario | Parley req/s, median (lowest–highest) | p99 ms | ratio to baseline |');
lines.push('|---|---:|---:|---:|');
for (const scenario of scenarios) {
  const rows = runs.map((r) => r.rows.find((row) => row.scenario === scenario)).filter((row) => row !== undefined);
  const pct = rows.map((row) => ratio(row) * 100);
  lines.push(
    `| ${scenario} | ${spread(rows.map((row) => row.parley?.rps ?? NaN))} | ${spread(rows.map((row) => row.parley?.p99Ms ?? NaN), 1)} | ${pct.some(Number.isFinite) ? spread(pct, 0, '%') : '–'} |`,
  );
}
lines.push('');
lines.push('| goal | each run | met |');
lines.push('|---|---|---:|');
const goals = [...new Set(runs.flatMap((r) => r.goals.map((g) => g.goal)))];
for (const goal of goals) {
  const judged = runs.map((r) => r.goals.find((g) => g.goal === goal)).filter((g) => g !== undefined);
  const met = judged.filter((g) => g.met === true).length;
  lines.push(`| ${goal} | ${judged.map((g) => g.measured).join('; ')} | ${met} of ${judged.filter((g) => g.met !== null).length} |`);
}
console.log(lines.join('\n'));
