/**
 * The live pub/sub message of the Redis bus (docs/scaling.md): every event of one publish call (an
 * engine step) in one message, in publish order, so a gateway handles one Redis message per step
 * instead of one per event. Each event carries the wire bytes the publish script assembled, so a
 * gateway hands them to its clients as they are; only the small headers are read here.
 *
 *   <epoch> \n
 *   then per event:  <channel> SP <seq> SP <time> SP <byte length> \n <wire bytes>
 *
 * The length prefix lets the reader take each event's bytes without scanning them. The bytes are
 * copied out of the message, so a kept event never pins the whole (much larger) Redis read.
 */
import { isChannel, type Channel } from '../../src/protocol';
import type { BusEntry } from './redisModel';

const NEWLINE = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;
/** A header is a channel name and three numbers: far shorter than this. */
const MAX_HEADER_BYTES = 96;

export interface LiveBatch {
  /** The events read, in publish order (all of them when `malformed` is undefined). */
  entries: BusEntry[];
  /** Why reading stopped early: the events after the last one read are skipped. */
  malformed?: string;
}

/** The message's events; a malformed part ends the reading there, with the reason. */
export function parseLiveBatch(message: Buffer): LiveBatch {
  const entries: BusEntry[] = [];
  const epochEnd = message.indexOf(NEWLINE);
  if (epochEnd <= 0) {
    return { entries, malformed: 'no epoch line' };
  }
  const epoch = message.toString('utf8', 0, epochEnd);
  let at = epochEnd + 1;
  while (at < message.length) {
    const headerEnd = message.indexOf(NEWLINE, at);
    if (headerEnd < 0 || headerEnd - at > MAX_HEADER_BYTES) {
      return { entries, malformed: `no event header at byte ${at}` };
    }
    const header = readHeader(message, at, headerEnd);
    if (header === undefined) {
      return { entries, malformed: `unreadable event header at byte ${at}` };
    }
    const start = headerEnd + 1;
    const end = start + header.length;
    if (end > message.length) {
      return { entries, malformed: `event at byte ${at} is cut short` };
    }
    const bytes = Buffer.allocUnsafe(header.length);
    message.copy(bytes, 0, start, end);
    entries.push({ channel: header.channel, epoch, seq: header.seq, time: header.time, bytes });
    at = end;
  }
  return { entries };
}

interface Header {
  channel: Channel;
  seq: number;
  time: number;
  length: number;
}

function readHeader(message: Buffer, from: number, to: number): Header | undefined {
  const first = message.indexOf(SPACE, from);
  const second = first < 0 || first >= to ? -1 : message.indexOf(SPACE, first + 1);
  const third = second < 0 || second >= to ? -1 : message.indexOf(SPACE, second + 1);
  if (third < 0 || third >= to) {
    return undefined;
  }
  const channel = message.toString('latin1', from, first);
  const seq = readWholeNumber(message, first + 1, second);
  const time = readTime(message, second + 1, third);
  const length = readWholeNumber(message, third + 1, to);
  if (!isChannel(channel) || seq === undefined || time === undefined || length === undefined) {
    return undefined;
  }
  return { channel, seq, time, length };
}

/** Decimal digits only (no sign, no point), as a safe integer; undefined otherwise. */
export function readWholeNumber(bytes: Buffer, from: number, to: number): number | undefined {
  if (to <= from || to - from > 15) {
    return undefined;
  }
  let value = 0;
  for (let index = from; index < to; index += 1) {
    const byte = bytes[index];
    if (byte < ZERO || byte > NINE) {
      return undefined;
    }
    value = value * 10 + (byte - ZERO);
  }
  return value;
}

/** Engine time in ms: usually whole, but any finite number the publisher wrote is taken. */
function readTime(bytes: Buffer, from: number, to: number): number | undefined {
  const whole = readWholeNumber(bytes, from, to);
  if (whole !== undefined) {
    return whole;
  }
  const time = to > from ? Number(bytes.toString('latin1', from, to)) : NaN;
  return Number.isFinite(time) ? time : undefined;
}

/**
 * The same message built in TypeScript (what the publish script builds in Lua), for tests and for
 * readers that want to check the format against the script.
 */
export function formatLiveBatch(epoch: string, entries: ReadonlyArray<Omit<BusEntry, 'epoch'>>): Buffer {
  const parts: Buffer[] = [Buffer.from(`${epoch}\n`, 'utf8')];
  for (const entry of entries) {
    parts.push(
      Buffer.from(`${entry.channel} ${entry.seq} ${entry.time} ${entry.bytes.length}\n`, 'latin1'),
      entry.bytes
    );
  }
  return Buffer.concat(parts);
}
