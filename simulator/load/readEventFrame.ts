/**
 * The load tool's fast path (docs/load.md): read only the envelope of a data frame, straight from
 * the frame's bytes as `ws` hands them over: no UTF-8 decoding, no `JSON.parse`, no schema
 * validation. JSON's structure (quotes, backslashes, brackets, digits, key names) is ASCII and no
 * byte of a multi-byte UTF-8 character is below 0x80, so the bytes can be walked as they are.
 *
 * For each data event it takes the channel (from the event name), `seq`, `snapshot`, where the
 * event sits in the frame and the server time the latency is measured from: `data.timestamp`,
 * else `data.order.updatedAt`, else `data.order.createdAt` (the same rule as `eventTimestamp`).
 * A frame laid out as the simulator writes it is read from its two ends (`readCommonLayout`);
 * any other is walked member by member, skipping every other value (strings to their closing
 * quote, objects and arrays by counting brackets). A `batch` frame yields each event it carries.
 *
 * It trusts the server to send JSON: a frame it cannot read is reported as `unreadable`, never
 * thrown, so the caller hands it to the validating client, which counts a `PARSE_ERROR`.
 *
 * Longer than our usual file on purpose: it is one scanner over one frame, and its index
 * arithmetic (where a value ends, where the next key starts) reads best in one place.
 */
import { CHANNEL_EVENTS, type Channel } from '../../src/protocol';

export interface EnvelopeEvent {
  channel: Channel;
  seq: number | undefined;
  snapshot: boolean;
  /** Epoch ms; undefined when the event carries none of the timestamps above. */
  timestamp: number | undefined;
  /** Where the event's own JSON object starts and ends (end exclusive) in the frame, in bytes. */
  start: number;
  end: number;
}

export type FrameKind =
  /** A data event or a batch of them: every event went to `onEvent`. */
  | { kind: 'data' }
  /** Any other message (`connection:ack`, `heartbeat`, `subscribed`, …), for the client. */
  | { kind: 'control'; event: string }
  /** Not a JSON object with an `event` string, as far as the envelope shows. */
  | { kind: 'unreadable' };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const DOT = 0x2e;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const UNREADABLE: FrameKind = { kind: 'unreadable' };
const DATA: FrameKind = { kind: 'data' };

const bytesOf = (text: string) => Buffer.from(text, 'utf8');

/** The data event names, as bytes, with their channels. */
const EVENT_NAMES = (Object.entries(CHANNEL_EVENTS) as Array<[Channel, string]>).map(([channel, event]) => ({
  name: bytesOf(event),
  channel,
}));
const BATCH = bytesOf('batch');

/** `b[at…]` starts with `expected`. */
function bytesAt(b: Uint8Array, at: number, expected: Uint8Array): boolean {
  if (at < 0 || at + expected.length > b.length) {
    return false;
  }
  for (let i = 0; i < expected.length; i += 1) {
    if (b[at + i] !== expected[i]) {
      return false;
    }
  }
  return true;
}

/** The channel whose data event is named by the bytes `start…end`, or undefined. */
function channelNamed(b: Uint8Array, start: number, end: number): Channel | undefined {
  for (let i = 0; i < EVENT_NAMES.length; i += 1) {
    const { name, channel } = EVENT_NAMES[i];
    if (name.length === end - start && bytesAt(b, start, name)) {
      return channel;
    }
  }
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A finite number from `i` to `end`, or undefined. Whole numbers are added up digit by digit
 * (no string); anything else (fractions, signs, exponents) goes through `Number`.
 */
function numberAt(b: Buffer, i: number, end: number): number | undefined {
  let value = 0;
  let j = i;
  for (; j < end; j += 1) {
    const c = b[j];
    if (c < 0x30 || c > 0x39) {
      break;
    }
    value = value * 10 + (c - 0x30);
  }
  if (j === end && j > i) {
    return value;
  }
  const c = b[i];
  if (c !== 0x2d && !isDigit(c)) {
    return undefined;
  }
  const parsed = Number(b.toString('latin1', i, end));
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * The one event object the common layout fills, frame after frame: `onEvent` reads it at once
 * and must not keep it (the session copies what it needs). A batch's events are objects of their own.
 */
const common: EnvelopeEvent = {
  channel: 'orders',
  seq: undefined,
  snapshot: false,
  timestamp: undefined,
  start: 0,
  end: 0,
};

/**
 * Read one text frame. `isWanted(channel)` says which channels' data events the caller reads;
 * the others are left to the client like control messages. `batch` is always read as a batch.
 */
export function readEventFrame(
  bytes: Buffer,
  isWanted: (channel: Channel) => boolean,
  onEvent: (event: EnvelopeEvent) => void
): FrameKind {
  if (readCommonLayout(bytes, common) && isWanted(common.channel)) {
    onEvent(common);
    return DATA;
  }
  const reader = new Reader(bytes);
  const start = reader.skipSpace(0);
  const envelope = reader.envelope(start);
  if (envelope === undefined || reader.skipSpace(envelope.end) !== bytes.length) {
    return UNREADABLE;
  }
  if (envelope.isBatch) {
    if (envelope.batchAt < 0) {
      return UNREADABLE;
    }
    const events: Envelope[] = envelope.batch ?? [];
    const end = envelope.batch === undefined ? reader.batchEvents(envelope.batchAt, events) : 0;
    if (end < 0 || events.some((event) => event.channel === undefined || !isWanted(event.channel))) {
      return UNREADABLE;
    }
    events.forEach((event) => onEvent(event as EnvelopeEvent));
    return DATA;
  }
  if (envelope.channel === undefined || !isWanted(envelope.channel)) {
    return { kind: 'control', event: bytes.toString('utf8', envelope.nameStart, envelope.nameEnd) };
  }
  onEvent(envelope as EnvelopeEvent);
  return DATA;
}

const PREFIX = bytesOf('{"event":"');
const DATA_KEY = bytesOf('","data":{');
const SEQ_KEY = bytesOf(',"seq":');
const SNAPSHOT_TAIL = bytesOf(',"snapshot":true}');
const TIMESTAMP_KEY = bytesOf('"timestamp":');

/**
 * The envelope exactly as the simulator writes it, read from its two ends without walking `data`:
 * `{"event":"NAME","data":{…,"timestamp":T},"seq":N}`, optionally ending `,"snapshot":true}`,
 * where NAME is a data event. The envelope has no other members, so the object closing just
 * before `,"seq"` is `data` and a number right before its `}` is its own `timestamp`. Fills `into`
 * and says whether the frame has this layout; anything else (other key order, spaces, a batch,
 * data not ending in its timestamp, a control message) is left to the general reader.
 */
function readCommonLayout(b: Buffer, into: EnvelopeEvent): boolean {
  if (!bytesAt(b, 0, PREFIX)) {
    return false;
  }
  // A loop, not Buffer#indexOf: the name is short and a call into C++ costs more than the scan.
  let nameEnd = PREFIX.length;
  while (nameEnd < b.length && b[nameEnd] !== QUOTE) {
    nameEnd += 1;
  }
  if (!bytesAt(b, nameEnd, DATA_KEY)) {
    return false;
  }
  // A name with an escape in it matches no event name, so it never gets here.
  const channel = channelNamed(b, PREFIX.length, nameEnd);
  if (channel === undefined) {
    return false;
  }
  const snapshot = bytesAt(b, b.length - SNAPSHOT_TAIL.length, SNAPSHOT_TAIL);
  const end = b.length - (snapshot ? SNAPSHOT_TAIL.length : 1);
  if (!snapshot && b[end] !== CLOSE_OBJECT) {
    return false;
  }
  // Backwards over seq's digits, then `,"seq":` and the `}` closing data.
  let i = end;
  while (i > 0 && isDigit(b[i - 1])) {
    i -= 1;
  }
  if (i === end || !bytesAt(b, i - SEQ_KEY.length, SEQ_KEY)) {
    return false;
  }
  const dataClose = i - SEQ_KEY.length - 1;
  if (b[dataClose] !== CLOSE_OBJECT) {
    return false;
  }
  let j = dataClose;
  while (j > 0 && (isDigit(b[j - 1]) || b[j - 1] === DOT)) {
    j -= 1;
  }
  if (j === dataClose || !bytesAt(b, j - TIMESTAMP_KEY.length, TIMESTAMP_KEY)) {
    return false;
  }
  const before = b[j - TIMESTAMP_KEY.length - 1];
  if (before !== COMMA && before !== OPEN_OBJECT) {
    return false;
  }
  into.channel = channel;
  into.seq = numberAt(b, i, end);
  into.snapshot = snapshot;
  into.timestamp = numberAt(b, j, dataClose);
  into.start = 0;
  into.end = b.length;
  return true;
}

interface Envelope extends Omit<EnvelopeEvent, 'channel'> {
  /** The data event's channel; undefined for any other event name (or none). */
  channel: Channel | undefined;
  /** Where the event name's text starts and ends (-1 when there is none). */
  nameStart: number;
  nameEnd: number;
  isBatch: boolean;
  /** Where `data.events` (an array) starts, or -1. */
  batchAt: number;
  /** The events of `data.events`, read in the same pass when `event` came first (as servers write it). */
  batch?: Envelope[];
}

const KEY = {
  data: bytesOf('data'),
  event: bytesOf('event'),
  seq: bytesOf('seq'),
  snapshot: bytesOf('snapshot'),
  order: bytesOf('order'),
  events: bytesOf('events'),
  timestamp: bytesOf('timestamp'),
  updatedAt: bytesOf('updatedAt'),
  createdAt: bytesOf('createdAt'),
  true: bytesOf('true'),
};

/**
 * Methods take an index into the frame and return the index after what they read, -1 when the
 * bytes are not what they expect. Objects are walked with explicit loops (no callbacks, no key
 * copies).
 */
class Reader {
  constructor(private readonly b: Buffer) {}

  skipSpace(i: number): number {
    let c = this.b[i];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      c = this.b[++i];
    }
    return i;
  }

  /** Index after the closing quote of the string opening at `i` (a loop: most strings are short keys). */
  skipString(i: number): number {
    const b = this.b;
    for (let j = i + 1; j < b.length; j += 1) {
      const c = b[j];
      if (c === QUOTE) {
        return j + 1;
      }
      if (c === BACKSLASH) {
        j += 1;
      }
    }
    return -1;
  }

  /** Index after any JSON value starting at `i` (no checks beyond brackets and quotes). */
  skipValue(i: number): number {
    const b = this.b;
    const c = b[i];
    if (c === QUOTE) {
      return this.skipString(i);
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      let depth = 0;
      for (let j = i; j < b.length; j += 1) {
        const d = b[j];
        if (d === QUOTE) {
          j = this.skipString(j) - 1;
          if (j < 0) {
            return -1;
          }
        } else if (d === OPEN_OBJECT || d === OPEN_ARRAY) {
          depth += 1;
        } else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) {
          return j + 1;
        }
      }
      return -1;
    }
    // A number, true, false or null: up to the next delimiter.
    let j = i;
    for (; j < b.length; j += 1) {
      const d = b[j];
      if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || d <= 0x20) {
        break;
      }
    }
    return j === i ? -1 : j;
  }

  /** The key opening at `i` (a quote) and ending at `keyEnd` is `name`. */
  private keyIs(i: number, keyEnd: number, name: Uint8Array): boolean {
    return keyEnd - i - 2 === name.length && bytesAt(this.b, i + 1, name);
  }

  /** After a key ending at `keyEnd`: the index of its value (past the colon), or -1. */
  private valueAt(keyEnd: number): number {
    const j = this.skipSpace(keyEnd);
    return this.b[j] === COLON ? this.skipSpace(j + 1) : -1;
  }

  /**
   * After a member's value ending at `end`: the index of the next key, `-2` when the object
   * closed there (its end is then `closedAt`), or -1.
   */
  private closedAt = -1;
  private nextKey(end: number): number {
    const j = this.skipSpace(end);
    const c = this.b[j];
    if (c === CLOSE_OBJECT) {
      this.closedAt = j + 1;
      return -2;
    }
    return c === COMMA ? this.firstKey(j) : -1;
  }

  /** After `{` or `,` at `i`: the index of the key's quote, -2 for `}` right after `{`, or -1. */
  private firstKey(i: number): number {
    const j = this.skipSpace(i + 1);
    const c = this.b[j];
    if (c === QUOTE) {
      return j;
    }
    if (c === CLOSE_OBJECT && this.b[i] === OPEN_OBJECT) {
      this.closedAt = j + 1;
      return -2;
    }
    return -1;
  }

  envelope(start: number): Envelope | undefined {
    const b = this.b;
    if (b[start] !== OPEN_OBJECT) {
      return undefined;
    }
    const found: Envelope = {
      channel: undefined,
      seq: undefined,
      snapshot: false,
      timestamp: undefined,
      start,
      end: -1,
      nameStart: -1,
      nameEnd: -1,
      isBatch: false,
      batchAt: -1,
    };
    for (let key = this.firstKey(start); key !== -2; ) {
      const keyEnd = key < 0 ? -1 : this.skipString(key);
      const at = keyEnd < 0 ? -1 : this.valueAt(keyEnd);
      if (at < 0) {
        return undefined;
      }
      let end: number;
      if (this.keyIs(key, keyEnd, KEY.data) && b[at] === OPEN_OBJECT) {
        end = this.data(at, found);
      } else {
        end = this.skipValue(at);
        if (end < 0) {
          return undefined;
        }
        if (this.keyIs(key, keyEnd, KEY.event) && b[at] === QUOTE) {
          found.nameStart = at + 1;
          found.nameEnd = end - 1;
          found.isBatch = end - at - 2 === BATCH.length && bytesAt(b, at + 1, BATCH);
          found.channel = channelNamed(b, at + 1, end - 1);
        } else if (this.keyIs(key, keyEnd, KEY.seq)) {
          found.seq = numberAt(b, at, end);
        } else if (this.keyIs(key, keyEnd, KEY.snapshot)) {
          found.snapshot = end - at === 4 && bytesAt(b, at, KEY.true);
        }
      }
      key = end < 0 ? -1 : this.nextKey(end);
      if (key === -1) {
        return undefined;
      }
    }
    found.end = this.closedAt;
    return found.nameStart >= 0 ? found : undefined;
  }

  /** `data`: its `timestamp`, its order's times, and a batch's `events`. The index after it, or -1. */
  private data(at: number, found: Envelope): number {
    const b = this.b;
    let orderAt = -1;
    for (let key = this.firstKey(at); key !== -2; ) {
      const keyEnd = key < 0 ? -1 : this.skipString(key);
      const valueAt = keyEnd < 0 ? -1 : this.valueAt(keyEnd);
      if (valueAt < 0) {
        return -1;
      }
      const c = b[valueAt];
      let end: number;
      if (c === OPEN_OBJECT && this.keyIs(key, keyEnd, KEY.order)) {
        // Read only when data has no timestamp of its own (the simulator always sends one).
        orderAt = valueAt;
        end = this.skipValue(valueAt);
      } else if (c === OPEN_ARRAY && found.isBatch && this.keyIs(key, keyEnd, KEY.events)) {
        found.batchAt = valueAt;
        found.batch = [];
        end = this.batchEvents(valueAt, found.batch);
      } else {
        end = this.skipValue(valueAt);
        if (end > 0 && this.keyIs(key, keyEnd, KEY.timestamp)) {
          found.timestamp = numberAt(b, valueAt, end);
        } else if (end > 0 && c === OPEN_ARRAY && this.keyIs(key, keyEnd, KEY.events)) {
          found.batchAt = valueAt;
        }
      }
      key = end < 0 ? -1 : this.nextKey(end);
      if (key === -1) {
        return -1;
      }
    }
    const end = this.closedAt;
    if (found.timestamp === undefined && orderAt >= 0) {
      const order: { updatedAt?: number; createdAt?: number } = {};
      this.order(orderAt, order);
      found.timestamp = order.updatedAt ?? order.createdAt;
    }
    return end;
  }

  /** An order's `updatedAt` and `createdAt`; the index after it, or -1. */
  private order(at: number, into: { updatedAt?: number; createdAt?: number }): number {
    for (let key = this.firstKey(at); key !== -2; ) {
      const keyEnd = key < 0 ? -1 : this.skipString(key);
      const valueAt = keyEnd < 0 ? -1 : this.valueAt(keyEnd);
      const end = valueAt < 0 ? -1 : this.skipValue(valueAt);
      if (end < 0) {
        return -1;
      }
      if (this.keyIs(key, keyEnd, KEY.updatedAt)) {
        into.updatedAt = numberAt(this.b, valueAt, end);
      } else if (this.keyIs(key, keyEnd, KEY.createdAt)) {
        into.createdAt = numberAt(this.b, valueAt, end);
      }
      key = this.nextKey(end);
      if (key === -1) {
        return -1;
      }
    }
    return this.closedAt;
  }

  /** The events of a batch's array at `at`, appended to `events`; the index after the array. */
  batchEvents(at: number, events: Envelope[]): number {
    let j = this.skipSpace(at + 1);
    if (this.b[j] === CLOSE_ARRAY) {
      return j + 1;
    }
    for (;;) {
      const envelope = this.envelope(j);
      if (envelope === undefined) {
        return -1;
      }
      events.push(envelope);
      j = this.skipSpace(envelope.end);
      const c = this.b[j];
      if (c === CLOSE_ARRAY) {
        return j + 1;
      }
      if (c !== COMMA) {
        return -1;
      }
      j = this.skipSpace(j + 1);
    }
  }
}
