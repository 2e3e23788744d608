/**
 * `mci-sim record`: run the engine on its virtual clock as fast as it can and write the canonical
 * event stream as NDJSON. Same seed, script and options ⇒ byte-identical file.
 */
import { createWriteStream, type WriteStream } from 'fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  createEngine,
  formatDuration,
  parseDuration,
  parseScenarioRun,
  type EngineConfig,
  type ScenarioRun,
} from '../engine';
import { recordChunks } from '../engine/recording';
import { integerOption, numberOption } from '../config/numericOptions';

/** Monday 2025-01-06 09:15 IST (NSE open): a fixed default start keeps recordings reproducible. */
export const DEFAULT_RECORD_START = '2025-01-06T03:45:00.000Z';
export const DEFAULT_RECORD_SEED = 1;

export interface RecordOptions {
  seed: number;
  duration: number;
  scenario: ScenarioRun[];
  symbols?: string[] | number;
  start: number;
  out: string;
  marketTicksPerSecond?: number;
  ordersPerSecond?: number;
}

function wrap<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

/** A comma-separated list (RELIANCE,TCS) or a count (500: the defaults plus invented names). */
export function parseSymbols(value: string): string[] | number {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const count = Number(trimmed);
    if (count < 1 || count > 100_000) {
      throw new Error(
        `${trimmed} symbols is out of range; give a count from 1 to 100000, or a list such as RELIANCE,TCS.`
      );
    }
    return count;
  }
  const list = trimmed
    .split(',')
    .map((name) => name.trim().toUpperCase())
    .filter((name) => name !== '');
  if (list.length === 0) {
    throw new Error('the list is empty; give names such as RELIANCE,TCS or a count such as 500.');
  }
  return list;
}

function parseStart(value: string): number {
  const ms = /^\d+$/.test(value.trim()) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new Error(
      `"${value}" is not a time; give an ISO date such as ${DEFAULT_RECORD_START} or epoch milliseconds.`
    );
  }
  return ms;
}

/** The engine's load controls, in the ranges `serve` accepts them. */
const RATE_LIMITS = { ordersPerSecond: { min: 0, max: 100_000 }, marketTicksPerSecond: { min: 0, max: 1000 } } as const;

export function engineConfigFor(options: RecordOptions): EngineConfig {
  return {
    seed: options.seed,
    startTime: options.start,
    scenarios: options.scenario,
    ...(typeof options.symbols === 'number' ? { symbolCount: options.symbols } : {}),
    ...(Array.isArray(options.symbols) ? { symbols: options.symbols } : {}),
    rates: { marketTicksPerSecond: options.marketTicksPerSecond, ordersPerSecond: options.ordersPerSecond },
  };
}

function write(stream: WriteStream | NodeJS.WriteStream, text: string): Promise<void> {
  if (stream.write(text)) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      stream.off('drain', onDrain);
      reject(error);
    };
    const onDrain = () => {
      stream.off('error', onError);
      resolve();
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

function openOutput(path: string): Promise<WriteStream | NodeJS.WriteStream> {
  if (path === '-') {
    return Promise.resolve(process.stdout);
  }
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path);
    stream.once('open', () => resolve(stream));
    stream.once('error', (error) =>
      reject(new Error(`Cannot write ${path}: ${error.message}. Check that the directory exists and is writable.`))
    );
  });
}

function close(stream: WriteStream | NodeJS.WriteStream): Promise<void> {
  if (stream === process.stdout) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

export async function runRecord(options: RecordOptions): Promise<{ events: number; bytes: number }> {
  const engine = createEngine(engineConfigFor(options));
  const output = await openOutput(options.out);
  let events = 0;
  let bytes = 0;
  for (const chunk of recordChunks(engine, options.duration)) {
    if (chunk === '') {
      continue;
    }
    events += countLines(chunk);
    bytes += Buffer.byteLength(chunk);
    await write(output, chunk);
  }
  await close(output);
  return { events, bytes };
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    count += 1;
  }
  return count;
}

export function registerRecord(program: Command): void {
  program
    .command('record')
    .description(
      'run the engine on its virtual clock as fast as possible and write the canonical event stream as NDJSON'
    )
    .requiredOption('--duration <time>', 'simulated time to record, e.g. 90s, 30m, 2h, 1h30m', wrap(parseDuration))
    .requiredOption('--out <file>', 'NDJSON output file ("-" for stdout)')
    .option(
      '--seed <n>',
      'seed: same seed and script, same bytes',
      wrap((value) => integerOption('seed', value, DEFAULT_RECORD_SEED, 0, Number.MAX_SAFE_INTEGER)),
      DEFAULT_RECORD_SEED
    )
    .addOption(
      new Option('--scenario <spec>', 'anomaly scenario NAME@OFFSET[/DURATION], e.g. cpu-spike@30s/2m (repeatable)')
        .argParser((value: string, previous: ScenarioRun[]) => [...previous, wrap(parseScenarioRun)(value)])
        .default([], 'none')
    )
    .option(
      '--symbols <list|count>',
      'comma-separated symbols (RELIANCE,TCS) or a count (500); default ~20 NSE symbols',
      wrap(parseSymbols)
    )
    .addOption(
      new Option('--start <time>', 'virtual start time, ISO or epoch ms')
        .argParser(wrap(parseStart))
        .default(parseStart(DEFAULT_RECORD_START), DEFAULT_RECORD_START)
    )
    .option(
      '--market-ticks-per-second <n>',
      "market updates per second per symbol (default: the engine's, 1)",
      wrap((value) => {
        const { min, max } = RATE_LIMITS.marketTicksPerSecond;
        return numberOption('market-ticks-per-second', value, 0, min, max);
      })
    )
    .option(
      '--orders-per-second <n>',
      "synthetic orders per second on top of the strategies (default: the engine's, 0)",
      wrap((value) => {
        const { min, max } = RATE_LIMITS.ordersPerSecond;
        return numberOption('orders-per-second', value, 0, min, max);
      })
    )
    .action(async (options: RecordOptions) => {
      const cpuStart = process.cpuUsage();
      const { events, bytes } = await runRecord(options);
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      process.stderr.write(
        `Recorded ${events} events (${(bytes / 1e6).toFixed(1)} MB) over ${formatDuration(options.duration)} simulated, seed ${options.seed}, in ${cpuSeconds.toFixed(2)} CPU s → ${options.out}\n`
      );
    });
}
