/**
 * The event stream of one fixed seed and scenario script, pinned by its hash for each profile, so
 * a change that alters what the engine emits cannot pass unnoticed (a refactoring must keep it;
 * the determinism test only checks that two runs agree with each other). Ten virtual minutes with
 * a flash crash, rejections, a stall and a CPU spike cover prices, strategy events, orders of
 * every outcome, fills, positions, alerts and activity; each run takes well under a second.
 *
 * When a change of behaviour is intended, regenerate: run
 * `npx jest simulator/engine/goldenStream.test.ts`, check that the new stream is what you meant
 * (e.g. `mci-sim record --seed 42 --duration 10m --scenario flash-crash@1m ...` before and after),
 * and paste the received hash and count below. (V8 computes Math.exp, Math.log and friends with
 * the same fdlibm code on every platform, so the hash does not depend on the machine.)
 */
import { createHash } from 'crypto';
import { createEngine } from './createEngine';
import { formatRecordLine } from './recording';
import { parseScenarioScript } from './scenarioSpec';
import { TEST_START } from './testing/runSeconds';
import type { EngineProfile } from './types';

const GOLDEN: Record<EngineProfile, { events: number; sha256: string }> = {
  lively: {
    events: 8274,
    sha256: 'd24c14d710d057bcf9d06536ecb307ba9edaa59d8881f44c7b7f562c296b5897',
  },
  realistic: {
    events: 2879,
    sha256: '84be497c119422e51552ecf8ab1ad97a6cd1446005f5b2f4df216d6e11ed0936',
  },
};

describe('the golden event stream', () => {
  it.each(['lively', 'realistic'] as const)(
    'is unchanged for seed 42 over 10 virtual minutes of a fixed scenario script (%s profile)',
    (profile) => {
      const engine = createEngine({
        seed: 42,
        startTime: TEST_START,
        profile,
        scenarios: parseScenarioScript([
          'flash-crash@1m',
          'order-rejections@3m',
          'engine-stall@6m/1m',
          'cpu-spike@8m/1m',
        ]),
      });
      const hash = createHash('sha256');
      let events = 0;
      for (let second = 0; second < 600; second++) {
        for (const event of engine.advance(1000)) {
          hash.update(formatRecordLine(event));
          hash.update('\n');
          events += 1;
        }
      }
      expect({ events, sha256: hash.digest('hex') }).toEqual(GOLDEN[profile]);
    }
  );
});
