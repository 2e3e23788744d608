/**
 * Drives the engine from real time: virtual time = engine start + elapsed real time × speed. It
 * sleeps exactly until `engine.nextEventTime()` (never a coarse fixed tick), so an event reaches
 * the wire as soon as it is due. A server that fell behind (a busy machine, more load than it can
 * publish) catches up in slices of `maxCatchUpMs` of real time with pending I/O served between
 * them: one tick for the whole lag would block the event loop for as long as the lag, which grows
 * with each such tick, so new connections, subscribes, heartbeats and slow-consumer closes would
 * wait longer and longer, and the whole lag's events would be in memory at once.
 */
import type { Engine, EngineEvent } from '../engine/types';

export interface EngineDriverOptions {
  engine: Engine;
  /** Virtual seconds per real second. */
  speed: number;
  /** Real clock, epoch ms. */
  now: () => number;
  /** Receives each batch of due events, in time order. */
  onEvents: (events: EngineEvent[]) => void;
  onError: (error: unknown) => void;
  /**
   * Real time that corresponds to the engine's current virtual time (default: when `start()` runs).
   * Pass the wall-clock time given to the engine as `startTime`, so at speed 1 event timestamps
   * equal the wall clock even though building the engine took a while.
   */
  realStart?: number;
  /** Longest sleep, so a clock jump or a live scenario change is noticed promptly. */
  maxSleepMs?: number;
  /** Most real time one tick catches up on; the rest follows after pending I/O (default 50 ms). */
  maxCatchUpMs?: number;
}

const DEFAULT_MAX_SLEEP_MS = 1000;
const DEFAULT_MAX_CATCH_UP_MS = 50;

export class EngineDriver {
  private timer: NodeJS.Timeout | undefined;
  /** Set while the next catch-up slice waits for pending I/O. */
  private immediate: NodeJS.Immediate | undefined;
  /**
   * The engine time the pending wake-up is meant to reach (its next event, or the longest sleep):
   * up to it, events are due; past it, they are lag, however late the wake-up came.
   */
  private plannedAt = 0;
  private realStart = 0;
  private virtualStart = 0;
  private running = false;

  constructor(private readonly options: EngineDriverOptions) {}

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.realStart = this.options.realStart ?? this.options.now();
    this.virtualStart = this.options.engine.now();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.cancel();
  }

  /** Catch up now and re-plan the next wake-up (after a live change such as a scenario start). */
  poke(): void {
    if (this.running) {
      this.cancel();
      this.tick();
    }
  }

  private cancel(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private virtualNow(): number {
    return this.virtualStart + (this.options.now() - this.realStart) * this.options.speed;
  }

  private tick(): void {
    this.timer = undefined;
    this.immediate = undefined;
    let failed = false;
    let behind = false;
    try {
      const { engine, speed } = this.options;
      const due = Math.floor(this.virtualNow() - engine.now());
      const slice = (this.options.maxCatchUpMs ?? DEFAULT_MAX_CATCH_UP_MS) * speed;
      const span = Math.min(due, Math.max(1, Math.floor(Math.max(0, this.plannedAt - engine.now()) + slice)));
      behind = due > span;
      if (span > 0) {
        const events = engine.advance(span);
        if (events.length > 0) {
          this.options.onEvents(events);
        }
      }
    } catch (error) {
      failed = true;
      this.options.onError(error);
    }
    this.schedule(failed, behind);
  }

  /** After a failure, retry only after the longest sleep instead of spinning on a broken engine. */
  private schedule(afterFailure = false, behind = false): void {
    if (!this.running) {
      return;
    }
    const maxSleepMs = this.options.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
    const { engine, speed } = this.options;
    const longestSleep = engine.now() + maxSleepMs * speed;
    if (afterFailure) {
      this.plannedAt = longestSleep;
      this.timer = setTimeout(() => this.tick(), maxSleepMs);
      return;
    }
    if (behind) {
      // After the I/O that arrived meanwhile (the poll phase runs before immediates).
      this.immediate = setImmediate(() => this.tick());
      return;
    }
    const virtualWait = engine.nextEventTime() - this.virtualNow();
    // At least 1 ms: an event due within a fraction of a millisecond is not worth a busy loop.
    const realWait = Math.max(1, Math.ceil(virtualWait / speed));
    this.plannedAt = Math.min(engine.nextEventTime(), longestSleep);
    this.timer = setTimeout(() => this.tick(), Math.min(realWait, maxSleepMs));
  }
}
