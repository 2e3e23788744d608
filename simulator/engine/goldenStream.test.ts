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
    events: 6735,
    sha256: '8e463920ee72fb6114882e11558b85253056cd97932c6ad13e535a6a7fa020fc',
  },
  // The realistic profile is the engine as it was before profiles existed: the same stream
  // (plus, since then, the trading state each health event carries).
  realistic: {
    events: 2534,
    sha256: 'b67d452435f90c4075f8a915ba2e095d69570091183e5b2fd1d7515135a8d6f2',
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
