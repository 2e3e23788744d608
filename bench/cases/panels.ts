/**
 * Panels render time in jsdom (facts: no baseline, no goal), from `bench/panels/renderPanels.ts`
 * run as a child process once per run, so jsdom's browser globals never reach the other cases.
 */
import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';
import { defineCase } from '../lib/benchCase';
import { ROOT } from '../lib/procs';
import { fact, type BenchRow } from '../lib/results';
import { interleave } from '../lib/verdict';

const run = promisify(execFile);
const SCRIPT = join(ROOT, 'bench', 'panels', 'renderPanels.ts');

interface PanelResult {
  case: string;
  medianMs: number;
  p95Ms: number;
  domRows: number;
}

async function renderOnce(updates: number): Promise<PanelResult[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', SCRIPT, '--updates', String(updates)], {
    cwd: ROOT,
    maxBuffer: 16 << 20,
  });
  const last = stdout.trim().split('\n').pop() ?? '';
  return (JSON.parse(last) as { results: PanelResult[] }).results;
}

export const panelsCase = defineCase<{ updates: number }>({
  name: 'panels',
  command: 'node --import tsx bench/panels/renderPanels.ts --updates N (jsdom, React production, flushSync)',
  sizes: { smoke: { updates: 2 }, quick: { updates: 20 }, full: { updates: 40 } },
  run: async (size, { runs }) => {
    const { a: results } = await interleave(runs, () => renderOnce(size.updates));
    return results[0].map(
      (first, i): BenchRow =>
        fact({
          benchmark: 'panels render',
          metric: `median ms per update, ${first.case} (${size.updates} updates per run, ${first.domRows} DOM rows)`,
          unit: 'ms',
          value: results.map((r) => r[i].medianMs),
          note: `p95 per run: ${results.map((r) => r[i].p95Ms).join(', ')} ms`,
        })
    );
  },
});
