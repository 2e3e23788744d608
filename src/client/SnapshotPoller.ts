/**
 * The polling fallback of spec 000: while the socket is down, read `GET /api/telemetry/snapshot`
 * every `intervalMs` and hand each wanted channel its part. One read at a time (the next is
 * scheduled when the previous returns), so a slow server never piles requests up.
 */
import { REST_PATHS, type Channel } from '../protocol';
import { channelSnapshot, type ChannelSnapshot } from './snapshotParts';
import type { HttpGet } from './types';

export interface SnapshotPollerDeps {
  httpGet: HttpGet;
  intervalMs: number;
  /** The channels to hand a part to, read at each poll. */
  channels(): Channel[];
  emit(channel: Channel, snapshot: ChannelSnapshot): void;
  /** An item (or part) of the body left out as invalid, with its reason. */
  skip(channel: Channel, reason: string): void;
  onPollingChange(polling: boolean): void;
  /** A failed read (expected while the server is down): reported once per polling run. */
  onFailure(error: unknown): void;
  /**
   * A read succeeded after a failed one in this run: the server is back, so the caller need not
   * wait out a long reconnect backoff.
   */
  onServerBack?(): void;
}

export class SnapshotPoller {
  private running = false;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: SnapshotPollerDeps) {}

  get polling(): boolean {
    return this.running;
  }

  /** Read at once, then every interval, until `stop()`. */
  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.generation += 1;
    this.deps.onPollingChange(true);
    void this.poll(this.generation, false);
  }

  stop(): void {
    if (!this.running) {
      return;
    }
    this.running = false;
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.deps.onPollingChange(false);
  }

  private async poll(generation: number, reported: boolean): Promise<void> {
    let body: unknown;
    let failed = false;
    try {
      body = await this.deps.httpGet(REST_PATHS.snapshot);
    } catch (error) {
      failed = true;
      if (generation === this.generation && !reported) {
        this.deps.onFailure(error);
      }
    }
    if (generation !== this.generation) {
      return;
    }
    if (!failed) {
      if (reported) {
        reported = false;
        this.deps.onServerBack?.();
      }
      for (const channel of this.deps.channels()) {
        const snapshot = channelSnapshot(body, channel, (reason) => this.deps.skip(channel, reason));
        if (snapshot !== undefined) {
          this.deps.emit(channel, snapshot);
        }
      }
    }
    this.timer = setTimeout(() => void this.poll(generation, reported || failed), this.deps.intervalMs);
  }
}
