/**
 * The server keeps each published event as bytes, encoded once for every client, so `ws` sends
 * the same Buffer to every socket without encoding it again. `src/protocol` spells the envelope
 * but stays free of Node's Buffer; this adapter only turns its texts into bytes and concatenates
 * what it produced.
 */
import { BATCH_ENVELOPE, batchPieces } from '../../src/protocol';

export const textBytes = (text: string): Buffer => Buffer.from(text, 'utf8');

const BATCH_ENVELOPE_BYTES = {
  open: textBytes(BATCH_ENVELOPE.open),
  separator: textBytes(BATCH_ENVELOPE.separator),
  close: textBytes(BATCH_ENVELOPE.close),
};

/** A `batch` frame of already-encoded data events: their bytes joined, never re-serialised. */
export function batchBytes(events: readonly Buffer[]): Buffer {
  return Buffer.concat(batchPieces(events, BATCH_ENVELOPE_BYTES));
}
