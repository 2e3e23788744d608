import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { CHANNEL_EVENTS, parseServerMessage } from '../../src/protocol';
import { parseScenarioRun } from '../engine';
import { DEFAULT_RECORD_START, engineConfigFor, parseSymbols, runRecord, type RecordOptions } from './record';

const dir = mkdtempSync(join(tmpdir(), 'mci-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (seed: number, out: string): RecordOptions => ({
  seed,
  duration: 10 * 60_000,
  scenario: [parseScenarioRun('cpu-spike@1m/2m')],
  start: Date.parse(DEFAULT_RECORD_START),
  out: join(dir, out),
});

describe('runRecord', () => {
  it('writes byte-identical NDJSON for the same seed and script, and a different file for another seed', async () => {
    const a = await runRecord(options(7, 'a.ndjson'));
    await runRecord(options(7, 'b.ndjson'));
    await runRecord(options(8, 'c.ndjson'));
    const [textA, textB, textC] = ['a', 'b', 'c'].map((name) => readFileSync(join(dir, `${name}.ndjson`), 'utf8'));
    expect(textA.length).toBeGreaterThan(0);
    expect(textB).toBe(textA);
    expect(textC).not.toBe(textA);
    expect(a.bytes).toBe(Buffer.byteLength(textA));

    const lines = textA.trimEnd().split('\n');
    expect(lines).toHaveLength(a.events);
    let previousTime = 0;
    const alerts: string[] = [];
    for (const line of lines) {
      const record = JSON.parse(line);
      expect(Object.keys(record)).toEqual(['time', 'channel', 'event', 'data']);
      expect(record.event).toBe(CHANNEL_EVENTS[record.channel as keyof typeof CHANNEL_EVENTS]);
      expect(record.time).toBeGreaterThanOrEqual(previousTime);
      previousTime = record.time;
      expect(parseServerMessage({ event: record.event, data: record.data }).ok).toBe(true);
      if (record.channel === 'alerts') {
        alerts.push(`${record.data.type} ${record.data.alert.service}.${record.data.alert.metric}`);
      }
    }
    expect(alerts).toEqual(['raised api.cpu', 'resolved api.cpu']);
  });
});

describe('parseSymbols', () => {
  it.each([
    ['500', 500],
    ['reliance, TCS ,infy', ['RELIANCE', 'TCS', 'INFY']],
  ])('reads %j', (text, value) => {
    expect(parseSymbols(text)).toEqual(value);
  });

  it.each([
    ['0', /out of range/],
    [' , ', /list is empty/],
  ])('rejects %j', (text, why) => {
    expect(() => parseSymbols(text)).toThrow(why);
  });

  it('maps a count to symbolCount and a list to symbols', () => {
    const base = options(1, 'x');
    expect(engineConfigFor({ ...base, symbols: 500 })).toMatchObject({ symbolCount: 500 });
    expect(engineConfigFor({ ...base, symbols: ['TCS'] })).toMatchObject({ symbols: ['TCS'] });
  });
});

describe('mci-sim record', () => {
  const cli = (args: string[]) =>
    promisify(execFile)(process.execPath, [join(__dirname, '../../bin/mci-sim.js'), 'record', ...args], {
      timeout: 60_000,
    });

  it('records through the CLI and reports what it wrote', async () => {
    const out = join(dir, 'cli.ndjson');
    const { stderr } = await cli(['--seed', '3', '--duration', '90s', '--symbols', 'RELIANCE,TCS', '--out', out]);
    expect(stderr).toMatch(/^Recorded \d+ events .* over 1m30s simulated, seed 3/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const firstMarket = lines.map((line) => JSON.parse(line)).find((line) => line.channel === 'market');
    expect(Object.keys(firstMarket.data.symbols)).toEqual(['RELIANCE', 'TCS']);
  });

  it('refuses a bad duration, saying why and how', async () => {
    await expect(cli(['--duration', '10x', '--out', join(dir, 'bad.ndjson')])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Invalid duration "10x"'),
    });
  });
});
