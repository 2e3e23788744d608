/**
 * Frames for the stored-history query kinds (docs/datasource.md): service-metric aggregates
 * (p50/p95/p99 with min, max, avg and count per bucket), closed trades, and per-profile window
 * metrics (one column per metric name, e.g. pnl, success_rate, max_drawdown, avg_slippage).
 * Pure: answers in, frames out.
 */
import { FieldType, type DataFrame, type Field } from '@grafana/data';
import type { MetricQueryResult, ProfileMetricRow, TradeRecord } from '../../protocol';

const UNITS: Record<string, string> = {
  latency: 'ms',
  throughput: 'reqps',
  error_rate: 'percent',
  cpu: 'percent',
  memory: 'percent',
};

const field = (name: string, type: FieldType, values: unknown[], config: Field['config'] = {}): Field => ({
  name,
  type,
  config,
  values,
});

export function aggregateFrame(refId: string, result: MetricQueryResult): DataFrame {
  const unit = UNITS[result.metric_type];
  const points = result.points;
  const numbers = (key: 'p50' | 'p95' | 'p99' | 'min' | 'max' | 'avg') =>
    field(
      key,
      FieldType.number,
      points.map((p) => p[key]),
      { unit, displayName: `${result.service} ${result.metric_type} ${key}` }
    );
  return {
    name: `${result.service} ${result.metric_type} (${result.interval})`,
    refId,
    length: points.length,
    meta: { custom: { interval: result.interval } },
    fields: [
      field(
        'time',
        FieldType.time,
        points.map((p) => p.timestamp)
      ),
      numbers('p50'),
      numbers('p95'),
      numbers('p99'),
      numbers('min'),
      numbers('max'),
      numbers('avg'),
      field(
        'count',
        FieldType.number,
        points.map((p) => p.count)
      ),
    ],
  };
}

export function tradesFrame(refId: string, trades: readonly TradeRecord[]): DataFrame {
  const column = <K extends keyof TradeRecord>(key: K, type: FieldType, config: Field['config'] = {}) =>
    field(
      key,
      type,
      trades.map((t) => t[key]),
      config
    );
  return {
    name: 'trades',
    refId,
    length: trades.length,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      column('exit_time', FieldType.time),
      column('entry_time', FieldType.time),
      column('profile_id', FieldType.number),
      column('symbol', FieldType.string),
      column('side', FieldType.string),
      column('trade_type', FieldType.string),
      column('quantity', FieldType.number),
      column('entry_price', FieldType.number, { unit: 'currencyINR' }),
      column('exit_price', FieldType.number, { unit: 'currencyINR' }),
      column('pnl', FieldType.number, { unit: 'currencyINR' }),
      column('slippage', FieldType.number, { unit: 'currencyINR', decimals: 4 }),
      column('duration_seconds', FieldType.number, { unit: 's' }),
      column('reason', FieldType.string),
    ],
  };
}

const METRIC_CONFIG: Record<string, Field['config']> = {
  pnl: { unit: 'currencyINR' },
  max_drawdown: { unit: 'currencyINR' },
  equity: { unit: 'currencyINR' },
  avg_slippage: { unit: 'currencyINR', decimals: 4 },
  success_rate: { unit: 'percentunit', min: 0, max: 1 },
  fill_rate: { unit: 'percentunit', min: 0, max: 1 },
  reject_rate: { unit: 'percentunit', min: 0, max: 1 },
  max_drawdown_pct: { unit: 'percent' },
};

/** Window rows as a wide time series: time = window start, one number column per metric name. */
export function profileMetricsFrame(refId: string, profileName: string, rows: readonly ProfileMetricRow[]): DataFrame {
  const starts = [...new Set(rows.map((row) => row.window_start))].sort((a, b) => a - b);
  const names = [...new Set(rows.map((row) => row.metric_name))].sort();
  const index = new Map(starts.map((start, i) => [start, i]));
  const columns = new Map(names.map((name) => [name, starts.map((): number | null => null)]));
  for (const row of rows) {
    columns.get(row.metric_name)![index.get(row.window_start)!] = row.metric_value;
  }
  return {
    name: profileName,
    refId,
    length: starts.length,
    fields: [
      field('time', FieldType.time, starts),
      ...names.map((name) =>
        field(name, FieldType.number, columns.get(name)!, {
          ...METRIC_CONFIG[name],
          displayName: `${profileName} ${name}`,
        })
      ),
    ],
  };
}
