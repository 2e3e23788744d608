/** The bench's table on stdout: each number as "median (min–max)" with its verdict. */
import type { BenchRow } from './results';
import type { Spread } from './verdict';

const digits = (value: number) => (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
const num = (value: number) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { maximumFractionDigits: digits(value) })
    : Number.isNaN(value)
      ? 'n/a'
      : '∞';

export function formatSpread(value: Spread | string | undefined, unit = ''): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  const suffix = unit === '' ? '' : ` ${unit}`;
  if (value.runs.length <= 1 || value.min === value.max) {
    return `${num(value.median)}${suffix}`;
  }
  return `${num(value.median)}${suffix} (${num(value.min)}–${num(value.max)})`;
}

const VERDICTS: Record<BenchRow['verdict'], string> = {
  met: 'met',
  missed: 'MISSED',
  unstable: 'UNSTABLE',
  fact: 'fact',
  'too few runs': 'too few runs',
  invalid: 'INVALID',
  failed: 'FAILED',
};

export function formatTable(rows: BenchRow[]): string {
  const header = ['benchmark', 'metric', 'value', 'baseline (interleaved)', 'ratio', 'goal', 'verdict'];
  const cells = rows.map((r) => [
    r.benchmark,
    r.metric,
    formatSpread(r.value, r.unit),
    formatSpread(r.baseline?.value, r.unit),
    r.ratio === undefined ? '' : `${formatSpread(r.ratio)}×`,
    r.goal ?? '',
    VERDICTS[r.verdict],
  ]);
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...cells.map((c) => c[i].length))));
  const line = (c: string[]) => c.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i])).join(' | ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)];
  const notes = rows.filter((r) => r.note !== undefined || r.baseline !== undefined);
  if (notes.length > 0) {
    out.push('', 'notes:');
    notes.forEach((r) => {
      const baseline = r.baseline === undefined ? '' : ` [baseline: ${r.baseline.label}]`;
      out.push(`  ${r.benchmark}, ${r.metric}:${baseline}${r.note === undefined ? '' : ` ${r.note}`}`);
    });
  }
  out.push(
    '',
    'numbers: median of the interleaved runs (min–max); met = every run meets the goal and the runs agree within 2×;',
    'unstable = the runs straddle the goal or disagree by more than 2×; fact = a measurement with no goal;',
    'INVALID = a run measured nothing (see its note): it is left out of the spread and the row is not judged.'
  );
  return out.join('\n');
}
