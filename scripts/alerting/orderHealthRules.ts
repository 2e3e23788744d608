/**
 * The order-health alert rules (docs/alerting.md): message rate against the engine's limit, reject
 * rate, order-to-fill ratio, stale market data per symbol, and the kill switch. They are fast
 * signals, alerted on within seconds (RTS 6 asks for five): no pending period, short rate
 * windows, and their own rule group evaluated every second over a one-second scrape.
 *
 * Ratios carry a volume guard (`* (rate > bool N)`), so two orders and one reject on a quiet
 * afternoon is not a 50% reject rate; the guard keeps the series (at 0) so a query always answers.
 */
import type { AlertRuleSpec } from './alertRules';

export const ORDER_HEALTH_GROUP = 'mci-orders';
/** Evaluation interval of the group, in Prometheus and in Grafana (which needs the settings in docs/alerting.md). */
export const ORDER_HEALTH_INTERVAL = '1s';

/** Rate windows: short for the limit (it is a per-second limit), longer for the ratios. */
const LIMIT_WINDOW = '5s';
const RATIO_WINDOW = '30s';

export const ORDER_HEALTH_THRESHOLDS = {
  /** Messages per second over the configured limit, as a ratio of it. */
  orderRateOfLimit: 1,
  rejectRatio: 0.5,
  /** Order messages per second below which the reject ratio is not judged. */
  rejectMinRate: 0.2,
  ordersPerFill: 20,
  orderToFillMinRate: 1,
  /** Fills per second the order-to-fill ratio divides by at least (one per 20 s), so no fill is not Inf. */
  minFillRate: 0.05,
  /** Seconds without a new tick: ticks come every second and ages are measured at scrape time. */
  staleSeconds: 2.5,
} as const;

const messages = (window: string) => `sum(rate(mci_order_messages_total[${window}]))`;

export function buildOrderHealthRules(): AlertRuleSpec[] {
  const t = ORDER_HEALTH_THRESHOLDS;
  return [
    {
      uid: 'mci-order-rate-limit',
      alert: 'MciOrderRateLimitExceeded',
      title: 'MCI order message rate above the limit',
      metric: 'order_rate',
      severity: 'critical',
      query: `${messages(LIMIT_WINDOW)} / max(mci_trading_order_rate_limit_messages_per_second)`,
      comparison: 'gt',
      threshold: t.orderRateOfLimit,
      for: '0s',
      summary: 'order message rate above the configured limit',
      unit: 'ratio',
    },
    {
      uid: 'mci-order-reject-rate',
      alert: 'MciOrderRejectRateHigh',
      title: 'MCI order reject rate high',
      metric: 'reject_rate',
      severity: 'warning',
      query:
        `sum(rate(mci_order_rejections_total[${RATIO_WINDOW}])) / ${messages(RATIO_WINDOW)}` +
        ` * (${messages(RATIO_WINDOW)} > bool ${t.rejectMinRate})`,
      comparison: 'gt',
      threshold: t.rejectRatio,
      for: '0s',
      summary: `more than ${t.rejectRatio * 100}% of orders rejected`,
      unit: 'ratio',
    },
    {
      uid: 'mci-order-to-fill',
      alert: 'MciOrderToFillRatioHigh',
      title: 'MCI order-to-fill ratio high',
      metric: 'order_to_fill',
      severity: 'warning',
      query:
        `${messages(RATIO_WINDOW)} / clamp_min(sum(rate(mci_order_fills_total[${RATIO_WINDOW}])), ${t.minFillRate})` +
        ` * (${messages(RATIO_WINDOW)} > bool ${t.orderToFillMinRate})`,
      comparison: 'gt',
      threshold: t.ordersPerFill,
      for: '0s',
      summary: `more than ${t.ordersPerFill} orders per fill`,
      unit: 'orders-per-fill',
    },
    {
      uid: 'mci-market-data-stale',
      alert: 'MciMarketDataStale',
      title: 'MCI market data stale',
      metric: 'market_stale',
      severity: 'critical',
      query: 'mci_market_tick_age_seconds',
      comparison: 'gt',
      threshold: t.staleSeconds,
      for: '0s',
      summary: `no market data tick for more than ${t.staleSeconds} s`,
      unit: 'seconds',
    },
    {
      uid: 'mci-kill-switch',
      alert: 'MciKillSwitchEngaged',
      title: 'MCI kill switch engaged',
      metric: 'trading_halted',
      severity: 'critical',
      query: 'mci_trading_state{state="halted"}',
      comparison: 'gt',
      threshold: 0,
      for: '0s',
      summary: 'kill switch engaged: trading halted',
      unit: 'count',
    },
  ];
}
