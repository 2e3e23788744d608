/**
 * Annotations from the event channels (docs/datasource.md): alerts, activity entries and strategy signals
 * as one frame with the fields Grafana's annotation support reads: time, timeEnd, title, text,
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
    case 'strategy': {
      const time = num(data.timestamp);
      if (time === undefined || data.kind !== 'signal') {
        return undefined;
      }
      const confidence = num(data.confidence);
      return {
        time,
        title: `${str(data.signal)} ${str(data.symbol)}`,
        text: `${str(data.strategy)}: ${str(data.signal)} ${str(data.symbol)}${confidence !== undefined ? ` (${Math.round(confidence * 100)}%)` : ''} ${str(data.reason)}`.trim(),
        tags: ['signal', str(data.strategy), str(data.symbol), str(data.signal)].filter(Boolean),
      };
    }
  }
}

/** Annotations of the events within [from, to], oldest first. */
export function annotationFrame(
  channel: AnnotationChannel,
  events: unknown[],
  refId: string,
  from: number,
  to: number
): DataFrame {
  const rows = events
    .filter((event): event is Loose => typeof event === 'object' && event !== null)
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
