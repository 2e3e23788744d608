/**
 * The server keeps each published event as bytes, encoded once for every client, so `ws` sends
 * the same Buffer to every socket without encoding it again. `src/protocol` spells the envelope
 * but stays free of Node's Buffer; this adapter only turns its texts into bytes (and WebSocket
 * frames) and concatenates what it produced.
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

/** Bytes before the payload in an unmasked server frame of `length` payload bytes. */
function frameHeaderLength(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * The header of one unmasked, final WebSocket text frame (RFC 6455 §5.2: what a server sends):
 * the opcode byte, the length in 7 bits, or 126 and 16 bits, or 127 and 64 bits.
 */
function writeFrameHeader(frame: Buffer, length: number): void {
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
}

/** `payload` as one WebSocket text frame (a copy: the header goes in front of the bytes). */
export function textFrame(payload: Buffer): Buffer {
  const headerLength = frameHeaderLength(payload.length);
  const frame = Buffer.allocUnsafe(headerLength + payload.length);
  writeFrameHeader(frame, payload.length);
  payload.copy(frame, headerLength);
  return frame;
}

/** A copy of `payload` as one WebSocket text frame, with `bytes` a view of the copy's payload. */
export function framedBytes(payload: Uint8Array): { frame: Buffer; bytes: Buffer } {
  const headerLength = frameHeaderLength(payload.length);
  const frame = Buffer.allocUnsafe(headerLength + payload.length);
  writeFrameHeader(frame, payload.length);
  frame.set(payload, headerLength);
  return { frame, bytes: frame.subarray(headerLength) };
}

/**
 * `text` encoded straight into a WebSocket text frame: one allocation and no copy, and `bytes`
 * (the message alone) is a view of the frame's payload. The hub encodes every published event so,
 * and keeps only the frame's memory however many clients, histories and sinks hold the event.
 */
export function framedText(text: string): { frame: Buffer; bytes: Buffer } {
  const length = Buffer.byteLength(text, 'utf8');
  const headerLength = frameHeaderLength(length);
  const frame = Buffer.allocUnsafe(headerLength + length);
  writeFrameHeader(frame, length);
  frame.write(text, headerLength, 'utf8');
  return { frame, bytes: frame.subarray(headerLength) };
}
