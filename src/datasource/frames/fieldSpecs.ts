/**
 * What each channel's frame holds: field names (the protocol payload's), Grafana field types,
 * units and display names. The one home of the frame contract (docs/datasource.md, "Frame builders"); the
 * buffers only decide which rows exist, and the panels read these names.
 */
import { FieldType, type FieldConfig, type Labels } from '@grafana/data';
import {
  SERVICE_METRICS,
  SERVICES,
  type AccountMetrics,
  type ActivityLog,
  type Alert,
  type Order,
  type Position,
  type ServiceMetrics,
  type SystemHealth,
} from '../../protocol';

/** Account money is in Indian rupees (the simulator's NSE-style watchlist); Grafana unit id. */
export const CURRENCY_UNIT = 'currencyINR';

export interface FieldSpec<Row> {
  name: string;
  type: FieldType;
  config: FieldConfig;
  labels?: Labels;
  get(row: Row): unknown;
}

function field<Row>(
  name: string,
  type: FieldType,
  get: (row: Row) => unknown,
  displayName?: string,
  unit?: string
): FieldSpec<Row> {
  const config: FieldConfig = {};
  if (displayName !== undefined) {
    config.displayName = displayName;
  }
  if (unit !== undefined) {
    config.unit = unit;
  }
  return { name, type, config, get };
}

const num = FieldType.number;
const str = FieldType.string;
const time = FieldType.time;

export const POSITION_FIELDS: Array<FieldSpec<Position>> = [
  field('symbol', str, (p) => p.symbol, 'Symbol'),
  field('side', str, (p) => p.side, 'Side'),
  field('qty', num, (p) => p.qty, 'Quantity', 'locale'),
  field('entryPrice', num, (p) => p.entryPrice, 'Entry price', CURRENCY_UNIT),
  field('currentPrice', num, (p) => p.currentPrice, 'Current price', CURRENCY_UNIT),
  field('unrealizedPL', num, (p) => p.unrealizedPL, 'Unrealized P&L', CURRENCY_UNIT),
  field('unrealizedPLPercent', num, (p) => p.unrealizedPLPercent, 'Unrealized P&L %', 'percent'),
  field('marketValue', num, (p) => p.marketValue, 'Market value', CURRENCY_UNIT),
];

export const ORDER_FIELDS: Array<FieldSpec<Order>> = [
  field('id', str, (o) => o.id, 'Order id'),
  field('createdAt', time, (o) => o.createdAt, 'Created'),
  field('updatedAt', time, (o) => o.updatedAt ?? o.createdAt, 'Updated'),
  field('filledAt', time, (o) => o.filledAt ?? null, 'Filled'),
  field('symbol', str, (o) => o.symbol, 'Symbol'),
  field('side', str, (o) => o.side, 'Side'),
  field('type', str, (o) => o.type, 'Type'),
  field('qty', num, (o) => o.qty, 'Quantity', 'locale'),
  field('filledQty', num, (o) => o.filledQty, 'Filled quantity', 'locale'),
  field('price', num, (o) => o.price, 'Price', CURRENCY_UNIT),
  field('avgFillPrice', num, (o) => o.avgFillPrice ?? null, 'Average fill price', CURRENCY_UNIT),
  field('status', str, (o) => o.status, 'Status'),
  field('reason', str, (o) => o.reason ?? null, 'Reason'),
  field('strategy', str, (o) => o.strategy ?? null, 'Strategy'),
];

export const ACTIVITY_FIELDS: Array<FieldSpec<ActivityLog>> = [
  field('timestamp', time, (a) => a.timestamp, 'Time'),
  field('id', str, (a) => a.id, 'Id'),
  field('type', str, (a) => a.type, 'Type'),
  field('severity', str, (a) => a.severity, 'Severity'),
  field('message', str, (a) => a.message, 'Message'),
  field('details', FieldType.other, (a) => a.details ?? null, 'Details'),
];

/** An alert row: the alert and the time of the event that raised or resolved it. */
export interface AlertRow {
  timestamp: number;
  alert: Alert;
}

export const ALERT_FIELDS: Array<FieldSpec<AlertRow>> = [
  field('timestamp', time, (r) => r.timestamp, 'Time'),
  field('id', str, (r) => r.alert.id, 'Id'),
  field('service', str, (r) => r.alert.service, 'Service'),
  field('metric', str, (r) => r.alert.metric, 'Metric'),
  field('severity', str, (r) => r.alert.severity, 'Severity'),
  field('state', str, (r) => r.alert.state, 'State'),
  field('message', str, (r) => r.alert.message, 'Message'),
  field('value', num, (r) => r.alert.value, 'Value'),
  field('threshold', num, (r) => r.alert.threshold, 'Threshold'),
  field('raisedAt', time, (r) => r.alert.raisedAt, 'Raised'),
  field('resolvedAt', time, (r) => r.alert.resolvedAt ?? null, 'Resolved'),
];

/** A strategy event row (spec 002); `message` summarises it, `details` keeps the rest. */
export interface StrategyRow {
  timestamp: number;
  kind: string;
  symbol: string | null;
  strategy: string | null;
  signal: string | null;
  confidence: number | null;
  message: string;
  details: Record<string, unknown>;
}

export const STRATEGY_FIELDS: Array<FieldSpec<StrategyRow>> = [
  field('timestamp', time, (r) => r.timestamp, 'Time'),
  field('kind', str, (r) => r.kind, 'Kind'),
  field('symbol', str, (r) => r.symbol, 'Symbol'),
  field('strategy', str, (r) => r.strategy, 'Strategy'),
  field('signal', str, (r) => r.signal, 'Signal'),
  field('confidence', num, (r) => r.confidence, 'Confidence', 'percentunit'),
  field('message', str, (r) => r.message, 'Message'),
  field('details', FieldType.other, (r) => r.details, 'Details'),
];

/** A time-series row: its time and the payload. */
export interface TimedRow<T> {
  time: number;
  data: T;
}

export const ACCOUNT_FIELDS: Array<FieldSpec<TimedRow<AccountMetrics>>> = [
  field('time', time, (r) => r.time, 'Time'),
  field('equity', num, (r) => r.data.equity, 'Equity', CURRENCY_UNIT),
  field('cash', num, (r) => r.data.cash, 'Cash', CURRENCY_UNIT),
  field('buyingPower', num, (r) => r.data.buyingPower, 'Buying power', CURRENCY_UNIT),
  field('portfolioValue', num, (r) => r.data.portfolioValue, 'Portfolio value', CURRENCY_UNIT),
  field('dayPL', num, (r) => r.data.dayPL, 'Day P&L', CURRENCY_UNIT),
  field('dayPLPercent', num, (r) => r.data.dayPLPercent, 'Day P&L %', 'percent'),
  field('totalPL', num, (r) => r.data.totalPL, 'Total P&L', CURRENCY_UNIT),
  field('totalPLPercent', num, (r) => r.data.totalPLPercent, 'Total P&L %', 'percent'),
];

export const HEALTH_FIELDS: Array<FieldSpec<TimedRow<SystemHealth>>> = [
  field('time', time, (r) => r.time, 'Time'),
  field('cpu', num, (r) => r.data.cpu, 'CPU', 'percent'),
  field('memory', num, (r) => r.data.memory, 'Memory', 'percent'),
  field('latency', num, (r) => r.data.latency, 'Latency', 'ms'),
  field('uptime', num, (r) => r.data.uptime, 'Uptime', 'dtdurationms'),
  field('lastHeartbeat', num, (r) => r.data.lastHeartbeat, 'Last heartbeat', 'dateTimeAsIso'),
  field('status', str, (r) => r.data.status, 'Status'),
];

/** A market row: one symbol's quote at one time (high/low/open may be absent on the socket). */
export interface QuoteRow {
  time: number;
  price: number;
  change: number;
  changePercent: number;
  volume: number;
  high: number | null;
  low: number | null;
  open: number | null;
}

export const MARKET_FIELDS: Array<FieldSpec<QuoteRow>> = [
  field('time', time, (r) => r.time, 'Time'),
  field('price', num, (r) => r.price, 'Price', CURRENCY_UNIT),
  field('change', num, (r) => r.change, 'Change', CURRENCY_UNIT),
  field('changePercent', num, (r) => r.changePercent, 'Change %', 'percent'),
  field('volume', num, (r) => r.volume, 'Volume', 'locale'),
  field('high', num, (r) => r.high, 'High', CURRENCY_UNIT),
  field('low', num, (r) => r.low, 'Low', CURRENCY_UNIT),
  field('open', num, (r) => r.open, 'Open', CURRENCY_UNIT),
];

/** Unit and display name of each spec 004 service metric. */
export const SERVICE_METRIC_UNITS: Record<string, { unit: string; displayName: string }> = {
  latency: { unit: 'ms', displayName: 'latency' },
  throughput: { unit: 'reqps', displayName: 'throughput' },
  error_rate: { unit: 'percent', displayName: 'error rate' },
  cpu: { unit: 'percent', displayName: 'CPU' },
  memory: { unit: 'percent', displayName: 'memory' },
};

/** time + one field per service × metric, named `service.metric`, labelled {service, metric}. */
export const SERVICES_FIELDS: Array<FieldSpec<TimedRow<ServiceMetrics>>> = [
  field('time', time, (row) => row.time, 'Time'),
  ...SERVICES.flatMap((service) =>
    SERVICE_METRICS.map(
      (metric): FieldSpec<TimedRow<ServiceMetrics>> => ({
        name: `${service}.${metric}`,
        type: num,
        config: {
          unit: SERVICE_METRIC_UNITS[metric].unit,
          displayName: `${service} ${SERVICE_METRIC_UNITS[metric].displayName}`,
        },
        labels: { service, metric },
        get: (row) => row.data.services[service][metric],
      })
    )
  ),
];
