/**
 * The live status of one data source instance for ops pages (docs/grafana.md, Status page): the
 * shared client's connection status, a heartbeat round trip, and per channel the events per
 * second and the time of the last event. Watching subscribes the channels through the shared,
 * reference-counted client, so a dashboard open at the same time shares the subscriptions; the
 * teardown unsubscribes them and stops the timer.
 */
import { interval, merge, Observable, type SchedulerLike, asyncScheduler } from 'rxjs';
import type { ClientStatus, ConnectionState, MciClient } from '../../client';
import type { Channel } from '../../protocol';
import { ChannelActivityMeter, type ChannelActivity } from './ChannelActivityMeter';

export interface WatchStatusOptions {
  channels: readonly Channel[];
  /** How often a status is emitted. */
  intervalMs: number;
  /** The events-per-second window. */
  windowMs: number;
  /** A round trip is measured at most this often, and only while the socket is up. */
  roundTripEveryMs: number;
  roundTripTimeoutMs: number;
  now?: () => number;
  scheduler?: SchedulerLike;
}

export interface RoundTrip {
  /** The last measured round trip, undefined before the first answer or after a failure. */
  ms?: number;
  /** Why the last measurement failed. */
  error?: string;
  /** Epoch ms of the last measurement (or failure). */
  at: number;
}

export interface InstanceStatus {
  /** Epoch ms of this status. */
  at: number;
  connection: ClientStatus;
  roundTrip?: RoundTrip;
  channels: ChannelActivity[];
}

/** States in which the socket is open and a heartbeat can round-trip. */
const OPEN_STATES: readonly ConnectionState[] = ['connected', 'subscribed', 'streaming'];

export const STATUS_DEFAULTS = {
  intervalMs: 1000,
  windowMs: 5000,
  roundTripEveryMs: 5000,
  roundTripTimeoutMs: 3000,
} as const;

export function watchStatus(client: MciClient, options: WatchStatusOptions): Observable<InstanceStatus> {
  const now = options.now ?? Date.now;
  const scheduler = options.scheduler ?? asyncScheduler;
  return new Observable<InstanceStatus>((subscriber) => {
    const meter = new ChannelActivityMeter(options.channels, options.windowMs);
    let connection: ClientStatus | undefined;
    let roundTrip: RoundTrip | undefined;
    let measuring = false;
    let closed = false;

    const measure = () => {
      const due = roundTrip === undefined || now() - roundTrip.at >= options.roundTripEveryMs;
      if (measuring || !due || !connection || !OPEN_STATES.includes(connection.state)) {
        return;
      }
      measuring = true;
      client.roundTrip(options.roundTripTimeoutMs).then(
        (ms) => {
          measuring = false;
          roundTrip = { ms, at: now() };
        },
        (error: unknown) => {
          measuring = false;
          roundTrip = { error: error instanceof Error ? error.message : String(error), at: now() };
        }
      );
    };
    const emit = () => {
      if (closed || !connection) {
        return;
      }
      measure();
      subscriber.next({
        at: now(),
        connection,
        ...(roundTrip ? { roundTrip } : {}),
        channels: meter.read(now()),
      });
    };

    const statusSubscription = client.status$.subscribe((status) => {
      const first = connection === undefined;
      connection = status;
      if (first) {
        emit();
      }
    });
    const events = merge(...options.channels.map((channel) => client.channel(channel))).subscribe((item) => {
      // The state a new subscriber is handed (`snapshot`) is not new traffic.
      if (item.kind === 'event' && !item.snapshot) {
        meter.record(item.channel, item.receivedAt);
      }
    });
    const ticks = interval(options.intervalMs, scheduler).subscribe(emit);
    return () => {
      closed = true;
      ticks.unsubscribe();
      events.unsubscribe();
      statusSubscription.unsubscribe();
    };
  });
}
