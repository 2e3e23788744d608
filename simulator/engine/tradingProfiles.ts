/**
 * Spec 003's profiles, as the engine has them: the account as a whole is profile 0 and each
 * strategy a profile from 1 (the synthetic order flow last, as a strategy of its own, so every
 * trade belongs to exactly one strategy profile and the account is their sum).
 */
import { STRATEGY_NAMES } from './strategies';

export interface TradingProfile {
  id: number;
  name: string;
  description: string;
}

export const ACCOUNT_PROFILE_ID = 0;

const DESCRIPTIONS: Record<string, string> = {
  momentum: 'EMA 20/50 crossover confirmed by RSI; exits on the opposite crossover, a 2×ATR stop or a 4×ATR target',
  mean_reversion: 'Buys RSI below 30, sells RSI above 70; exits at RSI 50 or on a 3×ATR stop',
  flow: 'Synthetic order flow (load generation, --orders-per-second)',
};

export const TRADING_PROFILES: readonly TradingProfile[] = [
  { id: ACCOUNT_PROFILE_ID, name: 'account', description: 'The whole account: every strategy together' },
  ...[...STRATEGY_NAMES, 'flow'].map((name, index) => ({ id: index + 1, name, description: DESCRIPTIONS[name] })),
];

/** The profile of a strategy name; an unknown strategy belongs to the account only (undefined). */
export function profileIdOf(strategy: string): number | undefined {
  const profile = TRADING_PROFILES.find((p) => p.id !== ACCOUNT_PROFILE_ID && p.name === strategy);
  return profile?.id;
}
