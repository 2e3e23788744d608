/**
 * One writer for a shared store in scale-out: `mci-sim engine --store sqlite:F` writes every event
 * once, with the `seq` Redis gave it; two `mci-sim gateway --store sqlite:F` read it for history
 * and write nothing (docs/scaling.md).
 */
import { mkdtempSync, rmSync } from 'fs';
import { sql } from 'kysely';
import { tmpdir } from 'os';
import { join } from 'path';
import { openDatabase } from '../../simulator/store/openDatabase';
import { startEngine, type RunningEngine } from '../support/engine';
import { startRedis, type RunningRedis } from '../support/redis';
import { startSimulator, type RunningSimulator } from '../support/simulator';

jest.setTimeout(90_000);

const dir = mkdtempSync(join(tmpdir(), 'mci-scale-store-'));
const storeUrl = `sqlite:${join(dir, 'telemetry.db')}`;
let redis: RunningRedis;
let engine: RunningEngine | undefined;
const gateways: RunningSimulator[] = [];

beforeAll(async () => {
  redis = await startRedis();
  engine = await startEngine(redis.url, ['--orders-per-second', '20', '--store', storeUrl]);
  for (let index = 0; index < 2; index += 1) {
    gateways.push(await startSimulator({ command: 'gateway', args: ['--redis', redis.url, '--store', storeUrl] }));
  }
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop('SIGKILL')));
  await engine?.stop('SIGKILL');
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface HistoryAnswer {
  epoch: string;
  events: Array<{ seq: number }>;
}

async function ordersHistory(gateway: RunningSimulator): Promise<HistoryAnswer> {
  const response = await fetch(`${gateway.httpUrl}/api/telemetry/history/orders?from=0&limit=10000`);
  return (await response.json()) as HistoryAnswer;
}

describe('a shared SQLite store in scale-out', () => {
  it('holds each event once, written by the engine, and both gateways read it for history', async () => {
    const running = engine!;
    // Wait (bounded) until the engine's writes show through both gateways' history.
    const deadline = Date.now() + 30_000;
    let answers: HistoryAnswer[] = [];
    while (Date.now() < deadline) {
      answers = await Promise.all(gateways.map(ordersHistory));
      if (answers.every((answer) => answer.events.length >= 30)) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const answer of answers) {
      expect(answer.epoch).toBe(running.epoch);
      expect(answer.events.length).toBeGreaterThanOrEqual(30);
      expect(new Set(answer.events.map((event) => event.seq)).size).toBe(answer.events.length);
    }

    // A gateway's store refuses writes: pushing service metrics to it is answered, not stored.
    const pushed = await fetch(`${gateways[0].httpUrl}/metrics/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ samples: [] }),
    });
    expect(pushed.status).toBe(503);
    expect(await pushed.text()).toMatch(/read-only/);

    // Gateways first, so anything they would write is in; then the engine flushes its writer.
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    expect(await running.stop()).toBe(0);
    engine = undefined;

    const database = await openDatabase(storeUrl);
    try {
      const epochs = await sql<{ epoch: string }>`select epoch from epochs`.execute(database.db);
      expect(epochs.rows.map((row) => row.epoch)).toEqual([running.epoch]);
      for (const channel of ['orders', 'activity']) {
        const counts = await sql<{ rows: number; seqs: number; newest: number }>`
          select count(*) as rows, count(distinct seq) as seqs, max(seq) as newest
          from events where channel = ${channel}`.execute(database.db);
        const { rows, seqs, newest } = counts.rows[0];
        // Every seq from 1 to the newest, each exactly once.
        expect({ channel, rows: Number(rows), seqs: Number(seqs) }).toEqual({
          channel,
          rows: Number(newest),
          seqs: Number(newest),
        });
        expect(Number(newest)).toBeGreaterThan(0);
      }
    } finally {
      await database.close();
    }
  });
});
