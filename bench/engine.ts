/**
 * CPU benchmark of the simulator engine (issue 3): events generated per CPU-second for 20 and
 * 500 symbols, measured with `process.cpuUsage()` (user + system) around `advance()` only, and
 * again with each event formatted as the recorder's NDJSON line. A step is `advance(1000)`: one
 * virtual second, one market tick. Prints a table and a JSON line; asserts nothing.
 *
 *   npm run bench:engine            (runs under flock so two benchmarks never share the cores)
 */
import { createEngine, type EngineConfig } from '../simulator/engine';
import { formatRecordLine } from '../simulator/engine/recording';

const START = 1_736_135_100_000;

interface Case {
  name: string;
  config: EngineConfig;
  seconds: number;
}

const CASES: Case[] = [
  { name: '20 symbols', config: { seed: 1, startTime: START }, seconds: 4 * 3600 },
  { name: '500 symbols', config: { seed: 1, startTime: START, symbolCount: 500 }, seconds: 3600 },
  {
    name: '500 symbols, 20 orders/s',
    config: { seed: 1, startTime: START, symbolCount: 500, rates: { ordersPerSecond: 20 } },
    seconds: 1800,
  },
];

interface Result {
  case: string;
  serialize: boolean;
  simulatedSeconds: number;
  events: number;
  quotes: number;
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  quotesPerCpuSecond: number;
  simulatedSecondsPerCpuSecond: number;
}

function measure(c: Case, serialize: boolean): Result {
  const engine = createEngine(c.config);
  // Warm the JIT on a first simulated minute, outside the measurement.
  engine.advance(60_000);
  let events = 0;
  let quotes = 0;
  let bytes = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < c.seconds; i++) {
    for (const event of engine.advance(1000)) {
      events += 1;
      if (event.channel === 'market') {
        quotes += engine.symbols.length;
      }
      if (serialize) {
        bytes += formatRecordLine(event).length;
      }
    }
  }
  const used = process.cpuUsage(before);
  const cpuSeconds = (used.user + used.system) / 1e6;
  if (serialize && bytes === 0) {
    throw new Error('nothing was serialised');
  }
  return {
    case: c.name,
    serialize,
    simulatedSeconds: c.seconds,
    events,
    quotes,
    cpuSeconds: round(cpuSeconds, 3),
    eventsPerCpuSecond: Math.round(events / cpuSeconds),
    quotesPerCpuSecond: Math.round(quotes / cpuSeconds),
    simulatedSecondsPerCpuSecond: Math.round(c.seconds / cpuSeconds),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const results = CASES.flatMap((c) => [measure(c, false), measure(c, true)]);
const header = ['case', 'NDJSON', 'sim s', 'events', 'CPU s', 'events/CPU-s', 'quotes/CPU-s', 'sim s/CPU-s'];
const rows = results.map((r) => [
  r.case,
  r.serialize ? 'yes' : 'no',
  String(r.simulatedSeconds),
  String(r.events),
  r.cpuSeconds.toFixed(2),
  String(r.eventsPerCpuSecond),
  String(r.quotesPerCpuSecond),
  String(r.simulatedSecondsPerCpuSecond),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells: string[]) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
console.log(`engine benchmark, Node ${process.version}, ${new Date().toISOString()}`);
console.log(line(header));
for (const row of rows) {
  console.log(line(row));
}
console.log(JSON.stringify({ benchmark: 'engine', node: process.version, results }));
