/**
 * Memory: heap growth of the data source's frame buffers (every channel, frames built every
 * 1,000 events) over N events, after a forced GC at both ends. Every event is a fresh
 * `JSON.parse` of its text, as the client delivers them, so what a buffer keeps alive shows.
 * Baseline: the same loop parsing the same events without the data source (what the bench
 * itself leaves behind). Runs interleave (baseline, data source, …).
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type { Channel } from '../../src/protocol';
import { createChannelBuffer, type ChannelBuffer } from '../../src/datasource/frames';
import { defineCase } from '../lib/benchCase';
import { eventPool, makeParsedItemStream, type EventPool } from '../lib/eventStream';
import { compare, round } from '../lib/results';
import { interleave } from '../lib/verdict';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function growth(pool: EventPool, events: number, withDataSource: boolean): number {
  const next = makeParsedItemStream(pool);
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

export const memoryCase = defineCase<{ events: number }>({
  name: 'memory',
  command: 'heapUsed after forced GC before/after N freshly parsed events through every channel buffer',
  sizes: { smoke: { events: 5000 }, quick: { events: 300_000 }, full: { events: 1_000_000 } },
  run: async (size, { runs }) => {
    const pool = eventPool(30);
    // A first short pass of each loads and compiles everything, so no measurement pays for that.
    growth(pool, Math.min(size.events, 50_000), true);
    growth(pool, Math.min(size.events, 50_000), false);
    const { a: base, b: ours } = await interleave(
      runs,
      () => growth(pool, size.events, false),
      () => growth(pool, size.events, true)
    );
    return [
      compare({
        benchmark: 'memory',
        metric: `heap growth of the data source over ${size.events.toLocaleString('en-US')} parsed events (all channels, default buffers)`,
        unit: 'MB',
        ours: ours.map((v) => round(v)),
        baselineLabel: 'same loop without the data source',
        base: base.map((v) => round(v)),
        goal: { on: 'value', goal: { op: '<=', target: 20 }, text: '≤ 20 MB' },
        noRatio: true,
        note: 'the goal is set over 10^6 events; the buffers are bounded, so growth levels off once they are full',
      }),
    ];
  },
});
