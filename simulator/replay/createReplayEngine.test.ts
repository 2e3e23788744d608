import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEngine } from '../engine';
import { recordChunks } from '../engine/recording';
import { createReplayEngine, parseRecording, scheduledTime } from './createReplayEngine';

const RECORDED_START = 1_736_135_100_000;
const SERVER_START = 1_800_000_000_000;
const dir = mkdtempSync(join(tmpdir(), 'mci-replay-unit-'));
const file = join(dir, 'recording.ndjson');
const text = [
  ...recordChunks(createEngine({ seed: 5, startTime: RECORDED_START, rates: { ordersPerSecond: 5 } }), 20_000),
].join('');
writeFileSync(file, text);
const recorded = parseRecording(text, file);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const timestampOf = (data: unknown) => (data as { timestamp: number }).timestamp;

describe('scheduledTime', () => {
  it.each([
    [RECORDED_START, 1, SERVER_START],
    [RECORDED_START + 1000, 1, SERVER_START + 1000],
    [RECORDED_START + 1000, 4, SERVER_START + 250],
    [RECORDED_START + 1001, 4, SERVER_START + 250],
    [RECORDED_START + 3000, 0.5, SERVER_START + 6000],
  ])('serves a time recorded at %i at speed %d at %i', (time, speed, expected) => {
    expect(scheduledTime(time, RECORDED_START, SERVER_START, speed)).toBe(expected);
  });
});

describe('createReplayEngine', () => {
  it.each([1, 4])(
    'at speed %d, stamps each event with the wall-clock time it is due and releases it when that comes',
    (speed) => {
      const engine = createReplayEngine(file, { seed: 5, startTime: SERVER_START }, { speed });
      const first = recorded[0].time;
      // One real second of the server's clock is `speed` virtual seconds.
      const served = engine.advance(1000 * speed);
      const due = recorded.filter((event) => event.time - first <= 1000 * speed);
      expect(served.map((event) => event.channel)).toEqual(due.map((event) => event.channel));
      served.forEach((event, index) => {
        const expected = scheduledTime(timestampOf(due[index].data), first, SERVER_START, speed);
        expect(timestampOf(event.data)).toBe(expected);
        expect(event.time).toBe(scheduledTime(due[index].time, first, SERVER_START, speed));
        expect(timestampOf(event.data)).toBeLessThanOrEqual(SERVER_START + 1000);
      });
      expect(engine.snapshot().timestamp).toBe(SERVER_START + 1000);
    }
  );
});

describe('the recent orders a replay keeps for REST', () => {
  it('forgets the oldest terminal order first, and the oldest order when none is terminal', () => {
    const line = (channel: string, data: unknown) => JSON.stringify({ time: RECORDED_START, channel, data });
    const order = (n: number, status: string) =>
      line('orders', { type: 'new', order: { id: `ORD-${n}`, status }, timestamp: RECORDED_START });
    const lines = [
      line('positions', { positions: [] }),
      line('account', { timestamp: RECORDED_START }),
      line('health', { timestamp: RECORDED_START }),
      line('market', { symbols: {}, timestamp: RECORDED_START }),
      line('services', {}),
      order(1, 'new'),
      order(2, 'filled'),
      ...Array.from({ length: 200 }, (_, index) => order(index + 3, 'new')),
    ];
    const ordersFile = join(dir, 'orders.ndjson');
    writeFileSync(ordersFile, `${lines.join('\n')}\n`);
    const engine = createReplayEngine(ordersFile, { seed: 1, startTime: SERVER_START });
    engine.advance(1);
    // 202 orders into a list of 200: ORD-2 went first (filled), then ORD-1 (the oldest).
    const expected = Array.from({ length: 200 }, (_, index) => `ORD-${202 - index}`);
    expect(engine.snapshot().orders.map((kept) => kept.id)).toEqual(expected);
  });
});

describe('a recording that cannot be replayed', () => {
  const good = JSON.stringify({ time: RECORDED_START, channel: 'orders', data: {} });
  const earlier = JSON.stringify({ time: RECORDED_START - 1, channel: 'orders', data: {} });
  it.each([
    ['a line that is not JSON', [good, '', '{"time":'], 'line 3 is not JSON'],
    [
      'a line that is no recorded event',
      [good, JSON.stringify({ time: 1, channel: 'nope', data: {} })],
      'line 2 is not a recorded event',
    ],
    ['a line that goes back in time', [good, '', '', earlier], 'line 4 goes back in time'],
    ['no events at all', ['', ''], 'holds no events'],
  ])('is refused at start, naming the line: %s', (_, lines, message) => {
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    expect(() => createReplayEngine(bad, { seed: 1, startTime: SERVER_START })).toThrow(message);
  });
});
