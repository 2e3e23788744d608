/**
 * The store on every SQL back end (SQLite and a real MariaDB, eachBackEnd.ts): the event history's
 * contract, retention, a server restarted on the same store, and (MariaDB) a database lost and
 * found again mid-run. One file, so one MariaDB server serves every test here.
 */
import pino from 'pino';
import { historyPath, REST_PATHS } from '../../src/protocol';
import { readHistory } from '../../src/datasource/stream/readHistory';
import { DEFAULT_SERVE_CONFIG, type ServeConfig } from '../server/serverConfig';
import { createSimulatorServer, type SimulatorServer } from '../server/createSimulatorServer';
import { createFakeEngine } from '../server/testing/fakeEngine';
import type { StoredEvent } from './EventStore';
import { openStore } from './openStore';
import type { Store } from './Store';
import { eachBackEnd } from './testing/eachBackEnd';

const logger = pino({ level: 'silent' });
const HOUR_MS = 3_600_000;

function event(epoch: string, channel: string, seq: number, time: number): StoredEvent {
  return { epoch, channel, seq, time, payload: JSON.stringify({ event: `${channel}:update`, data: { seq }, seq }) };
}

/** Poll until `probe` is true; bounded, and the failure says what was awaited. */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

eachBackEnd('the store', (backEnd) => {
  const opened: Store[] = [];
  const servers: SimulatorServer[] = [];
  async function open(url?: string): Promise<Store> {
    const store = await openStore(url ?? (await backEnd.freshUrl()));
    opened.push(store);
    return store;
  }
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('returns a channel’s events oldest first within from and to, a page at a time', async () => {
    const store = await open();
    await store.events.append([
      event('e1', 'orders', 3, 3000),
      event('e1', 'orders', 1, 1000),
      event('e1', 'orders', 2, 2000),
      event('e1', 'orders', 4, 4000),
      event('e1', 'alerts', 1, 2500),
    ]);
    const first = await store.events.history({ channel: 'orders', from: 1500, to: 4000, limit: 2 });
    expect(first.events.map((stored) => stored.seq)).toEqual([2, 3]);
    expect(first.next).toEqual({ time: 3000, epoch: 'e1', seq: 3 });
    const second = await store.events.history({ channel: 'orders', from: 1500, to: 4000, limit: 2, after: first.next });
    expect(second.events.map((stored) => stored.seq)).toEqual([4]);
    expect(second.next).toBeUndefined();
    expect(second.events[0]).toEqual(event('e1', 'orders', 4, 4000));
  });

  it('stores a payload handed over as the published bytes as the same text', async () => {
    const store = await open();
    const texts = ['{"event":"activity:log","data":{"message":"bought ₹ 1,00,000"},"seq":1}', '{"seq":2}', ''];
    // Views into one larger buffer, as the hub's payloads are views into their frames.
    const block = Buffer.from(`xx${texts.join('')}yy`, 'utf8');
    let offset = 2;
    const payloads = texts.map((text) => {
      const length = Buffer.byteLength(text);
      offset += length;
      return block.subarray(offset - length, offset);
    });
    await store.events.append(payloads.map((payload, i) => ({ ...event('e1', 'activity', i + 1, 1000 + i), payload })));
    const page = await store.events.history({ channel: 'activity', limit: 10 });
    expect(page.events.map((stored) => stored.payload)).toEqual(texts);
  });

  it('keeps every epoch’s events (the same channel and seq twice) and skips a repeat within one epoch', async () => {
    const store = await open();
    await store.events.append([event('old', 'orders', 1, 1000), event('new', 'orders', 1, 5000)]);
    await store.events.append([{ ...event('old', 'orders', 1, 1000), payload: '{"changed":true}' }]);
    const page = await store.events.history({ channel: 'orders', limit: 10 });
    expect(page.events).toEqual([event('old', 'orders', 1, 1000), event('new', 'orders', 1, 5000)]);
  });

  it('pages through events that share one time in (epoch, seq) order without losing or repeating any', async () => {
    const store = await open();
    const same = [3, 1, 2].flatMap((seq) => [event('b', 'alerts', seq, 7000), event('a', 'alerts', seq, 7000)]);
    await store.events.append(same);
    const seen: string[] = [];
    let after;
    for (let page = 0; page < 10; page++) {
      const result = await store.events.history({ channel: 'alerts', limit: 4, after });
      seen.push(...result.events.map((stored) => `${stored.epoch}${stored.seq}`));
      after = result.next;
      if (after === undefined) {
        break;
      }
    }
    expect(seen).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });

  it('records the spans it missed and returns those that overlap a range', async () => {
    const store = await open();
    await store.events.recordGap({ epoch: 'e1', fromTime: 1000, toTime: 2000, eventsLost: 7, reason: 'disk full' });
    await store.events.recordGap({ epoch: 'e1', fromTime: 9000, toTime: 9500, eventsLost: 1, reason: 'lost' });
    expect(await store.events.gaps(1500, 8000)).toEqual([
      { epoch: 'e1', fromTime: 1000, toTime: 2000, eventsLost: 7, reason: 'disk full' },
    ]);
  });

  it('retention deletes exactly the events older than the window, however many, and keeps the rest', async () => {
    const store = await open();
    const cutoff = 100 * HOUR_MS;
    // More old rows than one delete chunk, many sharing a time, on two channels.
    const old = Array.from({ length: 12_000 }, (_, index) =>
      event('e1', 'orders', index + 1, cutoff - 1 - (index % 7))
    );
    const kept = [event('e1', 'orders', 20_001, cutoff), event('e1', 'orders', 20_002, cutoff + 1)];
    await store.events.append([
      ...old,
      ...kept,
      event('e1', 'market', 1, cutoff - 1),
      event('e1', 'market', 2, cutoff),
    ]);
    await store.events.recordGap({ epoch: 'e1', fromTime: 0, toTime: cutoff - 1, eventsLost: 1, reason: 'old' });
    await store.events.recordGap({ epoch: 'e1', fromTime: 0, toTime: cutoff, eventsLost: 1, reason: 'kept' });

    expect(await store.events.deleteBefore(cutoff)).toBe(12_001);
    expect((await store.events.history({ channel: 'orders', limit: 100 })).events).toEqual(kept);
    expect((await store.events.history({ channel: 'market', limit: 100 })).events.map((e) => e.seq)).toEqual([2]);
    expect((await store.events.gaps(0, cutoff * 2)).map((gap) => gap.reason)).toEqual(['kept']);
  });

  it('a server restarted on the same store returns the history from before the restart, and a data-source query backfills it', async () => {
    const url = await backEnd.freshUrl();
    // Speed 1: engine time is wall time, so the second epoch's events all come after the first's.
    const config: ServeConfig = { ...DEFAULT_SERVE_CONFIG, port: 0, auth: false, speed: 1 };
    const start = async () => {
      const store = await open(url);
      const server = createSimulatorServer(config, {
        createEngine: (engineConfig) => createFakeEngine(engineConfig, { orderEveryMs: 20 }),
        logger,
        processMetrics: false,
        store,
      });
      servers.push(server);
      await server.listen();
      return server;
    };

    const before = await start();
    await until('the first server stored a few orders', async () => {
      await before.storeWriter.flush();
      const response = await before.http.inject({ url: historyPath('orders') });
      return response.json().events.length >= 5;
    });
    const stored = (await before.http.inject({ url: historyPath('orders') })).json().events as Array<{ seq: number }>;
    await before.close();
    servers.splice(servers.indexOf(before), 1);
    await opened.splice(0, 1)[0].close();

    const after = await start();
    expect(after.epoch).not.toBe(before.epoch);
    const response = await after.http.inject({ url: historyPath('orders', { from: 0 }) });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.epoch).toBe(after.epoch);
    expect(body.events.slice(0, stored.length)).toEqual(stored);

    const httpGet = async (path: string) => (await after.http.inject({ url: path })).json();
    const backfill = await readHistory(httpGet, 'orders', 0, 10_000, Date.now());
    expect(backfill.skipped).toEqual([]);
    const seqs = backfill.items.slice(0, stored.length).map((item) => (item.kind === 'event' ? item.seq : undefined));
    expect(seqs).toEqual(stored.map((e) => e.seq));
  });

  if (backEnd.name === 'mariadb') {
    it('keeps serving when MariaDB is lost mid-run, says so on /readyz and in metrics, and resumes writing with the missed span marked', async () => {
      const store = await open();
      const config: ServeConfig = { ...DEFAULT_SERVE_CONFIG, port: 0, auth: false, speed: 1 };
      const server = createSimulatorServer(config, {
        createEngine: (engineConfig) => createFakeEngine(engineConfig, { orderEveryMs: 20 }),
        logger,
        processMetrics: false,
        store,
        storeWriterLimits: { maxQueued: 200, maxBatch: 50, retryIntervalMs: 200, flushIntervalMs: 50 },
      });
      servers.push(server);
      await server.listen();
      const readyz = async () => (await server.http.inject({ url: REST_PATHS.readyz })).json();
      await until('orders are stored', async () => {
        await server.storeWriter.flush();
        return (await store.events.history({ channel: 'orders', limit: 5 })).events.length >= 5;
      });
      expect(await readyz()).toMatchObject({ status: 'ready', store: { ok: true } });

      await backEnd.mariaDb()!.kill();
      await until('/readyz reports the store failing', async () => (await readyz()).status === 'degraded');
      expect((await readyz()).store.sinks[0]).toMatchObject({ name: 'events', ok: false, error: expect.any(String) });
      const metrics = (await server.http.inject({ url: REST_PATHS.metrics })).body;
      expect(metrics).toMatch(/mci_store_up\{sink="events"\} 0/);
      // Live data goes on while the store is down.
      const liveSeq = async () =>
        (await server.http.inject({ url: historyPath('orders', { after: 0, limit: 1 }) })).json().seq as number;
      const seqWhenLost = await liveSeq();
      expect((await server.http.inject({ url: REST_PATHS.snapshot })).statusCode).toBe(200);
      await until('the server keeps publishing orders', async () => (await liveSeq()) > seqWhenLost);
      await until('events beyond the queue bound were dropped', async () =>
        /mci_store_events_dropped_total\{sink="events"\} [1-9]/.test(
          (await server.http.inject({ url: REST_PATHS.metrics })).body
        )
      );

      await backEnd.mariaDb()!.restart();
      await until('/readyz reports the store back', async () => (await readyz()).status === 'ready', 30_000);
      await server.storeWriter.flush();
      // Every dropped event is inside a marked span of this epoch (the queue may overflow again
      // while the backlog drains, so there can be more than one span).
      // The last span is stored once the backlog has drained, after the counter moved: wait until
      // the stored spans account for every dropped event.
      const droppedCount = async () =>
        Number(
          /mci_store_events_dropped_total\{sink="events"\} (\d+)/.exec(
            (await server.http.inject({ url: REST_PATHS.metrics })).body
          )![1]
        );
      const lostInGaps = async () =>
        (await store.events.gaps(0, Number.MAX_SAFE_INTEGER)).reduce((sum, gap) => sum + gap.eventsLost, 0);
      await until(
        'the stored gaps account for every dropped event',
        async () => {
          await server.storeWriter.flush();
          return (await lostInGaps()) === (await droppedCount());
        },
        30_000
      );
      const gaps = await store.events.gaps(0, Number.MAX_SAFE_INTEGER);
      const dropped = await droppedCount();
      expect(gaps.length).toBeGreaterThan(0);
      expect(gaps.reduce((sum, gap) => sum + gap.eventsLost, 0)).toBe(dropped);
      for (const gap of gaps) {
        expect(gap).toMatchObject({ epoch: server.epoch, reason: expect.stringMatching(/^store unavailable: /) });
        expect(gap.toTime).toBeGreaterThanOrEqual(gap.fromTime);
      }
      const history = (await server.http.inject({ url: historyPath('orders', { from: 0 }) })).json();
      expect(history.gaps).toEqual(gaps);
      // Orders after the outage are stored again.
      const latest = history.events[history.events.length - 1].seq as number;
      await until('orders after the outage are stored', async () => {
        await server.storeWriter.flush();
        const page = await store.events.history({ channel: 'orders', from: 0, limit: 10_000 });
        return page.events.some((stored) => stored.seq > latest);
      });
    }, 90_000);
  }
});
