/**
 * The messages a data source instance skipped because they broke the protocol: socket messages
 * and REST items the client skipped, and REST items the data source itself skipped (history,
 * annotations, variables, or an item its frame buffer could not take). Counted per channel for
 * the life of the instance, so every running query of a channel can say how many it missed; a
 * message without a channel (not JSON, no known event) counts for every channel.
 */
import { Subject, type Observable } from 'rxjs';
import type { ClientError, ClientOptions, SkippedMessage } from '../../client';
import type { Channel } from '../../protocol';

export interface SkippedCount {
  count: number;
  last: SkippedMessage;
}

type Logger = NonNullable<ClientOptions['logger']>;

interface Entry extends SkippedCount {
  /** Order of the last record, to tell which of two entries is the newer. */
  order: number;
}

export class SkippedTally {
  private readonly entries = new Map<Channel | undefined, Entry>();
  private readonly changes = new Subject<void>();
  private recorded = 0;
  /** Emits after each record, so running queries repaint their notice. */
  readonly changes$: Observable<void> = this.changes.asObservable();

  constructor(private readonly logger?: Logger) {}

  /** Counts a message the client skipped (the client logged it already). */
  record(message: SkippedMessage): void {
    this.recorded += 1;
    const entry = this.entries.get(message.channel);
    this.entries.set(message.channel, { count: (entry?.count ?? 0) + 1, last: message, order: this.recorded });
    this.changes.next();
  }

  /** Logs and counts a message the data source itself skipped. */
  report(message: SkippedMessage): void {
    this.logger?.warn(
      `skipped an invalid ${message.source} item${message.channel ? ` of ${message.channel}` : ''}`,
      message.error
    );
    this.record(message);
  }

  /** What a query of `channel` missed: its channel's skips and those without a channel. */
  countFor(channel: Channel): SkippedCount | undefined {
    const own = this.entries.get(channel);
    const unknown = this.entries.get(undefined);
    if (!own || !unknown) {
      return own ?? unknown;
    }
    return { count: own.count + unknown.count, last: own.order > unknown.order ? own.last : unknown.last };
  }
}

/** A REST item (history event, annotation, variable entry) skipped as invalid, what/why/how. */
export function skippedRestItem(
  channel: Channel | undefined,
  where: string,
  reason: string,
  at: number
): SkippedMessage {
  const error: ClientError = {
    code: 'PARSE_ERROR',
    what: `Skipped an invalid item of ${where}`,
    why: reason,
    how: 'Nothing to do for this one item; if it repeats, check that the REST URL points at an MCI server that speaks the protocol (docs/protocol.md)',
    at,
  };
  return { ...(channel ? { channel } : {}), error, source: 'rest' };
}

/** An item the frame buffer threw on: skipped alone, so the stream goes on. */
export function skippedBufferItem(
  channel: Channel,
  source: SkippedMessage['source'],
  reason: string,
  at: number
): SkippedMessage {
  return {
    channel,
    error: {
      code: 'PARSE_ERROR',
      what: `Skipped a ${channel} item the panel could not use`,
      why: reason,
      how: 'Nothing to do for this one item; if it repeats, check that the server speaks the MCI protocol (docs/protocol.md)',
      at,
    },
    source,
  };
}
