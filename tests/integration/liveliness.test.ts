/**
 * What a newcomer sees after `npm start`: the real CLI with its default settings (engine, seed,
 * lively profile; only the port is free and auth off, as `npm start` has it) shows a first order
 * within 5 s and an open book within 10 s of start, over WebSocket and over spec 002's SSE bus.
 * Times are the events' own timestamps against the server's start (the epoch id starts with it),
 * and every wait is bounded.
 */
import * as v from 'valibot';
import { BusEventSchema, REST_PATHS } from '../../src/protocol';
import { startSimulator, type RunningSimulator } from '../support/simulator';
import { curlStream, parseSse } from '../support/sseClient';
import { connect, isEvent, type TestClient } from '../support/wsClient';

let simulator: RunningSimulator | undefined;
let client: TestClient | undefined;

afterEach(async () => {
  await client?.close();
  await simulator?.stop();
  client = undefined;
  simulator = undefined;
});

/** The server's start (epoch ms): its epoch id is `<start in base 36>-<random>`. */
const startOf = (epoch: string) => parseInt(epoch.split('-')[0], 36);

describe('npm start', () => {
  it('shows a first order within 5 s and an open book within 10 s, on the WebSocket and the SSE bus', async () => {
    // npm start's settings, except the store: memory, so the test never writes the default data dir.
    simulator = await startSimulator();
    client = await connect(simulator.wsUrl);
    const ack = await client.next(isEvent('connection:ack'));
    const epoch = ack.data.epoch!;
    const start = startOf(epoch);
    client.send({
      event: 'subscribe',
      data: { channels: ['orders', 'positions'], resume: { orders: { epoch, seq: 0 } } },
    });
    const firstOrder = await client.next(isEvent('orders:update'), 10_000);
    expect(firstOrder.data.timestamp - start).toBeLessThanOrEqual(5_000);
    const book = await client.next(
      (message) => message.event === 'positions:update' && message.data.positions.length > 0,
      10_000
    );
    expect(book.event === 'positions:update' && (book.data.timestamp ?? start) - start).toBeLessThanOrEqual(10_000);

    const text = await curlStream(
      `${simulator.httpUrl}${REST_PATHS.telemetryStream}?event_type=order_event,position_event&last_event_id=${epoch}:0`,
      3
    );
    const events = parseSse(text).events.map((event) => JSON.parse(event.data) as { type: string; timestamp: string });
    const firstOf = (type: string) => events.find((event) => event.type === type);
    expect(Date.parse(firstOf('order_event')!.timestamp) - start).toBeLessThanOrEqual(5_000);
    expect(Date.parse(firstOf('position_event')!.timestamp) - start).toBeLessThanOrEqual(10_000);
    expect(events.filter((event) => !v.safeParse(BusEventSchema, event).success)).toEqual([]);
  });
});
