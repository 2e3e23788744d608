/**
 * The event bus between the engine and the gateways (docs/scaling.md): one numbered stream per
 * channel, a live subscription, resume from a `seq`, the latest state of the state channels and the
 * run's epoch. `ChannelHub` is the in-memory bus of a single `mci-sim serve`; `RedisBus` lets one
 * `mci-sim engine` publish to any number of `mci-sim gateway` processes. The WebSocket gateway,
 * REST and every other sink read only this interface, so they are the same code on both.
 */
import type { Channel } from '../../src/protocol';
import type { ChannelData, PublishedEvent, PublishedListener, ResumeResult } from '../server/ChannelHub';

export type { ChannelData, PublishedEvent, PublishedListener, ResumeResult };

export interface Bus {
  /** The run's id, sent in `connection:ack`; a new epoch means every `seq` restarted. */
  readonly epoch: string;
  /**
   * Publish one event. In memory it is numbered and handed to the listeners at once; on Redis it
   * is numbered by Redis and reaches the listeners (of every process) when it comes back.
   */
  publish<C extends Channel>(channel: C, data: ChannelData<C>, time: number): unknown;
  /** The state before any event of a channel was published (from the engine's snapshot). */
  seedState<C extends Channel>(channel: C, data: ChannelData<C>): void;
  /** Every numbered event, in order, with its data. Returns the unsubscribe. */
  onPublished(listener: PublishedListener): () => void;
  /** The events after `point.seq`, when the bus still holds all of them and the epoch matches. */
  resume(channel: Channel, point: { epoch: string; seq: number }): ResumeResult;
  /**
   * Resolves true once this process has seen `seq` of the channel (a client resuming here with a
   * point another gateway already delivered), false when it has not within `timeoutMs`.
   */
  whenCaughtUp(channel: Channel, seq: number, timeoutMs: number): Promise<boolean>;
  seq(channel: Channel): number;
  allSeqs(): Record<Channel, number>;
  latest<C extends Channel>(channel: C): ChannelData<C> | undefined;
  /** The current state of a state channel as a data event with the current `seq` and `snapshot: true`. */
  snapshotEvent(channel: Channel): PublishedEvent | undefined;
  /** The kept events of a channel, oldest first (history for backfill). */
  history(channel: Channel): PublishedEvent[];
}
