/**
 * The load tool's fast path (docs/load.md): read only the envelope of a data frame, without
 * `JSON.parse` or the protocol's schema validation. For each data event it takes the event name,
 * `seq`, `snapshot`, its own text and the server time the latency is measured from:
 * `data.timestamp`, else `data.order.updatedAt`, else `data.order.createdAt` (the same rule as
 * `eventTimestamp`). A frame laid out as the simulator writes it is read from its two ends
 * (`readCommonLayout`); any other is walked member by member, skipping every other value (strings
 * to their closing quote, objects and arrays by counting brackets). A `batch` frame yields each
 * event it carries.
 *
 * It trusts the server to send JSON: a frame it cannot read is reported as `unreadable`, never
 * thrown, so the caller hands it to the validating client, which counts a `PARSE_ERROR`.
 *
 * Longer than our usual file on purpose: it is one scanner over one string, and its index
 * arithmetic (where a value ends, where the next key starts) reads best in one place.
 */

export interface EnvelopeEvent {
  event: string;
  seq: number | undefined;
  snapshot: boolean;
  /** Epoch ms; undefined when the event carries none of the timestamps above. */
  timestamp: number | undefined;
  /** Where the event's own JSON object starts and ends (end exclusive) in the frame. */
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
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const UNREADABLE: FrameKind = { kind: 'unreadable' };
const DATA: FrameKind = { kind: 'data' };

/**
 * Read one text frame. `isDataEvent(name)` says which event names are data events (the channel
 * events); `batch` is always read as a batch.
 */
export function readEventFrame(
  text: string,
  isDataEvent: (event: string) => boolean,
  onEvent: (event: EnvelopeEvent) => void
): FrameKind {
  const common = readCommonLayout(text);
  if (common !== undefined && isDataEvent(common.event)) {
    onEvent(common);
    return DATA;
  }
  const reader = new Reader(text);
  const start = reader.skipSpace(0);
  const envelope = reader.envelope(start);
  if (envelope === undefined || reader.skipSpace(envelope.end) !== text.length) {
    return UNREADABLE;
  }
  if (envelope.event === 'batch') {
    if (envelope.batchAt < 0) {
      return UNREADABLE;
    }
    const events: EnvelopeEvent[] = envelope.batch ?? [];
    const end = envelope.batch === undefined ? reader.batchEvents(envelope.batchAt, events) : 0;
    if (end < 0 || events.some((event) => !isDataEvent(event.event))) {
      return UNREADABLE;
    }
    events.forEach(onEvent);
    return DATA;
  }
  if (!isDataEvent(envelope.event)) {
    return { kind: 'control', event: envelope.event };
  }
  onEvent(envelope);
  return DATA;
}

const PREFIX = '{"event":"';
const DATA_KEY = '","data":{';
const SEQ_KEY = ',"seq":';
const SNAPSHOT_TAIL = ',"snapshot":true}';
const TIMESTAMP_KEY = '"timestamp":';

/**
 * The envelope exactly as the simulator writes it, read from its two ends without walking `data`:
 * `{"event":"NAME","data":{…,"timestamp":T},"seq":N}`, optionally ending `,"snapshot":true}`.
 * The envelope has no other members, so the object closing just before `,"seq"` is `data` and a
 * number right before its `}` is its own `timestamp`. Anything else (other key order, spaces,
 * a batch, data not ending in its timestamp) is undefined, for the general reader.
 */
function readCommonLayout(s: string): EnvelopeEvent | undefined {
  if (!s.startsWith(PREFIX)) {
    return undefined;
  }
  const nameEnd = s.indexOf('"', PREFIX.length);
  if (nameEnd < 0 || !s.startsWith(DATA_KEY, nameEnd) || s.charCodeAt(nameEnd - 1) === BACKSLASH) {
    return undefined;
  }
  let end = s.length;
  const snapshot = s.endsWith(SNAPSHOT_TAIL);
  end -= snapshot ? SNAPSHOT_TAIL.length : 1;
  if (!snapshot && s.charCodeAt(end) !== CLOSE_OBJECT) {
    return undefined;
  }
  // Backwards over seq's digits, then `,"seq":` and the `}` closing data.
  let i = end;
  while (i > 0 && isDigit(s.charCodeAt(i - 1))) {
    i -= 1;
  }
  if (i === end || !s.startsWith(SEQ_KEY, i - SEQ_KEY.length)) {
    return undefined;
  }
  const seq = Number(s.slice(i, end));
  const dataClose = i - SEQ_KEY.length - 1;
  if (s.charCodeAt(dataClose) !== CLOSE_OBJECT) {
    return undefined;
  }
  let j = dataClose;
  while (j > 0 && (isDigit(s.charCodeAt(j - 1)) || s.charCodeAt(j - 1) === 0x2e)) {
    j -= 1;
  }
  if (j === dataClose || !s.startsWith(TIMESTAMP_KEY, j - TIMESTAMP_KEY.length)) {
    return undefined;
  }
  const before = s.charCodeAt(j - TIMESTAMP_KEY.length - 1);
  if (before !== COMMA && before !== OPEN_OBJECT) {
    return undefined;
  }
  const timestamp = Number(s.slice(j, dataClose));
  return {
    event: s.slice(PREFIX.length, nameEnd),
    seq,
    snapshot,
    timestamp: Number.isFinite(timestamp) ? timestamp : undefined,
    start: 0,
    end: s.length,
  };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

interface Envelope extends EnvelopeEvent {
  /** Where `data.events` (an array) starts, or -1. */
  batchAt: number;
  /** The events of `data.events`, read in the same pass when `event` came first (as servers write it). */
  batch?: EnvelopeEvent[];
}

/**
 * Methods take an index into the frame and return the index after what they read, -1 when the
 * text is not what they expect. Objects are walked with explicit loops (no callbacks, no key
 * copies): this runs for every event of a load run.
 */
class Reader {
  constructor(private readonly s: string) {}

  skipSpace(i: number): number {
    let c = this.s.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      c = this.s.charCodeAt(++i);
    }
    return i;
  }

  /** Index after the closing quote of the string opening at `i` (a loop: most strings are short keys). */
  skipString(i: number): number {
    const s = this.s;
    for (let j = i + 1; j < s.length; j += 1) {
      const c = s.charCodeAt(j);
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
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      return this.skipString(i);
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      let depth = 0;
      for (let j = i; j < s.length; j += 1) {
        const d = s.charCodeAt(j);
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
    for (; j < s.length; j += 1) {
      const d = s.charCodeAt(j);
      if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || d <= 0x20) {
        break;
      }
    }
    return j === i ? -1 : j;
  }

  /** The key opening at `i` (a quote) is `name`. */
  private keyIs(i: number, keyEnd: number, name: string): boolean {
    return keyEnd - i - 2 === name.length && this.s.startsWith(name, i + 1);
  }

  /** After a key ending at `keyEnd`: the index of its value (past the colon), or -1. */
  private valueAt(keyEnd: number): number {
    const j = this.skipSpace(keyEnd);
    return this.s.charCodeAt(j) === COLON ? this.skipSpace(j + 1) : -1;
  }

  /**
   * After a member's value ending at `end`: the index of the next key, `-2` when the object
   * closed there (its end is then `closedAt`), or -1.
   */
  private closedAt = -1;
  private nextKey(end: number): number {
    const j = this.skipSpace(end);
    const c = this.s.charCodeAt(j);
    if (c === CLOSE_OBJECT) {
      this.closedAt = j + 1;
      return -2;
    }
    return c === COMMA ? this.firstKey(j) : -1;
  }

  /** After `{` or `,` at `i`: the index of the key's quote, -2 for `}` right after `{`, or -1. */
  private firstKey(i: number): number {
    const j = this.skipSpace(i + 1);
    const c = this.s.charCodeAt(j);
    if (c === QUOTE) {
      return j;
    }
    if (c === CLOSE_OBJECT && this.s.charCodeAt(i) === OPEN_OBJECT) {
      this.closedAt = j + 1;
      return -2;
    }
    return -1;
  }

  /** A finite number from `i` to `end`, or undefined. Whole numbers without a copy. */
  number(i: number, end: number): number | undefined {
    const s = this.s;
    let value = 0;
    let j = i;
    for (; j < end; j += 1) {
      const c = s.charCodeAt(j);
      if (c < 0x30 || c > 0x39) {
        break;
      }
      value = value * 10 + (c - 0x30);
    }
    if (j === end && j > i) {
      return value;
    }
    const c = s.charCodeAt(i);
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) {
      return undefined;
    }
    const parsed = Number(s.slice(i, end));
    return Number.isFinite(parsed) ? parsed : undefined;
  }

  envelope(start: number): Envelope | undefined {
    const s = this.s;
    if (s.charCodeAt(start) !== OPEN_OBJECT) {
      return undefined;
    }
    const found: Envelope = {
      event: '',
      seq: undefined,
      snapshot: false,
      timestamp: undefined,
      start,
      end: -1,
      batchAt: -1,
    };
    let hasEvent = false;
    for (let key = this.firstKey(start); key !== -2; ) {
      const keyEnd = key < 0 ? -1 : this.skipString(key);
      const at = keyEnd < 0 ? -1 : this.valueAt(keyEnd);
      if (at < 0) {
        return undefined;
      }
      let end: number;
      if (this.keyIs(key, keyEnd, 'data') && s.charCodeAt(at) === OPEN_OBJECT) {
        end = this.data(at, found);
      } else {
        end = this.skipValue(at);
        if (end < 0) {
          return undefined;
        }
        if (this.keyIs(key, keyEnd, 'event') && s.charCodeAt(at) === QUOTE) {
          found.event = s.slice(at + 1, end - 1);
          hasEvent = true;
        } else if (this.keyIs(key, keyEnd, 'seq')) {
          found.seq = this.number(at, end);
        } else if (this.keyIs(key, keyEnd, 'snapshot')) {
          found.snapshot = end - at === 4 && s.startsWith('true', at);
        }
      }
      key = end < 0 ? -1 : this.nextKey(end);
      if (key === -1) {
        return undefined;
      }
    }
    found.end = this.closedAt;
    return hasEvent ? found : undefined;
  }

  /** `data`: its `timestamp`, its order's times, and a batch's `events`. The index after it, or -1. */
  private data(at: number, found: Envelope): number {
    const s = this.s;
    let orderAt = -1;
    for (let key = this.firstKey(at); key !== -2; ) {
      const keyEnd = key < 0 ? -1 : this.skipString(key);
      const valueAt = keyEnd < 0 ? -1 : this.valueAt(keyEnd);
      if (valueAt < 0) {
        return -1;
      }
      const c = s.charCodeAt(valueAt);
      let end: number;
      if (c === OPEN_OBJECT && this.keyIs(key, keyEnd, 'order')) {
        // Read only when data has no timestamp of its own (the simulator always sends one).
        orderAt = valueAt;
        end = this.skipValue(valueAt);
      } else if (c === OPEN_ARRAY && found.event === 'batch' && this.keyIs(key, keyEnd, 'events')) {
        found.batchAt = valueAt;
        found.batch = [];
        end = this.batchEvents(valueAt, found.batch);
      } else {
        end = this.skipValue(valueAt);
        if (end > 0 && this.keyIs(key, keyEnd, 'timestamp')) {
          found.timestamp = this.number(valueAt, end);
        } else if (end > 0 && c === OPEN_ARRAY && this.keyIs(key, keyEnd, 'events')) {
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
      if (this.keyIs(key, keyEnd, 'updatedAt')) {
        into.updatedAt = this.number(valueAt, end);
      } else if (this.keyIs(key, keyEnd, 'createdAt')) {
        into.createdAt = this.number(valueAt, end);
      }
      key = this.nextKey(end);
      if (key === -1) {
        return -1;
      }
    }
    return this.closedAt;
  }

  /** The events of a batch's array at `at`, appended to `events`; the index after the array. */
  batchEvents(at: number, events: EnvelopeEvent[]): number {
    let j = this.skipSpace(at + 1);
    if (this.s.charCodeAt(j) === CLOSE_ARRAY) {
      return j + 1;
    }
    for (;;) {
      const envelope = this.envelope(j);
      if (envelope === undefined) {
        return -1;
      }
      events.push(envelope);
      j = this.skipSpace(envelope.end);
      const c = this.s.charCodeAt(j);
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
