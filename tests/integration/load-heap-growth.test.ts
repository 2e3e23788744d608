/**
 * After a full collection in its steady state, the load tool collects its heap again only when it
 * has grown: with V8's own growing factor it marked its whole heap after every young collection
 * from then on, about once a second, at twice the CPU per event (docs/load.md, "The load tool's
 * full collections"). The real tool against the real simulator; tests/support/countFullGcs.js
 * forces one full collection four seconds in and counts those of the next four seconds.
 */
import { spawn } from 'child_process';
import { join } from 'path';
import { startSimulator, type RunningSimulator } from '../support/simulator';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ args: ['--orders-per-second', '50'] });
});

afterAll(async () => {
  await sim.stop();
});

function runLoadCountingFullGcs(): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      join(ROOT, 'tests', 'support', 'countFullGcs.js'),
      join(ROOT, 'bin', 'mci-sim.js'),
      'load',
      '--url',
      sim.wsUrl,
      '--clients',
      '100',
      '--duration',
      '10s',
      '--channels',
      'orders,activity,market',
      '--no-progress',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

it('does not collect its whole heap every second after a full collection in its steady state', async () => {
  const { code, stderr } = await runLoadCountingFullGcs();
  expect(code).toBe(0);
  const counted = /full collections after the forced one: (\d+)/.exec(stderr);
  expect(counted).not.toBeNull();
  // Four seconds at about one young collection a second: the failure mode counts 3–4.
  expect(Number(counted![1])).toBeLessThanOrEqual(1);
});
