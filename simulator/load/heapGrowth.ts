/**
 * How far the load tool's heap may grow before its next full garbage collection, set once per
 * process before its clients start (docs/load.md, "The load tool's full collections").
 *
 * The tool keeps a small heap (about 16 MB: its code and its clients' state) and allocates fast in
 * the young generation (about 16 MB/s at 21,000 events/s) while its old generation barely grows.
 * After any full collection in that state, V8 sets the next one's limit at its smallest step above
 * the live heap (growing factor 1.1: collecting is cheap next to how little the old generation
 * grows), which leaves less room than the young generation holds; V8 then starts marking after
 * every young collection. The tool marked its whole heap every second for the rest of its run, at
 * twice the CPU per event. Whether a run got there depended on when its start-up collection fell
 * (a later one gave a higher limit) or on any later full collection. A fixed factor of 4, V8's own
 * before it has measured anything, leaves the room above the young generation, so a full
 * collection comes when the heap has grown, not each second.
 */
import { setFlagsFromString } from 'v8';

/** The old generation may grow to 4× what survived the last full collection. */
const HEAP_GROWING_PERCENT = 300;

export function useSteadyHeapGrowth(): void {
  // V8 reads this flag each time it sets a limit, so setting it at run time takes effect from the next collection.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
