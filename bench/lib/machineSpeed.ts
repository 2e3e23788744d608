/**
 * How fast one thread computes right now, measured by a fixed piece of work: an order event's
 * JSON serialised and parsed again, as often as fits in a short window on the bench's own thread.
 * The bench takes it before every case, so a run whose cores were shared with other work (another
 * build, a test run) says so.
 *
 * Why: interleaved runs cancel a slow drift out of a ratio, but not out of a goal set in absolute
 * units (busy %, milliseconds, µs), and not out of a ratio whose two sides load the machine
 * differently once it is slower (one side reaching a ceiling first).
 *
 * What it does not see: the work fits in the processor's caches, so a host that slows memory or
 * the kernel's network path (this machine has run its servers two times slower for an hour while
 * this probe read its usual speed) passes unseen. A steady reading is no proof of a quiet machine.
 */
import { performance } from 'perf_hooks';

/**
 * An order event much like the simulator's (290 bytes of JSON; its recorded order updates are about
 * 430): a fixed piece of work, not a copy of the protocol, so it never changes with it.
 */
const SAMPLE = {
  event: 'orders',
  data: {
    order: {
      id: 'ord-000123',
      strategyId: 'momentum-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      quantity: 100,
      filledQuantity: 40,
      price: 187.25,
      status: 'partially_filled',
      createdAt: 1764979200000,
      updatedAt: 1764979200123,
    },
    timestamp: 1764979200123,
  },
  seq: 42,
};

/** Round trips between reading the clock (the clock costs more than one round trip's share). */
const BETWEEN_READS = 64;

/** Round trips per millisecond over `windowMs`, after `warmupMs` of the same work (JIT, caches). */
export function machineSpeed(windowMs: number, warmupMs = Math.min(50, windowMs)): number {
  roundTrips(warmupMs);
  const { count, ms } = roundTrips(windowMs);
  return Math.round(count / ms);
}

function roundTrips(windowMs: number): { count: number; ms: number } {
  const start = performance.now();
  let count = 0;
  let sink = 0;
  let now = start;
  while (now - start < windowMs) {
    for (let i = 0; i < BETWEEN_READS; i += 1) {
      sink += (JSON.parse(JSON.stringify(SAMPLE)) as typeof SAMPLE).seq;
    }
    count += BETWEEN_READS;
    now = performance.now();
  }
  // Used, so the work cannot be optimised away.
  if (sink !== count * SAMPLE.seq) {
    throw new Error('machineSpeed: a round trip changed the sample');
  }
  return { count, ms: now - start };
}

/** Speeds by case, and whether the slowest and fastest differ enough to say so. */
export interface SpeedSpread {
  slowest: number;
  fastest: number;
  /** Fastest over slowest (1 when speeds are equal or there are none). */
  factor: number;
  /** The machine ran at clearly different speeds during the run (factor above `CHANGED_FACTOR`). */
  changed: boolean;
}

/** Below this, two probes differ by what a quiet machine's own probes do from case to case. */
export const CHANGED_FACTOR = 1.5;

export function speedSpread(byCase: Record<string, number>): SpeedSpread {
  const speeds = Object.values(byCase).filter((speed) => speed > 0);
  if (speeds.length === 0) {
    return { slowest: 0, fastest: 0, factor: 1, changed: false };
  }
  const slowest = Math.min(...speeds);
  const fastest = Math.max(...speeds);
  const factor = Math.round((fastest / slowest) * 100) / 100;
  return { slowest, fastest, factor, changed: factor > CHANGED_FACTOR };
}

/** The lines printed under the table. */
export function formatSpeeds(byCase: Record<string, number>): string {
  const entries = Object.entries(byCase);
  if (entries.length === 0) {
    return '';
  }
  const spread = speedSpread(byCase);
  const list = entries.map(([name, speed]) => `${name} ${speed}`).join(', ');
  const verdict = spread.changed
    ? `the machine ran ${spread.factor}× faster at its fastest than at its slowest: rows measured ` +
      'at different speeds compare with care, above all goals in absolute units (busy %, ms, µs); ' +
      'run again on a quieter machine to compare with other runs'
    : `within ${spread.factor}× from case to case (a slower memory or network path does not show here)`;
  return `machine speed before each case (JSON round trips of an order event per ms, one thread): ${list}; ${verdict}`;
}
