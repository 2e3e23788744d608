/**
 * A benchmark case as `bench/run.ts` runs it: a name, its sizes for each mode, and a function that
 * measures (interleaving its runs with the baseline's) and returns rows. Register one in
 * `bench/cases/index.ts`; docs/load.md, "Adding a benchmark", walks through it.
 */
import type { BenchRow } from './results';

/** `smoke`: tiny, proves the case runs (npm test); `quick`: CI; `full`: for notes. */
export type Mode = 'smoke' | 'quick' | 'full';

export interface BenchContext {
  mode: Mode;
  /** Interleaved runs of each side (at least 3 outside smoke runs). */
  runs: number;
  /** A temporary directory for this run, removed afterwards. */
  tmp: string;
  /** Progress on stderr. */
  log(message: string): void;
}

export interface BenchCase<Size> {
  name: string;
  /** What runs against what, in one line (goes into the JSON next to the rows). */
  command: string;
  sizes: Record<Mode, Size>;
  run(size: Size, context: BenchContext): Promise<BenchRow[]>;
}

/** A case with its size type erased, as the registry holds it. */
export interface RegisteredCase {
  name: string;
  command: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

export function defineCase<Size>(c: BenchCase<Size>): RegisteredCase {
  return { name: c.name, command: c.command, run: (context) => c.run(c.sizes[context.mode], context) };
}
