/**
 * The `serve` flags as commander options, each with its `MCI_SIM_<FLAG>`
 * environment equivalent, and the merge of flags, environment, `--config FILE` and defaults
 * (in that order of precedence) into raw options for `resolveServeConfig`.
 */
import { readFileSync } from 'fs';
import { Option, type Command } from 'commander';
import { DEFAULT_SERVE_CONFIG as D, type RawServeOptions } from './serveConfig';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Commander attribute → config key (and the name a `--config` JSON file uses). */
const KEYS: Record<string, keyof RawServeOptions> = {
  host: 'host',
  port: 'port',
  seed: 'seed',
  speed: 'speed',
  symbols: 'symbols',
  symbolCount: 'symbolCount',
  profile: 'profile',
  ordersPerSecond: 'ordersPerSecond',
  marketTicksPerSecond: 'marketTicksPerSecond',
  orderRateLimit: 'orderRateLimit',
  rate: 'rate',
  replay: 'replay',
  ticketTtl: 'ticketTtlMs',
  heartbeatInterval: 'heartbeatIntervalMs',
  apiKey: 'apiKeys',
  controlKey: 'controlKeys',
  alertSinkToken: 'alertSinkTokens',
  metricsToken: 'metricsTokens',
  metricsPort: 'metricsPort',
  auth: 'auth',
  scenario: 'scenarios',
  historySize: 'historySize',
  historyBytes: 'historyBytes',
  maxPayload: 'maxPayloadBytes',
  sessionLifetime: 'sessionLifetimeMs',
  rateLimit: 'rateLimitPerSecond',
  maxBufferedBytes: 'maxBufferedBytes',
  maxQueuedEvents: 'maxQueuedEvents',
  maxQueuedBytes: 'maxQueuedBytes',
  sendBufferBytes: 'sendBufferBytes',
  reconnectDelay: 'reconnectDelayMs',
  busBufferSize: 'busBufferSize',
  sseKeepAlive: 'sseKeepAliveMs',
  sseRetry: 'sseRetryMs',
  logLevel: 'logLevel',
  store: 'store',
  dataDir: 'dataDir',
  retentionRaw: 'retentionRawMs',
  retentionAggregates: 'retentionAggregateMs',
  storeSampleInterval: 'storeSampleMs',
};

function option(flags: string, description: string, env: string): Option {
  return new Option(flags, description).env(`MCI_SIM_${env}`);
}

export function addServeOptions(command: Command): Command {
  return command
    .addOption(option('--host <host>', `address to bind (default ${D.host})`, 'HOST'))
    .addOption(option('--port <port>', `port to bind; 0 picks a free one (default ${D.port})`, 'PORT'))
    .addOption(option('--seed <n>', `seed of the simulated engine: same seed, same events (default ${D.seed})`, 'SEED'))
    .addOption(option('--speed <x>', `virtual seconds per real second (default ${D.speed})`, 'SPEED'))
    .addOption(
      option(
        '--symbols <list>',
        "comma-separated watchlist, e.g. RELIANCE,TCS (default: the engine's ~20 NSE symbols)",
        'SYMBOLS'
      )
    )
    .addOption(
      option(
        '--symbol-count <n>',
        'size of the universe; more than the watchlist invents further names (load tests)',
        'SYMBOL_COUNT'
      )
    )
    .addOption(
      option(
        '--profile <name>',
        "the strategies' pace: lively (a decision every 5 s, joins a session under way) or realistic (one a minute, starts flat) (default: lively)",
        'PROFILE'
      )
    )
    .addOption(
      option(
        '--orders-per-second <n>',
        "synthetic order flow on top of the strategies (default: the engine's, 0)",
        'ORDERS_PER_SECOND'
      )
    )
    .addOption(
      option(
        '--market-ticks-per-second <n>',
        "market ticks per second per symbol (default: the engine's, 1)",
        'MARKET_TICKS_PER_SECOND'
      )
    )
    .addOption(
      option(
        '--order-rate-limit <n>',
        "order messages per second the engine's risk checks allow before throttling, then the kill switch (default: 20, or twice --orders-per-second)",
        'ORDER_RATE_LIMIT'
      )
    )
    .addOption(
      option(
        '--rate <spec>',
        'load controls in one flag: market=TICKS (per symbol per second), orders=N (per second), e.g. market=10,orders=200',
        'RATE'
      )
    )
    .addOption(
      option(
        '--replay <file>',
        'serve a `mci-sim record` NDJSON file instead of simulating, at its recorded pace times --speed',
        'REPLAY'
      )
    )
    .addOption(
      option(
        '--heartbeat-interval <ms>',
        `heartbeat interval in ms or as a duration (default ${D.heartbeatIntervalMs})`,
        'HEARTBEAT_INTERVAL'
      )
    )
    .addOption(
      option(
        '--api-key <key>',
        'accept this API key (repeatable; env: comma-separated); required unless --no-auth',
        'API_KEY'
      ).argParser(collect)
    )
    .addOption(
      option(
        '--control-key <key>',
        'accept this key on the control API /api/sim/* (repeatable; env: comma-separated); API keys never work there',
        'CONTROL_KEY'
      ).argParser(collect)
    )
    .addOption(
      option(
        '--alert-sink-token <token>',
        'bearer token a webhook contact point posts to the alert sink with (repeatable); it can do nothing else',
        'ALERT_SINK_TOKEN'
      ).argParser(collect)
    )
    .addOption(
      option(
        '--metrics-token <token>',
        'bearer token that may only scrape /metrics on the main port (repeatable; API keys work too)',
        'METRICS_TOKEN'
      ).argParser(collect)
    )
    .addOption(
      option(
        '--metrics-port <port>',
        'also serve /metrics WITHOUT a credential on this port, for a private network (default: off)',
        'METRICS_PORT'
      )
    )
    .addOption(option('--no-auth', 'accept every client and every call without a credential (local demos)', 'NO_AUTH'))
    .addOption(
      option(
        '--scenario <spec>',
        'run an anomaly scenario NAME@OFFSET[/DURATION], e.g. cpu-spike@30s/2m (repeatable)',
        'SCENARIO'
      ).argParser(collect)
    )
    .addOption(
      option('--history-size <n>', `events kept per channel for resume (default ${D.historySize})`, 'HISTORY_SIZE')
    )
    .addOption(
      option(
        '--bus-buffer-size <n>',
        `spec 002 strategy events kept for SSE resume and /api/telemetry/events (default ${D.busBufferSize})`,
        'BUS_BUFFER_SIZE'
      )
    )
    .addOption(
      option(
        '--sse-keep-alive <ms>',
        `keep-alive comment period of SSE streams, ms or a duration (default ${D.sseKeepAliveMs})`,
        'SSE_KEEP_ALIVE'
      )
    )
    .addOption(
      option(
        '--sse-retry <ms>',
        `reconnection delay SSE clients are asked for, ms or a duration (default ${D.sseRetryMs})`,
        'SSE_RETRY'
      )
    )
    .addOption(
      option('--history-bytes <bytes>', `bytes of events kept per channel (default ${D.historyBytes})`, 'HISTORY_BYTES')
    )
    .addOption(
      option('--max-payload <bytes>', `largest inbound WebSocket frame (default ${D.maxPayloadBytes})`, 'MAX_PAYLOAD')
    )
    .addOption(
      option(
        '--session-lifetime <duration>',
        `authenticated sessions end with SESSION_EXPIRED after this (default 1h)`,
        'SESSION_LIFETIME'
      )
    )
    .addOption(
      option(
        '--rate-limit <n>',
        `inbound messages per second per connection (default ${D.rateLimitPerSecond})`,
        'RATE_LIMIT'
      )
    )
    .addOption(
      option(
        '--max-buffered-bytes <bytes>',
        `unread bytes in a client's socket buffer before the server queues and coalesces for it (default ${D.maxBufferedBytes})`,
        'MAX_BUFFERED_BYTES'
      )
    )
    .addOption(
      option(
        '--max-queued-events <n>',
        `event frames queued for a slow client before it is closed (default ${D.maxQueuedEvents})`,
        'MAX_QUEUED_EVENTS'
      )
    )
    .addOption(
      option(
        '--max-queued-bytes <bytes>',
        `bytes held for a slow client, queued and unread in its socket, before it is closed (default ${D.maxQueuedBytes})`,
        'MAX_QUEUED_BYTES'
      )
    )
    .addOption(
      option(
        '--send-buffer-bytes <bytes>',
        `kernel send buffer asked for each connection (SO_SNDBUF; Linux doubles it), so a client that stops reading holds little kernel memory; 0 leaves the kernel's own sizing (default ${D.sendBufferBytes})`,
        'SEND_BUFFER_BYTES'
      )
    )
    .addOption(option('--ticket-ttl <duration>', 'lifetime of a one-time WebSocket ticket (default 30s)', 'TICKET_TTL'))
    .addOption(
      option(
        '--reconnect-delay <ms>',
        `delay advertised in reconnect on shutdown (default ${D.reconnectDelayMs})`,
        'RECONNECT_DELAY'
      )
    )
    .addOption(option('--log-level <level>', `pino log level (default ${D.logLevel})`, 'LOG_LEVEL'))
    .addOption(
      option(
        '--store <location>',
        'where history is kept: memory (throwaway), sqlite:<file> or mysql://user:pass@host:port/db (default sqlite:<data dir>/telemetry.db)',
        'STORE'
      )
    )
    .addOption(option('--data-dir <dir>', `directory of the default SQLite store (default ${D.dataDir})`, 'DATA_DIR'))
    .addOption(
      option(
        '--retention-raw <duration>',
        'how long raw events and samples are kept, e.g. 24h (default 24h)',
        'RETENTION_RAW'
      )
    )
    .addOption(
      option(
        '--retention-aggregates <duration>',
        'how long aggregates are kept, e.g. 7d (default 7d)',
        'RETENTION_AGGREGATES'
      )
    )
    .addOption(
      option(
        '--store-sample-interval <duration>',
        `state channels are stored at most once per this interval each (default ${D.storeSampleMs} ms)`,
        'STORE_SAMPLE_INTERVAL'
      )
    )
    .addOption(
      option('--config <file>', 'JSON file with any of these options, camelCased (flags and env win)', 'CONFIG')
    );
}

/**
 * Flags and environment win over the config file, which wins over the defaults. Throws an Error
 * naming the file or key when the config file is unreadable or has an unknown key.
 */
export function mergeServeOptions(command: Command): RawServeOptions {
  const values = command.opts<Record<string, unknown>>();
  const raw: RawServeOptions = {};
  if (typeof values.config === 'string') {
    Object.assign(raw, readConfigFile(values.config));
  }
  for (const [name, key] of Object.entries(KEYS)) {
    const source = command.getOptionValueSource(name);
    if ((source === 'cli' || source === 'env') && values[name] !== undefined) {
      raw[key] = values[name];
    }
  }
  return raw;
}

function readConfigFile(file: string): RawServeOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--config: cannot read ${file} (${(error as Error).message}); give a readable JSON file.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--config: ${file} must hold a JSON object such as {"port": 8080, "speed": 10}.`);
  }
  const raw: RawServeOptions = {};
  for (const [name, value] of Object.entries(parsed)) {
    const key =
      KEYS[name] ??
      (Object.values(KEYS).includes(name as keyof RawServeOptions) ? (name as keyof RawServeOptions) : undefined);
    if (key === undefined) {
      throw new Error(`--config: ${file} has an unknown option "${name}"; use one of ${Object.keys(KEYS).join(', ')}.`);
    }
    raw[key] = value;
  }
  return raw;
}
