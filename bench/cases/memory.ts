/**
 * Memory: heap growth of the data source's frame buffers (every channel, frames built every
 * 1,000 events) over 10^6 events, after a forced GC at both ends. Baseline: the same loop making
 * the same items without the data source, i.e. what the bench itself leaves behind.
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type { Channel } from '../../src/protocol';
import { createChannelBuffer, type ChannelBuffer } from '../../src/datasource/frames';
import { eventPool, makeItemStream } from '../lib/eventStream';
import { round, type BenchRow } from '../lib/results';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function growth(events: number, withDataSource: boolean): number {
  const next = makeItemStream(eventPool(30));
  const buffers = new Map<Channel, ChannelBuffer>();
  let sink = 0;
  const before = heapMb();
  for (let i = 0; i < events; i += 1) {
    const item = next(i);
    if (withDataSource) {
      let buffer = buffers.get(item.channel);
      if (buffer === undefined) {
        buffer = createChannelBuffer(item.channel, { refId: 'A' });
        buffers.set(item.channel, buffer);
      }
      buffer.push(item);
      if (i % 1000 === 999) {
        buffers.forEach((b) => (sink += b.frames().length));
      }
    } else {
      sink += item.kind.length;
    }
  }
  const after = heapMb();
  // Keep the buffers reachable until measured.
  return buffers.size + sink >= 0 ? after - before : 0;
}

export function memory(plan: { events: number }): BenchRow[] {
  // A first short pass of each loads and compiles everything, so neither measurement pays for that.
  growth(100_000, true);
  growth(100_000, false);
  const baseline = growth(plan.events, false);
  const dataSource = growth(plan.events, true);
  return [
    {
      benchmark: 'memory',
      metric: `heap growth of the data source over ${plan.events.toExponential(0)} events (all channels, default buffers)`,
      value: round(dataSource),
      unit: 'MB',
      baseline: 'same loop without the data source',
      baselineValue: round(baseline),
      ratio: null,
      goal: '≤ 20 MB',
      met: dataSource <= 20,
      note: `${round(dataSource - baseline)} MB above the baseline`,
    },
  ];
}
