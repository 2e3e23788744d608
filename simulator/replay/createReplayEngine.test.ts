import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEngine } from '../engine';
import { recordChunks } from '../engine/recording';
import { createReplayEngine, parseRecording, readReplay, scheduledTime } from './createReplayEngine';

const RECORDED_START = 1_736_135_100_000;
const SERVER_START = 1_800_000_000_000;
const dir = mkdtempSync(join(tmpdir(), 'mci-replay-unit-'));
const file = join(dir, 'recording.ndjson');
const text = [
  ...recordChunks(createEngine({ seed: 5, startTime: RECORDED_START, rates: { ordersPerSecond: 5 } }), 20_000),
].join('');
writeFileSync(file, text);
// As recorded: each engine below gets its own parse, which it reschedules in place.
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
      const engine = createReplayEngine(parseRecording(text, file), { seed: 5, startTime: SERVER_START }, { speed });
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

describe('parseRecording', () => {
  it('keeps the recorded times, and the engine moves every epoch-ms time field at any depth to its due time', () => {
    const line = (time: number, data: unknown) => JSON.stringify({ time, channel: 'positions', event: 'x', data });
    const nested = {
      timestamp: RECORDED_START + 2000,
      positions: [{ symbol: 'TCS', openedAt: RECORDED_START + 1000, quantity: 5 }],
      meta: { lastHeartbeat: RECORDED_START, uptime: 2000, at: RECORDED_START },
    };
    const events = parseRecording(`${line(RECORDED_START, nested)}\n`, 'nested.ndjson');
    expect(events[0].time).toBe(RECORDED_START);
    expect(events[0].data).toEqual(nested);
    const states = ['account', 'health', 'market', 'services'].map((channel) =>
      JSON.stringify({ time: RECORDED_START, channel, event: 'x', data: { timestamp: RECORDED_START, symbols: {} } })
    );
    const all = parseRecording([line(RECORDED_START, nested), ...states].join('\n'), 'nested.ndjson');
    createReplayEngine(all, { seed: 1, startTime: SERVER_START }, { speed: 2 });
    expect(all[0].time).toBe(SERVER_START);
    expect(all[0].data).toEqual({
      timestamp: SERVER_START + 1000,
      positions: [{ symbol: 'TCS', openedAt: SERVER_START + 500, quantity: 5 }],
      // `uptime` is no time key, `at` is not one either, and `lastHeartbeat` is.
      meta: { lastHeartbeat: SERVER_START, uptime: 2000, at: RECORDED_START },
    });
  });
});

describe('readReplay', () => {
  it('reads the file when called, so the schedule starts at the start the server gives the engine later', () => {
    const copy = join(dir, 'read-once.ndjson');
    copyFileSync(file, copy);
    const createEngineLater = readReplay(copy, { speed: 1 });
    rmSync(copy);
    const engine = createEngineLater({ seed: 5, startTime: SERVER_START });
    expect(engine.nextEventTime()).toBe(SERVER_START);
    const first = engine.advance(0);
    expect(first.map((event) => event.channel)).toEqual(
      recorded.filter((event) => event.time === recorded[0].time).map((event) => event.channel)
    );
    expect(first.every((event) => event.time === SERVER_START)).toBe(true);
  });

  it('refuses a second engine from one read, saying how to get another', () => {
    const createEngineOnce = readReplay(file);
    createEngineOnce({ seed: 5, startTime: SERVER_START });
    expect(() => createEngineOnce({ seed: 5, startTime: SERVER_START })).toThrow(/read the file again/);
  });

  it('names the file and the line when the file is not a recording', () => {
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, '{"time":1}\n');
    expect(() => readReplay(bad)).toThrow(`--replay: ${bad} line 1 is not a recorded event`);
  });
});

describe('a replay read from its file', () => {
  it.each([1, 4])('at speed %d, serves the same events and state as one from the parsed recording', (speed) => {
    const fromFile = readReplay(file, { speed })({ seed: 5, startTime: SERVER_START });
    const fromParse = createReplayEngine(parseRecording(text, file), { seed: 5, startTime: SERVER_START }, { speed });
    for (let step = 0; step < 40; step += 1) {
      expect(fromFile.nextEventTime()).toBe(fromParse.nextEventTime());
      expect(fromFile.advance(500)).toEqual(fromParse.advance(500));
    }
    expect(fromFile.snapshot()).toEqual(fromParse.snapshot());
  });

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
    const engine = readReplay(ordersFile)({ seed: 1, startTime: SERVER_START });
    engine.advance(1);
    // 202 orders into a list of 200: ORD-2 went first (filled), then ORD-1 (the oldest).
    const expected = Array.from({ length: 200 }, (_, index) => `ORD-${202 - index}`);
    expect(engine.snapshot().orders.map((kept) => kept.id)).toEqual(expected);
  });

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
  ])('is refused when read, naming the line: %s', (_, lines, message) => {
    const bad = join(dir, 'bad-lines.ndjson');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    expect(() => readReplay(bad)).toThrow(message);
  });
});
