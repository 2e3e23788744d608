/**
 * `mci-sim serve --replay FILE` serves a `mci-sim record` file: a client receives the recorded
 * events in the recorded order, with their times moved to the server's start (logged as
 * `replayStart`, after the file was read), and bad use is refused with a message naming the flag.
 */
import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import type { DataMessage, ServerMessage } from '../../src/protocol';
import { startSimulator, type RunningSimulator } from '../support/simulator';
import { connect, isEvent, type TestClient } from '../support/wsClient';

jest.setTimeout(40_000);

const CLI = join(__dirname, '..', '..', 'bin', 'mci-sim.js');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mci-replay-'));
const file = join(dir, 'recording.ndjson');
let sim: RunningSimulator | undefined;
let client: TestClient | undefined;

const isData = (message: ServerMessage): message is DataMessage => 'seq' in message && message.event.includes(':');

beforeAll(async () => {
  await run(process.execPath, [
    CLI,
    'record',
    '--duration',
    '40s',
    '--orders-per-second',
    '4',
    '--seed',
    '7',
    '--out',
    file,
  ]);
});

afterAll(async () => {
  await client?.close();
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('serves the recorded events in order, shifted to the server start', async () => {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const recordedStart = (JSON.parse(lines[0]) as { time: number }).time;
  const recorded = lines
    .map(
      (line) =>
        JSON.parse(line) as {
          time: number;
          channel: string;
          data: { type: string; order: { id: string; createdAt: number } };
        }
    )
    .filter((line) => line.channel === 'orders');
  expect(recorded.length).toBeGreaterThan(40);
  const started = Date.now();
  sim = await startSimulator({ args: ['--replay', file, '--speed', '10'] });
  client = await connect(sim.wsUrl);
  const { epoch } = (await client.next(isEvent('connection:ack'))).data;
  client.send({ event: 'subscribe', data: { channels: ['orders'], resume: { orders: { epoch, seq: 0 } } } });
  expect((await client.next(isEvent('subscribed'))).data.recovered).toEqual({ orders: true });
  const wanted = 30;
  for (let i = 0; i < 60 && client.received.filter((r) => isData(r.message)).length < wanted; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const orders = client.received.map((r) => r.message).filter(isData) as Array<
    DataMessage & { data: { type: string; order: { id: string; createdAt: number } } }
  >;
  expect(orders.length).toBeGreaterThanOrEqual(wanted);
  // The history replayed from seq 0 plus the live events: together they start at the recording's first order.
  expect(orders.slice(0, wanted).map((m) => `${m.data.type} ${m.data.order.id}`)).toEqual(
    recorded.slice(0, wanted).map((line) => `${line.data.type} ${line.data.order.id}`)
  );
  // Recorded in 2025, served now at --speed 10: each time field is the wall-clock time it is due,
  // start + (t - t0) / 10, so recorded spacings arrive ten times closer (to the millisecond).
  expect(orders[0].data.order.createdAt).toBeGreaterThanOrEqual(started - 1000);
  // The listening line says when the recording's first event is due; every time follows from it.
  const listening = sim
    .output()
    .split('\n')
    .find((line) => line.includes('"msg":"listening"'));
  const { replayStart } = JSON.parse(listening!) as { replayStart: number };
  expect(replayStart).toBeGreaterThanOrEqual(started);
  expect(orders[0].data.order.createdAt).toBe(
    Math.round(replayStart + (recorded[0].data.order.createdAt - recordedStart) / 10)
  );
  const servedFirst = orders[0].data.order.createdAt;
  const recordedFirst = recorded[0].data.order.createdAt;
  orders.slice(0, wanted).forEach((message, index) => {
    const servedGap = message.data.order.createdAt - servedFirst;
    const recordedGap = recorded[index].data.order.createdAt - recordedFirst;
    expect(Math.abs(servedGap - recordedGap / 10)).toBeLessThanOrEqual(1);
  });
});

it('refuses to replay with options that only shape the simulated engine', async () => {
  await expect(
    run(process.execPath, [
      CLI,
      'serve',
      '--no-auth',
      '--store',
      'memory',
      '--port',
      '0',
      '--replay',
      file,
      '--rate',
      'orders=5',
    ])
  ).rejects.toMatchObject({
    stderr: expect.stringContaining('--replay: --orders-per-second / --rate orders= shapes the simulated engine'),
  });
  const bad = join(dir, 'bad.ndjson');
  writeFileSync(bad, '{"time":1,"channel":"nope","data":{}}\n');
  await expect(
    run(process.execPath, [CLI, 'serve', '--no-auth', '--store', 'memory', '--port', '0', '--replay', bad])
  ).rejects.toMatchObject({
    stderr: expect.stringContaining(`--replay: ${bad} line 1 is not a recorded event`),
  });
});
