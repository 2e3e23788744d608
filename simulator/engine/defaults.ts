/**
 * The one home of the engine's defaults. Channel cadences come from the protocol
 * (`CHANNEL_INTERVAL_MS`), thresholds from spec 004 (`thresholds.ts`).
 */
import { CHANNEL_INTERVAL_MS } from '../../src/protocol';
import type { EngineProfile } from './types';

function interval(channel: 'positions' | 'account' | 'health' | 'market' | 'services'): number {
  const ms = CHANNEL_INTERVAL_MS[channel];
  if (ms === null) {
    throw new Error(`channel ${channel} has no cadence in CHANNEL_INTERVAL_MS`);
  }
  return ms;
}

export const ENGINE_DEFAULTS = {
  /** Account currency (INR), like the spec 001 example. */
  initialCash: 1_000_000,
  marketTicksPerSecond: 1,
  /** Synthetic order flow on top of the strategies (load generation); 0 = strategies only. */
  ordersPerSecond: 0,
  positionsIntervalMs: interval('positions'),
  accountIntervalMs: interval('account'),
  healthIntervalMs: interval('health'),
  marketIntervalMs: interval('market'),
  servicesIntervalMs: interval('services'),
  /** The strategies' cadence and start (`ENGINE_PROFILES`). */
  profile: 'lively' as EngineProfile,
  /** Bars of synthetic history computed at start so indicators are warm from the first bar. */
  warmupBars: 60,
  /** Limit orders not filled within this time are cancelled (their filled part stays). */
  limitOrderTtlMs: 120_000,
  /** Terminal orders kept for the snapshot (open orders are always kept). */
  recentTerminalOrders: 100,
  /** Fraction of equity a strategy commits to one new position. */
  positionSizeRatio: 0.05,
  /** Buying power = this × equity − gross exposure − pending order notional. */
  marginMultiplier: 2,
  /** Background probability that the exchange rejects an order (outside scenarios). */
  backgroundRejectProbability: 0.005,
  /**
   * Order message rate limit (submissions per second) when none is configured; the default is
   * raised to twice the synthetic order flow so a load test never trips it (`tradingControls.ts`).
   */
  orderMessagesPerSecond: 20,
  /** Uninterrupted breach of the rate limit after which the kill switch engages. */
  killSwitchAfterMs: 2_000,
  /** Time without a breach after which an engaged kill switch re-arms. */
  killSwitchCooldownMs: 15_000,
} as const;

/**
 * What each `EngineConfig.profile` sets. Indicators and signals are computed on each bar close,
 * so the bar sets the strategies' pace; `joinMidSession` starts with open positions and working
 * orders instead of a flat book.
 */
export const ENGINE_PROFILES = {
  lively: { barMs: 5_000, barTimeframe: '5s', joinMidSession: true },
  realistic: { barMs: 60_000, barTimeframe: '1m', joinMidSession: false },
} as const satisfies Record<EngineProfile, EngineProfileSettings>;

export interface EngineProfileSettings {
  barMs: number;
  /** The bar as the strategy events' `timeframe` says it. */
  barTimeframe: string;
  joinMidSession: boolean;
}

/** NSE trading day boundary: midnight IST (UTC+05:30). */
export const IST_OFFSET_MS = 19_800_000;
export const DAY_MS = 86_400_000;

/** The IST calendar day index of a virtual time; a change of index is a new trading day. */
export function tradingDayOf(timeMs: number): number {
  return Math.floor((timeMs + IST_OFFSET_MS) / DAY_MS);
}
