/**
 * The configuration of `mci-sim serve`: one home for the defaults (with units in their names) and
 * one validation pass at start-up whose errors name the option, say why and how to fix it.
 */
import { parseDuration } from '../engine/duration';
import { ENGINE_PROFILES } from '../engine/defaults';
import { parseScenarioRun } from '../engine/scenarioSpec';
import type { EngineProfile } from '../engine/types';
import { DEFAULT_SERVE_CONFIG, type ServeConfig } from '../server/serverConfig';
import { integerOption, numberOption } from './numericOptions';
import { LOG_LEVELS } from './cliDefaults';
import { join } from 'path';
import { parseStoreUrl } from '../store/storeUrl';

/** Re-exported for the CLI side; the server owns them. */
export { DEFAULT_SERVE_CONFIG, type ServeConfig };

/** Raw option values as they come from flags, environment or a config file (strings or values). */
export type RawServeOptions = Partial<
  Record<keyof ServeConfig | 'scenario' | 'apiKey' | 'controlKey' | 'alertSinkToken' | 'metricsToken' | 'rate', unknown>
>;

/**
 * Turn raw option values into a validated config. Throws an Error naming the option, why it is
 * wrong and how to fix it.
 */
export function resolveServeConfig(raw: RawServeOptions): ServeConfig {
  const d = DEFAULT_SERVE_CONFIG;
  const rates = parseRates(raw.rate);
  const config: ServeConfig = {
    host: text('host', raw.host, d.host),
    port: integerOption('port', raw.port, d.port, 0, 65_535),
    seed: integerOption('seed', raw.seed, d.seed, 0, Number.MAX_SAFE_INTEGER),
    speed: numberOption('speed', raw.speed, d.speed, 0.001, 100_000),
    symbols: symbols(raw.symbols),
    symbolCount: optional(raw.symbolCount, (value) => integerOption('symbol-count', value, 0, 1, 10_000)),
    profile: optional(raw.profile, profile),
    ordersPerSecond: optional(raw.ordersPerSecond ?? rates.orders, (value) =>
      numberOption('orders-per-second', value, 0, 0, 100_000)
    ),
    marketTicksPerSecond: optional(raw.marketTicksPerSecond ?? rates.market, (value) =>
      numberOption('market-ticks-per-second', value, 0, 0.001, 1000)
    ),
    orderRateLimit: optional(raw.orderRateLimit, (value) => numberOption('order-rate-limit', value, 0, 1, 1_000_000)),
    replay: optional(raw.replay, (value) => text('replay', value, '')),
    heartbeatIntervalMs: duration('heartbeat-interval', raw.heartbeatIntervalMs, d.heartbeatIntervalMs, 10, 3_600_000),
    auth: raw.auth === undefined ? d.auth : raw.auth !== false && raw.auth !== 'false',
    apiKeys: list(raw.apiKeys ?? raw.apiKey),
    controlKeys: list(raw.controlKeys ?? raw.controlKey),
    alertSinkTokens: list(raw.alertSinkTokens ?? raw.alertSinkToken),
    metricsTokens: list(raw.metricsTokens ?? raw.metricsToken),
    metricsPort: optional(raw.metricsPort, (value) => integerOption('metrics-port', value, 0, 0, 65_535)),
    scenarios: list(raw.scenarios ?? raw.scenario).map((spec) => {
      try {
        return parseScenarioRun(spec);
      } catch (error) {
        throw new Error(`--scenario: ${(error as Error).message}`);
      }
    }),
    historySize: integerOption('history-size', raw.historySize, d.historySize, 0, 1_000_000),
    historyBytes: integerOption('history-bytes', raw.historyBytes, d.historyBytes, 1024, 1024 ** 3),
    maxPayloadBytes: integerOption('max-payload', raw.maxPayloadBytes, d.maxPayloadBytes, 64, 64 * 1024 * 1024),
    sessionLifetimeMs: duration('session-lifetime', raw.sessionLifetimeMs, d.sessionLifetimeMs, 100, 31 * 86_400_000),
    rateLimitPerSecond: integerOption('rate-limit', raw.rateLimitPerSecond, d.rateLimitPerSecond, 1, 1_000_000),
    maxBufferedBytes: integerOption('max-buffered-bytes', raw.maxBufferedBytes, d.maxBufferedBytes, 1024, 1024 ** 3),
    maxQueuedEvents: integerOption('max-queued-events', raw.maxQueuedEvents, d.maxQueuedEvents, 1, 1_000_000),
    maxQueuedBytes: integerOption('max-queued-bytes', raw.maxQueuedBytes, d.maxQueuedBytes, 1024, 1024 ** 3),
    sendBufferBytes: integerOption('send-buffer-bytes', raw.sendBufferBytes, d.sendBufferBytes, 0, 64 * 1024 ** 2),
    busBufferSize: integerOption('bus-buffer-size', raw.busBufferSize, d.busBufferSize, 1, 1_000_000),
    sseKeepAliveMs: duration('sse-keep-alive', raw.sseKeepAliveMs, d.sseKeepAliveMs, 10, 3_600_000),
    sseRetryMs: duration('sse-retry', raw.sseRetryMs, d.sseRetryMs, 0, 3_600_000),
    ticketTtlMs: duration('ticket-ttl', raw.ticketTtlMs, d.ticketTtlMs, 100, 3_600_000),
    reconnectDelayMs: duration('reconnect-delay', raw.reconnectDelayMs, d.reconnectDelayMs, 0, 3_600_000),
    logLevel: text('log-level', raw.logLevel, d.logLevel),
    store: optional(raw.store, (value) => storeOption(text('store', value, ''))),
    dataDir: text('data-dir', raw.dataDir, d.dataDir),
    retentionRawMs: duration('retention-raw', raw.retentionRawMs, d.retentionRawMs, 60_000, 366 * 86_400_000),
    retentionAggregateMs: duration(
      'retention-aggregates',
      raw.retentionAggregateMs,
      d.retentionAggregateMs,
      60_000,
      3660 * 86_400_000
    ),
    storeSampleMs: duration('store-sample-interval', raw.storeSampleMs, d.storeSampleMs, 0, 3_600_000),
  };
  if (!LOG_LEVELS.includes(config.logLevel)) {
    throw new Error(`--log-level: "${config.logLevel}" is not a log level; use one of ${LOG_LEVELS.join(', ')}.`);
  }
  if (config.auth && config.apiKeys.length === 0) {
    throw new Error(
      'serve: authentication is on but no API key is configured, so no client could connect; ' +
        'pass --api-key KEY (repeatable, or MCI_SIM_API_KEY=k1,k2) or --no-auth for a local demo.'
    );
  }
  if (config.replay !== undefined) {
    const simulated = (
      [
        ['scenario', config.scenarios.length > 0],
        ['orders-per-second / --rate orders=', config.ordersPerSecond !== undefined],
        ['market-ticks-per-second / --rate market=', config.marketTicksPerSecond !== undefined],
      ] as const
    ).find(([, given]) => given);
    if (simulated !== undefined) {
      throw new Error(
        `--replay: --${simulated[0]} shapes the simulated engine, but a replay serves the recorded events as they are; ` +
          'record the file with those options (mci-sim record) or drop them.'
      );
    }
  }
  checkSecrets(config);
  return config;
}

/**
 * Every secret is long enough to resist guessing, and no value serves two purposes: a telemetry
 * key that is also the control key would hand the control API to every data source viewer.
 */
function checkSecrets(config: ServeConfig): void {
  const secrets: Array<[option: string, values: string[]]> = [
    ['api-key', config.apiKeys],
    ['control-key', config.controlKeys],
    ['alert-sink-token', config.alertSinkTokens],
    ['metrics-token', config.metricsTokens],
  ];
  const seen = new Map<string, string>();
  for (const [option, values] of secrets) {
    if (values.some((value) => value.length < 8)) {
      throw new Error(
        `--${option}: a value is shorter than 8 characters, which is too easy to guess; use a longer random value.`
      );
    }
    for (const value of values) {
      const other = seen.get(value);
      if (other !== undefined && other !== option) {
        throw new Error(
          `--${option}: the same value is also given as --${other}; each credential grants different rights, so give each its own random value.`
        );
      }
      seen.set(value, option);
    }
  }
  if (config.metricsPort !== undefined && config.metricsPort !== 0 && config.metricsPort === config.port) {
    throw new Error(
      `--metrics-port: ${config.metricsPort} is also --port; pick another port for the unauthenticated metrics.`
    );
  }
}

function storeOption(value: string): string {
  try {
    parseStoreUrl(value);
  } catch (error) {
    throw new Error(`--store: ${(error as Error).message}`);
  }
  return value;
}

/** The store a config names: `--store`, else SQLite in the data directory. */
export function storeLocation(config: Pick<ServeConfig, 'store' | 'dataDir'>): string {
  return config.store ?? `sqlite:${join(config.dataDir, 'telemetry.db')}`;
}

function text(option: string, value: unknown, fallback: string): string {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`--${option}: expected a non-empty string, got ${JSON.stringify(value)}.`);
  }
  return value.trim();
}

function profile(value: unknown): EngineProfile {
  const names = Object.keys(ENGINE_PROFILES);
  if (typeof value !== 'string' || !names.includes(value)) {
    throw new Error(
      `--profile: "${String(value)}" is not a profile; use one of ${names.join(', ')} (lively trades every few seconds, realistic about once a minute).`
    );
  }
  return value as EngineProfile;
}

function optional<T>(value: unknown, parse: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

/** Milliseconds as a plain number (`5000`) or a duration (`5s`, `1h30m`). */
function duration(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value === 'string' && !/^\s*\d+\s*$/.test(value)) {
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch (error) {
      throw new Error(`--${option}: ${(error as Error).message}`);
    }
    return integerOption(option, Math.round(ms), fallback, min, max);
  }
  return integerOption(option, value, fallback, min, max);
}

/** Flags repeat, the environment and config files give comma-separated text or arrays. */
function list(value: unknown): string[] {
  if (value === undefined) {
    return [];
  }
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function symbols(value: unknown): string[] | undefined {
  const names = list(value).map((name) => name.toUpperCase());
  const bad = names.find((name) => !/^[A-Z0-9._&-]{1,32}$/.test(name));
  if (bad !== undefined) {
    throw new Error(`--symbols: "${bad}" is not a symbol; write names such as RELIANCE,TCS,INFY.`);
  }
  return names.length === 0 ? undefined : names;
}

const RATE_KEYS = ['market', 'orders'] as const;

/**
 * `--rate market=10,orders=200`: the engine's load controls in one flag (market ticks per second
 * per symbol, new orders per second); the dedicated flags win when both are given.
 */
function parseRates(value: unknown): Partial<Record<(typeof RATE_KEYS)[number], string>> {
  const rates: Partial<Record<(typeof RATE_KEYS)[number], string>> = {};
  for (const item of list(value)) {
    const match = /^([a-z]+)\s*=\s*(\S+)$/.exec(item);
    const key = match?.[1] as (typeof RATE_KEYS)[number] | undefined;
    if (match === null || key === undefined || !RATE_KEYS.includes(key)) {
      throw new Error(
        `--rate: "${item}" is not a rate; write market=TICKS_PER_SECOND_PER_SYMBOL and/or orders=ORDERS_PER_SECOND, e.g. --rate market=10,orders=200.`
      );
    }
    rates[key] = match[2];
  }
  return rates;
}
