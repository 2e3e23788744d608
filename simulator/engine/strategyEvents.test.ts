/**
 * The strategy channel carries all eight spec 002 event types from the engine at its default
 * settings, each within a minute of start, every one valid in spec 002's own dialect; the mirrored
 * order and position events agree with the orders and positions channels.
 */
import * as v from 'valibot';
import { BUS_EVENT_TYPES, BusEventSchema, toBusEvent } from '../../src/protocol';
import { createEngine } from './createEngine';
import { ofChannel, runSeconds, TEST_START } from './testing/runSeconds';

const SEEDS = [1, 2, 3, 42];

describe('spec 002 events from the engine', () => {
  it.each(SEEDS)('emits every spec 002 type within 60 s at default settings (seed %i)', (seed) => {
    const strategy = ofChannel(runSeconds(createEngine({ seed, startTime: TEST_START }), 60), 'strategy');
    const firstAt = new Map<string, number>();
    for (const event of strategy) {
      const bus = toBusEvent(event.data);
      const result = v.safeParse(BusEventSchema, bus);
      if (!result.success) {
        throw new Error(`${bus.type} at ${event.time} breaks spec 002: ${v.summarize(result.issues)}`);
      }
      if (!firstAt.has(bus.type)) {
        firstAt.set(bus.type, event.time - TEST_START);
      }
    }
    expect([...firstAt.keys()].sort()).toEqual([...BUS_EVENT_TYPES].sort());
    expect(Math.max(...firstAt.values())).toBeLessThanOrEqual(60_000);
  });

  it('mirrors every order change as an order event with the same status', () => {
    const events = runSeconds(createEngine({ seed: 5, startTime: TEST_START }), 120);
    const orders = ofChannel(events, 'orders').map((e) => `${e.data.order.id} ${e.data.order.status}`);
    const mirrored = ofChannel(events, 'strategy').flatMap((e) =>
      e.data.kind === 'order' ? [`${e.data.orderId} ${e.data.status}`] : []
    );
    expect(orders.length).toBeGreaterThan(0);
    expect(mirrored).toEqual(orders);
  });

  it("leaves each symbol's last position event equal to the position the portfolio holds", () => {
    const engine = createEngine({ seed: 7, startTime: TEST_START });
    const events = runSeconds(engine, 180);
    const last = new Map<string, number>();
    for (const event of ofChannel(events, 'strategy')) {
      if (event.data.kind === 'position') {
        last.set(event.data.symbol, event.data.positionSize);
      }
    }
    const held = new Map(
      engine.snapshot().positions.map((p) => [p.symbol, p.side === 'long' ? p.qty : -p.qty] as const)
    );
    expect(last.size).toBeGreaterThan(0);
    for (const [symbol, size] of last) {
      expect([symbol, size]).toEqual([symbol, held.get(symbol) ?? 0]);
    }
  });

  it('puts each decision trace in the activity log as an object in details', () => {
    const events = runSeconds(createEngine({ seed: 2, startTime: TEST_START }), 60);
    const traces = ofChannel(events, 'strategy').filter((e) => e.data.kind === 'decision_trace');
    const entries = ofChannel(events, 'activity').filter((e) => e.data.details?.kind === 'decision_trace');
    expect(traces.length).toBeGreaterThan(0);
    expect(entries).toHaveLength(traces.length);
    expect(entries[0].data.details?.trace).toEqual(traces[0].data.kind === 'decision_trace' && traces[0].data.trace);
  });
});
