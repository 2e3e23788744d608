/**
 * Heals channels from `GET /api/telemetry/snapshot` (after a gap, or to start an event channel
 * with its current state). While a channel's read is in flight its socket events are held back,
 * then released around the snapshot by `seq`: events the snapshot already reflects go before it,
 * newer ones after it, so applying the items in order gives the server's state and nothing is
 * dropped. Channels asked for in the same tick share one read.
 */
import { REST_PATHS, type Channel } from '../protocol';
import { CLIENT_DEFAULTS } from './clientDefaults';
import { restFailed } from './clientErrors';
import { channelSnapshot, hasSnapshotPart, type ChannelSnapshot } from './snapshotParts';
import { createTickBatcher } from './tickBatcher';
import type { ChannelItem, ClientError, HttpGet } from './types';

export type EventItem = Extract<ChannelItem, { kind: 'event' }>;
export type HealReason = 'gap' | 'initial';

/** Past this many held-back events of one channel, they are released unordered (memory stays bounded). */
export const MAX_HELD_EVENTS = 10_000;

export interface SnapshotHealerDeps {
  httpGet: HttpGet;
  now: () => number;
  emit(channel: Channel, item: ChannelItem): void;
  fail(error: ClientError): void;
  /** An item (or part) of the body left out as invalid, with its reason. */
  skip(channel: Channel, reason: string): void;
  /** A read not answered within this long is given up (default `CLIENT_DEFAULTS.healTimeoutMs`). */
  timeoutMs?: number;
}

interface Healing {
  reason: HealReason;
  /** Held-back events with the epoch they came in; `null` once released past the bound. */
  held: Array<{ item: EventItem; epoch: string | undefined }> | null;
}

export class SnapshotHealer {
  private readonly healing = new Map<Channel, Healing>();
  private readonly batch = createTickBatcher<Channel>((channels) => void this.read(channels));
  private generation = 0;

  constructor(private readonly deps: SnapshotHealerDeps) {}

  /** Re-read the channel's state; no-op for channels the snapshot has no part for. */
  heal(channel: Channel, reason: HealReason): void {
    if (!hasSnapshotPart(channel) || this.healing.has(channel)) {
      return;
    }
    this.healing.set(channel, { reason, held: [] });
    this.batch.add(channel);
  }

  /** Hold an event back while its channel heals; false when the caller should emit it now. */
  hold(item: EventItem, epoch: string | undefined): boolean {
    const healing = this.healing.get(item.channel);
    if (healing === undefined || healing.held === null) {
      return false;
    }
    if (healing.held.length >= MAX_HELD_EVENTS) {
      healing.held.forEach((entry) => this.deps.emit(item.channel, entry.item));
      healing.held = null;
      return false;
    }
    healing.held.push({ item, epoch });
    return true;
  }

  isHealing(channel: Channel): boolean {
    return this.healing.has(channel);
  }

  /** The channel was left: drop its pending heal and held events. */
  cancel(channel: Channel): void {
    this.healing.delete(channel);
    this.batch.delete(channel);
  }

  /** Forget everything; reads in flight are ignored when they return. */
  reset(): void {
    this.generation += 1;
    this.healing.clear();
    this.batch.clear();
  }

  private async read(channels: Channel[]): Promise<void> {
    const generation = this.generation;
    const timeoutMs = this.deps.timeoutMs ?? CLIENT_DEFAULTS.healTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    let body: unknown;
    let failure: unknown;
    try {
      // A read that hangs must not hold the channel's events back for ever.
      const answer = await Promise.race([
        this.deps.httpGet(REST_PATHS.snapshot).then((value) => ({ value })),
        timedOut,
      ]);
      if (answer === 'timeout') {
        failure = new Error(`no answer within ${timeoutMs} ms`);
      } else {
        body = answer.value;
      }
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
    }
    if (generation !== this.generation) {
      return;
    }
    if (failure !== undefined) {
      this.deps.fail(
        restFailed(REST_PATHS.snapshot, failure instanceof Error ? failure.message : String(failure), this.deps.now())
      );
    }
    for (const channel of channels) {
      const healing = this.healing.get(channel);
      if (healing === undefined) {
        continue;
      }
      this.healing.delete(channel);
      const snapshot =
        failure === undefined ? channelSnapshot(body, channel, (reason) => this.deps.skip(channel, reason)) : undefined;
      this.release(channel, healing, snapshot);
      if (snapshot === undefined && failure !== undefined) {
        // The held events are out, but what was missed before them is still missing: say so.
        this.deps.emit(channel, { kind: 'gap', channel, receivedAt: this.deps.now() });
      }
    }
  }

  private release(channel: Channel, healing: Healing, snapshot: ChannelSnapshot | undefined): void {
    const held = healing.held ?? [];
    if (snapshot === undefined) {
      held.forEach((entry) => this.deps.emit(channel, entry.item));
      return;
    }
    const reflected = (entry: (typeof held)[number]) =>
      snapshot.seq !== undefined &&
      entry.epoch === snapshot.epoch &&
      entry.item.seq !== undefined &&
      entry.item.seq <= snapshot.seq;
    held.filter(reflected).forEach((entry) => this.deps.emit(channel, entry.item));
    this.deps.emit(channel, {
      kind: 'snapshot',
      channel,
      data: snapshot.data,
      receivedAt: this.deps.now(),
      reason: healing.reason,
    });
    held.filter((entry) => !reflected(entry)).forEach((entry) => this.deps.emit(channel, entry.item));
  }
}
