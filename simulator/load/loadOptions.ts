/**
 * The options of `mci-sim load`: one home for their defaults (`DEFAULT_LOAD_OPTIONS`, also shown
 * in the command's help) and one validation pass before any connection, whose errors name the
 * flag, say why the value is wrong and how to write it.
 */
import { availableParallelism } from 'os';
import { CHANNELS, MAX_BATCH_MS, type Channel } from '../../src/protocol';
import { parseDuration } from '../engine/duration';
import { DEFAULT_WS_URL } from '../config/cliDefaults';
import { integerOption, numberOption } from '../config/numericOptions';
import { parseThreshold, type Threshold } from './thresholds';

export interface LoadOptions {
  /** The first `--url` (named in the report). */
  url: string;
  /**
   * Every `--url`: gateways of one scale-out (docs/scaling.md). Client i starts at URL i modulo
   * their number, and each client moves to the next when its connection fails.
   */
  urls: string[];
  apiKey?: string;
  clients: number;
  rampMs: number;
  durationMs: number;
  channels: Channel[];
  /** Connections closed and reopened per second (whole run, all workers). */
  churnPerSecond: number;
  workers: number;
  thresholds: Threshold[];
  out?: string;
  prometheusPort?: number;
  /** Opt-in batching window asked in `subscribe`; 0 = spec-001 frames. */
  batchMs: number;
  /** Print the once-a-second progress line (stderr). */
  progress: boolean;
  /** Every frame through the client's full validation instead of the envelope-only fast path. */
  validate: boolean;
}

export const DEFAULT_LOAD_OPTIONS = {
  url: DEFAULT_WS_URL,
  clients: 10,
  rampMs: 0,
  durationMs: 30_000,
  channels: ['positions', 'orders', 'account', 'health', 'market', 'activity'] as readonly Channel[],
  churnPerSecond: 0,
  workers: 1,
  batchMs: 0,
  validate: false,
} as const;

/** Limits of the numeric flags (inclusive). */
export const LOAD_LIMITS = {
  clients: { min: 1, max: 100_000 },
  workers: { min: 1, max: 64 },
  churnPerSecond: { min: 0, max: 10_000 },
  batchMs: { min: 0, max: MAX_BATCH_MS },
} as const;

/** Raw values by commander attribute name (the flag in camelCase), as strings, numbers or lists. */
export type RawLoadOptions = Partial<
  Record<
    | 'url'
    | 'apiKey'
    | 'clients'
    | 'ramp'
    | 'duration'
    | 'channels'
    | 'churn'
    | 'workers'
    | 'threshold'
    | 'out'
    | 'prometheusPort'
    | 'batchMs'
    | 'progress'
    | 'validate',
    unknown
  >
>;

export function resolveLoadOptions(raw: RawLoadOptions): LoadOptions {
  const given = list(raw.url);
  const urls = given.length === 0 ? [wsUrl(undefined)] : given.map(wsUrl);
  const url = urls[0];
  const workersRaw = raw.workers === 'auto' ? availableParallelism() : raw.workers;
  const d = DEFAULT_LOAD_OPTIONS;
  const clients = integerOption('clients', raw.clients, d.clients, LOAD_LIMITS.clients.min, LOAD_LIMITS.clients.max);
  const workers = integerOption('workers', workersRaw, d.workers, LOAD_LIMITS.workers.min, LOAD_LIMITS.workers.max);
  if (workers > clients) {
    throw new Error(
      `--workers: ${workers} workers for ${clients} clients leaves some idle; use at most --workers ${clients}.`
    );
  }
  const out = raw.out === undefined || raw.out === '' ? undefined : String(raw.out);
  return {
    url,
    urls,
    apiKey: raw.apiKey === undefined || raw.apiKey === '' ? undefined : String(raw.apiKey),
    clients,
    rampMs: duration('ramp', raw.ramp, d.rampMs),
    durationMs: Math.max(1, duration('duration', raw.duration, d.durationMs)),
    channels: channels(raw.channels),
    churnPerSecond: numberOption(
      'churn',
      raw.churn,
      d.churnPerSecond,
      LOAD_LIMITS.churnPerSecond.min,
      LOAD_LIMITS.churnPerSecond.max
    ),
    workers,
    thresholds: list(raw.threshold).map(parseThreshold),
    out,
    prometheusPort:
      raw.prometheusPort === undefined ? undefined : integerOption('prometheus-port', raw.prometheusPort, 0, 0, 65_535),
    batchMs: integerOption('batch-ms', raw.batchMs, d.batchMs, LOAD_LIMITS.batchMs.min, LOAD_LIMITS.batchMs.max),
    progress: raw.progress !== false,
    validate: raw.validate === true || raw.validate === 'true',
  };
}

function wsUrl(value: unknown): string {
  const text = value === undefined ? DEFAULT_LOAD_OPTIONS.url : String(value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--url: "${text}" is not a URL; write it like ${DEFAULT_WS_URL}.`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`--url: "${text}" uses ${url.protocol} but must use ws: or wss:; write it like ${DEFAULT_WS_URL}.`);
  }
  return url.toString();
}

function duration(option: string, value: unknown, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value === 'number') {
    return value;
  }
  try {
    return String(value).trim() === '0' ? 0 : parseDuration(String(value));
  } catch (error) {
    throw new Error(`--${option}: ${(error as Error).message}`);
  }
}

function list(value: unknown): string[] {
  if (value === undefined) {
    return [];
  }
  return (Array.isArray(value) ? value : [value]).map(String).filter((item) => item.trim() !== '');
}

function channels(value: unknown): Channel[] {
  if (value === undefined) {
    return [...DEFAULT_LOAD_OPTIONS.channels];
  }
  const names = list(value)
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (names.length === 0) {
    throw new Error(
      `--channels: the list is empty; give channels such as orders,market (known: ${CHANNELS.join(', ')}).`
    );
  }
  const bad = names.find((name) => !(CHANNELS as readonly string[]).includes(name));
  if (bad !== undefined) {
    throw new Error(`--channels: "${bad}" is not a channel; use some of ${CHANNELS.join(', ')}.`);
  }
  return [...new Set(names)] as Channel[];
}
