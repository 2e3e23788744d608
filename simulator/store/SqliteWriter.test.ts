/**
 * SQLite appends go through the writer thread (SqliteWriter.ts): what it writes is all there, in
 * order, a thread that dies is replaced, and a write it cannot make is reported by the event sink exactly as a failed write on the
 * main thread was (health for /readyz, the log, `mci_store_*` metrics, a gap for what was dropped),
 * and writing resumes once the table is back.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { sql } from 'kysely';
import { tmpdir } from 'os';
import { join } from 'path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createEventSink } from './EventSink';
import type { StoredEvent } from './EventStore';
import { openStore } from './openStore';
import { SqliteWriter, startWriterThread } from './SqliteWriter';
import type { Store } from './Store';
import { storeMetrics } from './storeMetrics';
import { createStoreWriter } from './StoreWriter';

const DAY_MS = 86_400_000;

function order(seq: number, time: number): StoredEvent {
  return { epoch: 'e1', channel: 'orders', seq, time, payload: JSON.stringify({ event: 'orders:update', seq }) };
}

async function readAll(store: Store, channel: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let page = await store.events.history({ channel, limit: 5000 });
  events.push(...page.events);
  for (let pages = 0; page.next !== undefined && pages < 100; pages++) {
    page = await store.events.history({ channel, limit: 5000, after: page.next });
    events.push(...page.events);
  }
  return events;
}

describe('the SQLite writer thread', () => {
  let dir: string;
  let store: Store | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mci-sqlite-writer-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every event of batches sent without waiting, readable oldest first', async () => {
    store = await openStore(`sqlite:${join(dir, 'telemetry.db')}`);
    const batches = Array.from({ length: 6 }, (_, batch) =>
      Array.from({ length: 2500 }, (_, i) => order(batch * 2500 + i + 1, 1000 + batch * 2500 + i))
    );
    // Within a batch, out of order: the history is ordered by time, not by arrival.
    batches[2].reverse();
    await Promise.all(batches.map((batch) => store!.events.append(batch)));
    await store.events.append(batches[0]);

    const events = await readAll(store, 'orders');
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 15_000 }, (_, i) => i + 1));
    expect(events[42]).toEqual(order(43, 1042));
  });

  it('rejects a batch with SQLite’s reason while the file cannot be opened, and writes once it can', async () => {
    const file = join(dir, 'later', 'telemetry.db');
    const writer = new SqliteWriter({ file, busyTimeoutMs: 1000 });
    try {
      await expect(writer.append([order(1, 1000)])).rejects.toThrow(/unable to open database file|not open/i);

      mkdirSync(join(dir, 'later'));
      store = await openStore(`sqlite:${file}`);
      await writer.append([order(1, 1000), order(2, 2000)]);
      expect((await readAll(store, 'orders')).map((event) => event.seq)).toEqual([1, 2]);
    } finally {
      await writer.close();
    }
  });

  it('rejects the batches a dying thread held, and the next batch starts a new thread that writes it', async () => {
    store = await openStore(`sqlite:${join(dir, 'telemetry.db')}`);
    let starts = 0;
    const writer = new SqliteWriter({ file: join(dir, 'telemetry.db'), busyTimeoutMs: 1000 }, (data) =>
      ++starts === 1 ? new Worker('process.exit(3)', { eval: true }) : startWriterThread(data)
    );
    try {
      await expect(writer.append([order(1, 1000)])).rejects.toThrow(
        'the SQLite writer thread stopped: it exited with code 3'
      );
      await writer.append([order(2, 2000), order(3, 3000)]);
      expect(starts).toBe(2);
      expect((await readAll(store, 'orders')).map((event) => event.seq)).toEqual([2, 3]);
    } finally {
      await writer.close();
    }
  });

  it('a failing write shows on health, in the log and in the metrics, the dropped span becomes a gap, and writing resumes', async () => {
    store = await openStore(`sqlite:${join(dir, 'telemetry.db')}`);
    const db = store.database!.db;
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const registry = new Registry();
    const context = {
      store,
      epoch: 'e1',
      logger,
      now: Date.now,
      retention: { rawMs: DAY_MS, aggregateMs: 7 * DAY_MS },
      source: 'serve' as const,
      metrics: storeMetrics(registry),
      // No retry on a timer: each flush below is the retry.
      writerLimits: { maxBatch: 100, maxQueued: 300, retryIntervalMs: 3_600_000 },
    };
    const writer = createStoreWriter(context, { cleanIntervalMs: 0, sinks: [createEventSink(context)] });
    const publish = (from: number, to: number) => {
      for (let seq = from; seq <= to; seq++) {
        writer.publish({ channel: 'orders', seq, time: 1000 + seq, bytes: Buffer.from(order(seq, 0).payload) }, {});
      }
    };

    publish(1, 50);
    await writer.flush();
    expect(writer.health().ok).toBe(true);

    // The table goes away under the writer thread's connection.
    await sql`ALTER TABLE events RENAME TO events_away`.execute(db);
    publish(51, 100);
    await writer.flush();
    const failing = writer.health();
    expect(failing.ok).toBe(false);
    expect(failing.sinks[0]).toMatchObject({
      name: 'events',
      ok: false,
      error: expect.stringMatching(/no such table/),
    });
    expect(lines.some((line) => line.includes('store: write failed'))).toBe(true);
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/mci_store_up\{sink="events"\} 0/);
    expect(metrics).toMatch(/mci_store_write_errors_total\{sink="events"\} [1-9]/);

    // 350 queued while the queue holds 300: the oldest 50 are dropped and counted.
    publish(101, 400);
    await writer.flush();
    expect(await registry.metrics()).toMatch(/mci_store_events_dropped_total\{sink="events"\} 50/);

    await sql`ALTER TABLE events_away RENAME TO events`.execute(db);
    await writer.flush();
    await writer.close();
    expect(writer.health().ok).toBe(true);
    expect(lines.some((line) => line.includes('store: writing again'))).toBe(true);
    expect(await registry.metrics()).toMatch(/mci_store_up\{sink="events"\} 1/);

    const stored = (await readAll(store, 'orders')).map((event) => event.seq);
    const gaps = await store.events.gaps(0, 10_000);
    expect(gaps).toEqual([expect.objectContaining({ epoch: 'e1', fromTime: 1051, toTime: 1100, eventsLost: 50 })]);
    expect(stored).toEqual([
      ...Array.from({ length: 50 }, (_, i) => i + 1),
      ...Array.from({ length: 300 }, (_, i) => i + 101),
    ]);
  });
});
