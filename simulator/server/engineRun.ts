/**
 * What starting one engine run takes, shared by `serve` and `mci-sim engine` so the two cannot
 * drift: the run's epoch id and the engine settings a serve-style config asks for.
 */
import { randomBytes } from 'crypto';
import type { EngineConfig } from '../engine/types';
import type { ServeConfig } from './serverConfig';

/** `<start in base 36>-<random>`: resume points of two runs never match, and the start reads back. */
export function newEpoch(startTime: number): string {
  return `${startTime.toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function engineConfigOf(config: ServeConfig, startTime: number): EngineConfig {
  return {
    seed: config.seed,
    startTime,
    symbols: config.symbols,
    symbolCount: config.symbolCount,
    profile: config.profile,
    scenarios: config.scenarios,
    rates: { ordersPerSecond: config.ordersPerSecond, marketTicksPerSecond: config.marketTicksPerSecond },
    limits: { orderMessagesPerSecond: config.orderRateLimit },
  };
}
