/**
 * Annotations from the event channels (docs/datasource.md): alerts, activity entries and strategy
 * events (signals by default; any kinds and symbols a query names, e.g. decision traces of one
 * symbol on its price chart) as one frame with the fields Grafana's annotation support reads: time, timeEnd, title, text,
 * tags. Pure: fed the `events` of `GET /api/telemetry/history/:channel`.
 */
import { FieldType, type DataFrame } from '@grafana/data';
import type { Channel } from '../../protocol';

export const ANNOTATION_CHANNELS = ['alerts', 'activity', 'strategy'] as const satisfies readonly Channel[];
export type AnnotationChannel = (typeof ANNOTATION_CHANNELS)[number];

export function isAnnotationChannel(channel: Channel): channel is AnnotationChannel {
  return (ANNOTATION_CHANNELS as readonly string[]).includes(channel);
}

interface Annotation {
  time: number;
  timeEnd?: number;
  title: string;
  text: string;
  tags: string[];
}

type Loose = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : '');
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);

function annotationOf(channel: AnnotationChannel, message: Loose): Annotation | undefined {
  const data = (message.data ?? {}) as Loose;
  switch (channel) {
    case 'alerts': {
      const alert = (data.alert ?? {}) as Loose;
      const time = num(data.timestamp) ?? num(alert.raisedAt);
      if (time === undefined) {
        return undefined;
      }
      const resolvedAt = num(alert.resolvedAt);
      return {
        time: alert.state === 'resolved' ? (num(alert.raisedAt) ?? time) : time,
        ...(alert.state === 'resolved' && resolvedAt !== undefined ? { timeEnd: resolvedAt } : {}),
        title: `${str(alert.severity)} alert ${str(alert.state)}: ${str(alert.service)} ${str(alert.metric)}`,
        text: str(alert.message),
        tags: ['alert', str(alert.service), str(alert.metric), str(alert.severity), str(alert.state)].filter(Boolean),
      };
    }
    case 'activity': {
      const time = num(data.timestamp);
      return time === undefined
        ? undefined
        : {
            time,
            title: `${str(data.severity)}: ${str(data.type)}`,
            text: str(data.message),
            tags: ['activity', str(data.type), str(data.severity)].filter(Boolean),
          };
    }
    case 'strategy':
      return strategyAnnotation(data);
  }
}

/** Strategy kinds marked when an annotation names none: the strategies' decisions. */
export const DEFAULT_ANNOTATION_KINDS = ['signal'] as const;

const percent = (value: unknown) => (typeof value === 'number' ? ` (${Math.round(value * 100)}%)` : '');

/** A strategy event of any kind as an annotation, tagged with its kind, strategy and symbol. */
function strategyAnnotation(data: Loose): Annotation | undefined {
  const time = num(data.timestamp);
  if (time === undefined) {
    return undefined;
  }
  const kind = str(data.kind);
  const symbol = str(data.symbol);
  const strategy = str(data.strategy);
  const tags = (...extra: string[]) => [kind, strategy, symbol, ...extra].filter(Boolean);
  switch (kind) {
    case 'signal':
      return {
        time,
        title: `${str(data.signal)} ${symbol}`,
        text: `${strategy}: ${str(data.signal)} ${symbol}${percent(data.confidence)} ${str(data.reason)}`.trim(),
        tags: ['signal', strategy, symbol, str(data.signal)].filter(Boolean),
      };
    case 'decision_trace': {
      const trace = (data.trace ?? {}) as Loose;
      const lines = Object.entries(trace).map(([key, value]) => `${key}: ${String(value)}`);
      return {
        time,
        title: `${strategy} decided ${str(data.decision)} ${symbol}`,
        text: [`${strategy} decided ${str(data.decision)} ${symbol}`, ...lines].join('\n'),
        tags: tags(str(data.decision)),
      };
    }
    case 'order':
      return {
        time,
        title: `order ${str(data.status)}: ${str(data.side)} ${symbol}`,
        text: `${str(data.orderId)} ${str(data.side)} ${String(data.qty)} ${symbol} ${str(data.orderType)} @ ${String(data.price)} ${str(data.status)}${data.reason ? `: ${str(data.reason)}` : ''}`,
        tags: tags(str(data.status)),
      };
    case 'position':
      return {
        time,
        title: `position ${symbol}: ${String(data.positionSize)}`,
        text: `${symbol} position ${String(data.positionSize)} @ ${String(data.entryPrice)} (${strategy})`,
        tags: tags(),
      };
    default:
      // Engine-wide kinds (indicator, engine_health, universe_scan, performance): kind and status.
      return {
        time,
        title: `${kind}${data.status ? `: ${str(data.status)}` : ''}${symbol ? ` ${symbol}` : ''}`,
        text: `${kind}${symbol ? ` ${symbol}` : ''}${data.status ? ` ${str(data.status)}` : ''}`,
        tags: tags(),
      };
  }
}

/** Which strategy events an annotation marks: kinds (default signals) and symbols (default all). */
export interface AnnotationFilter {
  kinds?: readonly string[];
  symbols?: readonly string[];
}

function passes(channel: AnnotationChannel, message: Loose, filter: AnnotationFilter): boolean {
  if (channel !== 'strategy') {
    return true;
  }
  const data = (message.data ?? {}) as Loose;
  const kinds = filter.kinds !== undefined && filter.kinds.length > 0 ? filter.kinds : DEFAULT_ANNOTATION_KINDS;
  if (!kinds.includes(str(data.kind))) {
    return false;
  }
  // Events without a symbol (engine health, performance) belong to no symbol a filter names.
  return filter.symbols === undefined || filter.symbols.length === 0 || filter.symbols.includes(str(data.symbol));
}

/** Annotations of the events within [from, to], oldest first. */
export function annotationFrame(
  channel: AnnotationChannel,
  events: unknown[],
  refId: string,
  from: number,
  to: number,
  filter: AnnotationFilter = {}
): DataFrame {
  const rows = events
    .filter((event): event is Loose => typeof event === 'object' && event !== null)
    .filter((event) => passes(channel, event, filter))
    .map((event) => annotationOf(channel, event))
    .filter((row): row is Annotation => row !== undefined && row.time >= from && row.time <= to)
    .sort((a, b) => a.time - b.time);
  return {
    name: `${channel} annotations`,
    refId,
    length: rows.length,
    fields: [
      { name: 'time', type: FieldType.time, config: {}, values: rows.map((row) => row.time) },
      { name: 'timeEnd', type: FieldType.time, config: {}, values: rows.map((row) => row.timeEnd ?? null) },
      { name: 'title', type: FieldType.string, config: {}, values: rows.map((row) => row.title) },
      { name: 'text', type: FieldType.string, config: {}, values: rows.map((row) => row.text) },
      { name: 'tags', type: FieldType.other, config: {}, values: rows.map((row) => row.tags) },
    ],
  };
}
