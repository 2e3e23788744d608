/**
 * Defaults shared by more than one `mci-sim` command, so each is spelled once: the URL a client
 * command connects to when none is given (the simulator's own default address) and the log levels
 * the pino-based commands accept.
 */
import { TELEMETRY_PATH } from '../server/Gateway';
import { DEFAULT_SERVE_CONFIG } from '../server/serverConfig';

/** Where `mci-sim serve` listens by default: `ws://127.0.0.1:8080/telemetry`. */
export const DEFAULT_WS_URL = `ws://${DEFAULT_SERVE_CONFIG.host}:${DEFAULT_SERVE_CONFIG.port}${TELEMETRY_PATH}`;

/** pino's levels, plus `silent`. */
export const LOG_LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
