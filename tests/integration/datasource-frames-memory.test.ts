/**
 * The frame buffers stay bounded over 10^6 events: rows are capped, and heap growth (sampled with
 * process.memoryUsage after the buffers were filled once, so the bound measures steady state)
 * stays under 20 MB per channel kind. A full GC runs before each sample.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dateTime, type DataFrame, type DataSourceInstanceSettings } from '@grafana/data';
import { DataSource } from '../../src/datasource/DataSource';
import { createChannelBuffer } from '../../src/datasource/frames';
import { createFakeClient, type FakeClient } from '../../src/datasource/testing/fakeClient';
import type { MciOptions } from '../../src/datasource/types';
import type { Channel } from '../../src/protocol';
import { eventOf, T0 } from '../../src/datasource/testing/channelItems';

const EVENTS = 1_000_000;
const MAX_HEAP_GROWTH_BYTES = 20 * 1024 * 1024;

// Grafana's runtime and UI read the browser's boot data when loaded; here no service is used.
jest.mock('@grafana/runtime', () => ({}));
jest.mock('@grafana/ui', () => ({}));

// A full collection before each sample, so the heap counts what the buffers keep, not garbage.
// The flag is set at run time because jest's workers do not run with --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('frame buffers over 10^6 events', () => {
  it.each([
    ['orders', 1000],
    ['activity', 1000],
    ['account', 1000],
    ['market', 2000],
  ] as Array<[Channel, number]>)(
    'keep %s bounded to %i rows with bounded heap growth',
    (channel, maxRows) => {
      const buffer = createChannelBuffer(channel, { bufferSize: 1000, maxDataPoints: 1000 });
      // A few distinct items reused: the test measures the buffer, not the generator.
      const warm = 5000;
      for (let n = 0; n < warm; n++) {
        buffer.push(eventOf(channel, T0 + n, n));
      }
      buffer.frames(T0 + warm);
      const before = heapUsed();
      let peak = before;
      for (let n = warm; n < EVENTS; n++) {
        buffer.push(eventOf(channel, T0 + n, n));
        if (n % 100_000 === 0) {
          buffer.frames(T0 + n);
          peak = Math.max(peak, heapUsed());
        }
      }
      const frames = buffer.frames(T0 + EVENTS);
      const after = heapUsed();
      console.log(
        `${channel}: ${EVENTS} events, ${buffer.size()} rows held, heap ${((after - before) / 1048576).toFixed(1)} MB after, peak +${((peak - before) / 1048576).toFixed(1)} MB`
      );
      expect(buffer.size()).toBe(maxRows);
      expect(frames.reduce((sum, frame) => sum + frame.length, 0)).toBe(maxRows);
      expect(after - before).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    },
    60_000
  );

  it('keep a streaming orders query bounded end to end (client items → stream → frames)', async () => {
    let client: FakeClient | undefined;
    const settings = {
      uid: 'mci',
      type: 'mci',
      name: 'MCI',
      url: '/proxy',
      jsonData: { wsUrl: 'ws://127.0.0.1:1/telemetry' },
      meta: {},
    } as unknown as DataSourceInstanceSettings<MciOptions>;
    const ds = new DataSource(settings, {
      createClient: (options) => (client = createFakeClient(options)),
      webSocketFactory: () => {
        throw new Error('the fake client opens no socket');
      },
      services: { request: async () => ({ events: [] }), replace: (value) => value },
    });
    const range = { from: dateTime(T0 - 60_000), to: dateTime(T0 + EVENTS) };
    let last: DataFrame[] = [];
    const subscription = ds
      .query({
        app: 'dashboard',
        requestId: 'm',
        interval: '1s',
        intervalMs: 1000,
        range: { ...range, raw: range },
        scopedVars: {},
        targets: [{ refId: 'A', channel: 'orders' }],
        timezone: 'utc',
        startTime: T0,
      })
      .subscribe((response) => (last = response.data as DataFrame[]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (let n = 0; n < 5000; n++) {
      client!.emit(eventOf('orders', T0 + n, n));
    }
    const before = heapUsed();
    for (let n = 5000; n < EVENTS; n++) {
      client!.emit(eventOf('orders', T0 + n, n));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = heapUsed();
    subscription.unsubscribe();
    console.log(
      `orders through query(): ${EVENTS} events, ${last[0].length} rows shown, heap ${((after - before) / 1048576).toFixed(1)} MB`
    );
    expect(last[0].length).toBe(1000);
    expect(after - before).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  }, 60_000);
});
