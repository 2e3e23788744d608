/**
 * The options of `mci-sim load`, validated once before any connection: errors name the flag, say
 * why the value is wrong and how to write it.
 */
import { availableParallelism } from 'os';
import { CHANNELS, type Channel } from '../../src/protocol';
import { parseDuration } from '../engine/duration';
import { parseThreshold, type Threshold } from './thresholds';
import { integerOption, numberOption } from '../config/numericOptions';

export interface LoadOptions {
  url: string;
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
}

export const DEFAULT_LOAD_CHANNELS: Channel[] = ['positions', 'orders', 'account', 'health', 'market', 'activity'];

export type RawLoadOptions = Partial<Record<keyof LoadOptions | 'threshold' | 'ramp' | 'duration' | 'churn', unknown>>;

export function resolveLoadOptions(raw: RawLoadOptions): LoadOptions {
  const url = wsUrl(raw.url);
  const workersRaw = raw.workers === 'auto' ? availableParallelism() : raw.workers;
  const clients = integerOption('clients', raw.clients, 10, 1, 100_000);
  const workers = integerOption('workers', workersRaw, 1, 1, 64);
  if (workers > clients) {
    throw new Error(
      `--workers: ${workers} workers for ${clients} clients leaves some idle; use at most --workers ${clients}.`
    );
  }
  const out = raw.out === undefined || raw.out === '' ? undefined : String(raw.out);
  return {
    url,
    apiKey: raw.apiKey === undefined || raw.apiKey === '' ? undefined : String(raw.apiKey),
    clients,
    rampMs: duration('ramp', raw.ramp ?? raw.rampMs, 0),
    durationMs: Math.max(1, duration('duration', raw.duration ?? raw.durationMs, 30_000)),
    channels: channels(raw.channels),
    churnPerSecond: numberOption('churn', raw.churn ?? raw.churnPerSecond, 0, 0, 10_000),
    workers,
    thresholds: list(raw.threshold ?? raw.thresholds).map(parseThreshold),
    out,
    prometheusPort:
      raw.prometheusPort === undefined ? undefined : integerOption('prometheus-port', raw.prometheusPort, 0, 0, 65_535),
    batchMs: integerOption('batch-ms', raw.batchMs, 0, 0, 1000),
    progress: raw.progress !== false,
  };
}

function wsUrl(value: unknown): string {
  const text = value === undefined ? 'ws://127.0.0.1:8080/telemetry' : String(value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--url: "${text}" is not a URL; write it like ws://127.0.0.1:8080/telemetry.`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(
      `--url: "${text}" uses ${url.protocol} but must use ws: or wss:; write it like ws://127.0.0.1:8080/telemetry.`
    );
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
    return DEFAULT_LOAD_CHANNELS;
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
