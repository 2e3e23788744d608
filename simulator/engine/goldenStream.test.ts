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
    sha256: '346a2404178a7f7899c8c4fdb3c39c884580f6d8a4a6b15e08bb559e8d2d1f25',
  },
  // The realistic profile is the engine as it was before profiles existed: the same stream
  // (plus, since then, the trading state each health event carries).
  realistic: {
    events: 2534,
    sha256: '066787614f16d1af74ed46f23eca7f76caf91e0dfe1f2d3f3b96a9304e8767b0',
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
