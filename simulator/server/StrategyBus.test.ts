import { Registry } from 'prom-client';
import * as v from 'valibot';
import { StrategyEventSchema, encodeDataEvent, type StrategyEvent } from '../../src/protocol';
import { SPEC002_EXAMPLES } from '../../src/protocol/fixtures/spec002Examples';
import type { SseSubscriber } from './SseSubscriber';
import { StrategyBus } from './StrategyBus';

const event = (index: number): StrategyEvent =>
  v.parse(StrategyEventSchema, { ...SPEC002_EXAMPLES[index % SPEC002_EXAMPLES.length].wire, timestamp: 1000 + index });

/** A stream that records the frames the bus writes to it. */
function recordingSubscriber() {
  const frames: string[] = [];
  const subscriber = {
    sendControl: (frame: string) => frames.push(frame),
    sendEvents: (frame: string) => frames.push(frame),
  } as unknown as SseSubscriber;
  return { subscriber, frames };
}

function busWithEvents(epoch: string, count: number): StrategyBus {
  const bus = new StrategyBus(epoch, 100, () => 0, new Registry());
  for (let seq = 1; seq <= count; seq += 1) {
    bus.publish(seq, event(seq), epoch);
  }
  return bus;
}

describe('StrategyBus following a new epoch', () => {
  it('numbers the events of a new epoch with that epoch and keeps none of the old one', () => {
    const bus = busWithEvents('old', 3);
    bus.publish(1, event(4), 'new');
    expect(bus.epoch).toBe('new');
    expect(bus.buffered().map((entry) => entry.id)).toEqual(['new:1']);
    expect(bus.stats()).toMatchObject({ epoch: 'new', buffer_fill: 1, newest_event_id: 'new:1' });
  });

  it('answers a resume from the old epoch with a telemetry_gap and the new epoch’s events', () => {
    const bus = busWithEvents('old', 3);
    bus.follow('new');
    bus.publish(1, event(4), 'new');
    bus.publish(2, event(5), 'new');
    const replay = bus.replayAfter({ epoch: 'old', seq: 3 }, undefined);
    expect(replay).toMatchObject({
      ok: true,
      gap: { type: 'telemetry_gap', reason: 'other_epoch', last_event_id: 'old:3', missed: null },
    });
    expect(replay.ok && replay.entries.map((entry) => entry.id)).toEqual(['new:1', 'new:2']);
  });

  it('tells open streams with a telemetry_gap naming the last event of the old epoch, and keeps them', () => {
    const bus = busWithEvents('old', 2);
    const { subscriber, frames } = recordingSubscriber();
    bus.subscribe(subscriber, undefined);
    bus.publish(1, event(3), 'new');
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/^event: telemetry_gap\n/);
    expect(JSON.parse(/data: (.*)\n/.exec(frames[0])![1])).toEqual({
      type: 'telemetry_gap',
      reason: 'other_epoch',
      last_event_id: 'old:2',
      first_available_id: null,
      missed: null,
    });
    expect(frames[1]).toMatch(/^id: new:1\n/);
  });

  it('changes nothing when the epoch is the current one, and sends no gap on the first run a gateway sees', () => {
    const bus = busWithEvents('same', 2);
    bus.follow('same');
    expect(bus.buffered()).toHaveLength(2);
    const fresh = new StrategyBus('', 100, () => 0, new Registry());
    const { subscriber, frames } = recordingSubscriber();
    fresh.subscribe(subscriber, undefined);
    fresh.publish(1, event(1), 'first');
    expect(frames.map((frame) => frame.split('\n')[0])).toEqual(['id: first:1']);
  });
});

describe('StrategyBus keeping the published wire message', () => {
  const wireOf = (seq: number, data: StrategyEvent) => Buffer.from(encodeDataEvent('strategy', data, seq), 'utf8');

  it('gives the same ids, JSON and frames from the wire message as from the event itself', () => {
    const rendered = busWithEvents('e', SPEC002_EXAMPLES.length);
    const lazy = new StrategyBus('e', 100, () => 0, new Registry());
    for (let seq = 1; seq <= SPEC002_EXAMPLES.length; seq += 1) {
      lazy.publish(seq, event(seq), 'e', wireOf(seq, event(seq)));
    }
    const view = (bus: StrategyBus) =>
      bus.buffered().map(({ seq, id, type, eventTime, json, frame }) => ({ seq, id, type, eventTime, json, frame }));
    expect(view(lazy)).toEqual(view(rendered));
    expect(lazy.stats()).toEqual(rendered.stats());
  });

  it('keeps the newest bufferSize events, read back from its copies after many more were published', () => {
    const bus = new StrategyBus('e', 100, () => 0, new Registry());
    for (let seq = 1; seq <= 300; seq += 1) {
      bus.publish(seq, event(seq), 'e', wireOf(seq, event(seq)));
    }
    const kept = bus.buffered();
    expect(kept.map((entry) => entry.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 201 + i));
    expect(kept.map((entry) => entry.eventTime)).toEqual(kept.map((entry) => 1000 + entry.seq));
    expect(kept[99].json).toBe(busWithEvents('e', 300).buffered()[99].json);
    expect(bus.stats()).toMatchObject({ buffer_fill: 100, oldest_event_id: 'e:201', newest_event_id: 'e:300' });
  });

  it('writes the frame to an open stream as the event is published', () => {
    const bus = new StrategyBus('e', 100, () => 0, new Registry());
    const { subscriber, frames } = recordingSubscriber();
    bus.subscribe(subscriber, undefined);
    bus.publish(1, event(1), 'e', wireOf(1, event(1)));
    expect(frames).toEqual([bus.buffered()[0].frame]);
    expect(frames[0]).toMatch(/^id: e:1\n/);
  });
});
