/**
 * What the main thread (`SqliteWriter.ts`) and the SQLite writer thread (`sqliteWriterThread.ts`)
 * send each other. Its own module so the thread's bundle carries no main-thread code.
 */
export interface WriterThreadData {
  file: string;
  busyTimeoutMs: number;
}

/**
 * Rows travel as one flat array (epoch, channel, seq, time per row), cheaper to copy than objects,
 * and their payloads as one block of UTF-8 (`payloads`, row i ending at `ends[i]`) that is moved to
 * the thread, not copied: the thread decodes each payload, so the main thread never makes a string
 * of an event it published as bytes.
 */
export type WriterRequest =
  | { id: number; kind: 'append'; rows: Array<string | number>; payloads: ArrayBuffer; ends: Uint32Array }
  | { id: number; kind: 'close' };

/** The number of columns per row in `rows`. */
export const ROW_WIDTH = 4;

export type WriterReply = { id: number; ok: true } | { id: number; ok: false; error: string };
