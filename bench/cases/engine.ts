/**
 * Simulator engine: events generated per CPU-second for 20 and 500 symbols, measured with
 * `process.cpuUsage()` (user + system) around `advance()` only, and again with each event
 * formatted as the recorder's NDJSON line. A step is `advance(1000)`: one virtual second, one
 * market tick. Facts (no baseline, no goal): how much simulated load one core makes.
 */
import { createEngine, type EngineConfig } from '../../simulator/engine';
import { formatRecordLine } from '../../simulator/engine/recording';
import { defineCase } from '../lib/benchCase';
import { fact } from '../lib/results';
import { interleave } from '../lib/verdict';

const START = 1_736_135_100_000;

interface EngineSetup {
  name: string;
  config: EngineConfig;
  /** Share of the mode's simulated seconds this setup runs (500 symbols cost more per second). */
  share: number;
}

const SETUPS: EngineSetup[] = [
  { name: '20 symbols', config: { seed: 1, startTime: START }, share: 1 },
  { name: '500 symbols', config: { seed: 1, startTime: START, symbolCount: 500 }, share: 0.25 },
  {
    name: '500 symbols, 20 orders/s',
    config: { seed: 1, startTime: START, symbolCount: 500, rates: { ordersPerSecond: 20 } },
    share: 0.125,
  },
];

function eventsPerCpuSecond(setup: EngineSetup, seconds: number, serialize: boolean): number {
  const engine = createEngine(setup.config);
  // Warm the JIT on a first simulated minute, outside the measurement.
  engine.advance(60_000);
  let events = 0;
  let bytes = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < seconds; i++) {
    for (const event of engine.advance(1000)) {
      events += 1;
      if (serialize) {
        bytes += formatRecordLine(event).length;
      }
    }
  }
  const used = process.cpuUsage(before);
  if (serialize && events > 0 && bytes === 0) {
    throw new Error('nothing was serialised');
  }
  return Math.round(events / Math.max(1e-6, (used.user + used.system) / 1e6));
}

export const engineCase = defineCase<{ simulatedSeconds: number }>({
  name: 'engine',
  command: 'createEngine(...).advance(1000) per simulated second, with and without formatRecordLine',
  // Full: 4 simulated hours, about 5 CPU-seconds per bare run of each setup (more with NDJSON).
  // Shorter runs spread more on a busy machine: at 30 minutes (quick) the 20-symbol ratio read
  // 1.71 (1.6–1.95) in one run and 1.31 (1.23–1.44) in the next.
  sizes: { smoke: { simulatedSeconds: 40 }, quick: { simulatedSeconds: 1800 }, full: { simulatedSeconds: 4 * 3600 } },
  run: async (size, { runs }) => {
    const rows = [];
    for (const setup of SETUPS) {
      const seconds = Math.max(8, Math.round(size.simulatedSeconds * setup.share));
      const { a: bare, b: ndjson } = await interleave(
        runs,
        () => eventsPerCpuSecond(setup, seconds, false),
        () => eventsPerCpuSecond(setup, seconds, true)
      );
      rows.push(
        fact({
          benchmark: 'engine',
          metric: `events per CPU-second, ${setup.name} (${seconds} simulated s per run)`,
          unit: '/s',
          value: bare,
          baselineLabel: 'same, each event formatted as an NDJSON record line',
          base: ndjson,
        })
      );
    }
    return rows;
  },
});
