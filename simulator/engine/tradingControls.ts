/**
 * Pre-trade risk controls on the engine's clock: an order message rate limit and a kill switch,
 * as trading venues and RTS 6 ask of algorithmic traders.
 *
 * - Every order submission is one message. Within any one-second window, submissions beyond
 *   `orderMessagesPerSecond` are throttled: the exchange gateway rejects them.
 * - While the limit is exceeded the state is `throttled`; after `killSwitchAfterMs` of
 *   uninterrupted breach the kill switch engages (`halted`): no new orders, open ones cancelled.
 * - The kill switch re-arms (`active`) after `killSwitchCooldownMs` without a breach: the
 *   simulated operator has found the runaway and reset it.
 */
import type { TradingState, TradingStateName } from '../../src/protocol';

export interface TradingLimits {
  orderMessagesPerSecond: number;
  killSwitchAfterMs: number;
  killSwitchCooldownMs: number;
}

export interface TradingControls {
  /** Count one order submission at `time`; false when it is beyond the rate limit (throttled). */
  admit(time: number): boolean;
  /** Move the state machine to `time`; returns the new state when it changed. */
  update(time: number): TradingState | undefined;
  state(): TradingState;
  halted(): boolean;
  readonly limits: TradingLimits;
}

const WINDOW_MS = 1000;

export function createTradingControls(limits: TradingLimits, startTime: number): TradingControls {
  /** Submission times within the last window, oldest first. */
  const window: number[] = [];
  let current: TradingState = { state: 'active', since: startTime, orderRateLimit: limits.orderMessagesPerSecond };
  let breachSince: number | undefined;
  let lastBreachAt: number | undefined;

  function prune(time: number): void {
    while (window.length > 0 && window[0] <= time - WINDOW_MS) {
      window.shift();
    }
  }

  function enter(state: TradingStateName, time: number, reason?: string): TradingState {
    current = { state, since: time, orderRateLimit: limits.orderMessagesPerSecond };
    if (reason !== undefined) {
      current.reason = reason;
    }
    return current;
  }

  return {
    limits,
    admit(time) {
      prune(time);
      window.push(time);
      const within = window.length <= limits.orderMessagesPerSecond;
      if (!within) {
        lastBreachAt = time;
        breachSince ??= time;
      }
      return within;
    },
    update(time) {
      prune(time);
      const breaching = lastBreachAt !== undefined && time - lastBreachAt < WINDOW_MS;
      const limit = `${limits.orderMessagesPerSecond} messages/s`;
      switch (current.state) {
        case 'active':
          if (!breaching) {
            // A burst shorter than one update apart from the next is forgotten, not accumulated.
            breachSince = undefined;
            return undefined;
          }
          return enter('throttled', time, `order message rate above the limit of ${limit}`);
        case 'throttled':
          if (!breaching) {
            breachSince = undefined;
            return enter('active', time);
          }
          if (breachSince !== undefined && time - breachSince >= limits.killSwitchAfterMs) {
            breachSince = undefined;
            return enter(
              'halted',
              time,
              `kill switch engaged: order message rate above the limit of ${limit} for ${limits.killSwitchAfterMs / 1000} s`
            );
          }
          return undefined;
        default:
          // halted
          if (!breaching && (lastBreachAt === undefined || time - lastBreachAt >= limits.killSwitchCooldownMs)) {
            return enter('active', time);
          }
          return undefined;
      }
    },
    state: () => ({ ...current }),
    halted: () => current.state === 'halted',
  };
}
