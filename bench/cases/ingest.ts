/**
 * Client ingest: events per CPU-second turned into Grafana frames by the data source's frame
 * builders (ring columns, frames built once per repaint) vs a naive build that makes a new frame
 * from the kept rows on every message. Both keep the same 1,000 rows per channel.
 */
import { createDataFrame, type DataFrame } from '@grafana/data';
import type { ChannelItem } from '../../src/client';
import type { Channel } from '../../src/protocol';
import { createChannelBuffer, CHANNEL_FIELD_NAMES, type ChannelBuffer } from '../../src/datasource/frames';
import { eventPool, makeItemStream } from '../lib/eventStream';
import { round, type BenchRow } from '../lib/results';

const ROWS = 1000;
/** A repaint every 100 events: 10 repaints/s at 1,000 events/s, more often than Grafana paints. */
const REPAINT_EVERY = 100;

function cpuSecondsOf(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/** The rows a message adds, as a naive client would flatten them. */
function rowsOf(item: Extract<ChannelItem, { kind: 'event' }>): Array<Record<string, unknown>> {
  const data = item.message.data as Record<string, unknown>;
  switch (item.channel) {
    case 'orders':
      return [data.order as Record<string, unknown>];
    case 'market':
      return Object.entries(data.symbols as Record<string, Record<string, unknown>>).map(([symbol, quote]) => ({
        time: data.timestamp,
        symbol,
        ...quote,
      }));
    case 'positions':
      return data.positions as Array<Record<string, unknown>>;
    default:
      return [{ time: data.timestamp, ...data }];
  }
}

export function naiveIngest(items: ChannelItem[]): DataFrame[] {
  const rows = new Map<Channel, Array<Record<string, unknown>>>();
  let last: DataFrame[] = [];
  for (const item of items) {
    if (item.kind !== 'event') {
      continue;
    }
    const kept = [...(rows.get(item.channel) ?? []), ...rowsOf(item)].slice(-ROWS);
    rows.set(item.channel, kept);
    const names = CHANNEL_FIELD_NAMES[item.channel];
    last = [
      createDataFrame({
        name: item.channel,
        refId: 'A',
        fields: names.map((name) => ({ name, values: kept.map((row) => row[name]) })),
      }),
    ];
  }
  return last;
}

export function dataSourceIngest(items: ChannelItem[], buffers = new Map<Channel, ChannelBuffer>()): number {
  let frames = 0;
  items.forEach((item, index) => {
    let buffer = buffers.get(item.channel);
    if (buffer === undefined) {
      buffer = createChannelBuffer(item.channel, { refId: 'A', bufferSize: ROWS, maxDataPoints: ROWS });
      buffers.set(item.channel, buffer);
    }
    buffer.push(item);
    if (index % REPAINT_EVERY === REPAINT_EVERY - 1) {
      buffers.forEach((b) => (frames += b.frames().length));
    }
  });
  return frames;
}

export function ingest(plan: { events: number; naiveEvents: number }): BenchRow[] {
  const next = makeItemStream(eventPool());
  const items = Array.from({ length: plan.events }, (_, i) => next(i));
  // Warm both paths (JIT) on a slice outside the measurement.
  dataSourceIngest(items.slice(0, 5000));
  naiveIngest(items.slice(0, 500));
  const dsCpu = cpuSecondsOf(() => dataSourceIngest(items));
  const naiveItems = items.slice(0, plan.naiveEvents);
  const naiveCpu = cpuSecondsOf(() => naiveIngest(naiveItems));
  const ds = plan.events / dsCpu;
  const naive = plan.naiveEvents / naiveCpu;
  return [
    {
      benchmark: 'client ingest',
      metric: `events → frames per CPU-second (${plan.events} events, ${ROWS} rows kept, frames every ${REPAINT_EVERY})`,
      value: Math.round(ds),
      unit: '/s',
      baseline: 'naive: new frame per message',
      baselineValue: Math.round(naive),
      ratio: round(ds / naive, 1),
      goal: '≥ 10× naive',
      met: ds / naive >= 10,
    },
  ];
}
