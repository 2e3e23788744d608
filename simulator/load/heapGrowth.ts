/**
 * How far the load tool's heap may grow before its next full garbage collection, set once per
 * process before its clients start (docs/load.md, "The load tool's full collections").
 *
 * The tool keeps a small heap (about 16 MB: its code and its clients' state) and allocates fast in
 * the young generation (about 16 MB/s at 21,000 events/s) while its old generation barely grows.
 * After a full collection in that state, V8 set the next one's limit at its smallest step above
 * the live heap (growing factor 1.1: collecting was cheap next to how little the old generation
 * grew), about 24 MB of room, less than V8 wants before it starts marking (between 43 and 51 MB by
 * the measurements), so it started marking after every young collection. The tool marked its whole
 * heap every second for the rest of its run, at twice the CPU per event. A run got there when its
 * start-up collection came early (a lower first limit) or after any later full collection. A fixed
 * factor of 4, V8's own before it has measured anything, left 67 MB of room for a 17 MB heap
 * (a limit of 84 MB), so a full collection comes when the heap has grown, not each second.
 */
import { setFlagsFromString } from 'v8';

/** The old generation may grow to 4× what survived the last full collection. */
const HEAP_GROWING_PERCENT = 300;

export function useSteadyHeapGrowth(): void {
  // V8 reads the flag each time it sets a limit: set at run time, it holds from the next collection on.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
