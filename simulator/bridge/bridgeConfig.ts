/**
 * The configuration of `mci-sim bridge`: one home for its defaults (also shown in the command's
 * help) and one validation pass whose errors name the option, say why it is wrong and how to fix
 * it. `createBridge` takes the part it serves with (host and port).
 */
import { DEFAULT_WS_URL, LOG_LEVELS } from '../config/cliDefaults';
import { integerOption } from '../config/numericOptions';

export interface BridgeConfig {
  /** WebSocket URL of the MCI server, e.g. wss://mci.example.com/telemetry. */
  url: string;
  /** REST base URL of the same server (snapshot fallback); derived from `url` when not given. */
  restUrl: string;
  /** Sent as `Authorization: Bearer <key>`; undefined: connect without a credential. */
  apiKey?: string;
  /** Where the bridge serves /metrics. */
  host: string;
  /** 0 binds a free port. */
  port: number;
  logLevel: string;
}

/** 9464: the port OpenTelemetry's Prometheus exporter uses, free of the simulator's 8080. */
export const DEFAULT_BRIDGE_CONFIG = { host: '127.0.0.1', port: 9464, logLevel: 'info' } as const;

/** Raw option values as they come from flags or the environment (strings or values). */
export type RawBridgeOptions = Partial<Record<keyof BridgeConfig, unknown>>;

export function resolveBridgeConfig(raw: RawBridgeOptions): BridgeConfig {
  const url = parseUrl('url', raw.url, ['ws:', 'wss:'], DEFAULT_WS_URL);
  if (url === undefined) {
    throw new Error(
      "--url: the bridge needs the MCI server's WebSocket URL; pass --url ws://HOST:PORT/telemetry (or wss://)."
    );
  }
  const restUrl =
    parseUrl('rest-url', raw.restUrl, ['http:', 'https:'], restUrlOf(new URL(DEFAULT_WS_URL)).toString()) ??
    restUrlOf(url);
  const apiKey = raw.apiKey === undefined || raw.apiKey === '' ? undefined : String(raw.apiKey);
  const port = integerOption('port', raw.port, DEFAULT_BRIDGE_CONFIG.port, 0, 65_535);
  const host = raw.host === undefined ? DEFAULT_BRIDGE_CONFIG.host : String(raw.host).trim();
  if (host === '') {
    throw new Error('--host: expected an address to listen on, e.g. 127.0.0.1 or 0.0.0.0.');
  }
  const logLevel = raw.logLevel === undefined ? DEFAULT_BRIDGE_CONFIG.logLevel : String(raw.logLevel);
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new Error(`--log-level: "${logLevel}" is not a log level; use one of ${LOG_LEVELS.join(', ')}.`);
  }
  return { url: url.toString(), restUrl: restUrl.toString().replace(/\/$/, ''), apiKey, host, port, logLevel };
}

/** ws://host:8080/telemetry → http://host:8080 (the simulator's layout: REST at the same origin). */
export function restUrlOf(url: URL): URL {
  return new URL(`${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`);
}

function parseUrl(option: string, value: unknown, protocols: string[], example: string): URL | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new Error(`--${option}: "${String(value)}" is not a URL; write it like ${example}.`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new Error(
      `--${option}: "${String(value)}" uses ${url.protocol} but must use ${protocols.join(' or ')}; write it like ${example}.`
    );
  }
  return url;
}
