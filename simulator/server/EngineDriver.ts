/**
 * Drives the engine from real time: virtual time = engine start + elapsed real time × speed. It
 * sleeps exactly until `engine.nextEventTime()` (never a coarse fixed tick), so an event reaches
 * the wire as soon as it is due.
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
}

const DEFAULT_MAX_SLEEP_MS = 1000;

export class EngineDriver {
  private timer: NodeJS.Timeout | undefined;
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
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Catch up now and re-plan the next wake-up (after a live change such as a scenario start). */
  poke(): void {
    if (this.running) {
      clearTimeout(this.timer);
      this.tick();
    }
  }

  private virtualNow(): number {
    return this.virtualStart + (this.options.now() - this.realStart) * this.options.speed;
  }

  private tick(): void {
    this.timer = undefined;
    let failed = false;
    try {
      const { engine } = this.options;
      const span = Math.floor(this.virtualNow() - engine.now());
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
    this.schedule(failed);
  }

  /** After a failure, retry only after the longest sleep instead of spinning on a broken engine. */
  private schedule(afterFailure = false): void {
    if (!this.running) {
      return;
    }
    const maxSleepMs = this.options.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
    if (afterFailure) {
      this.timer = setTimeout(() => this.tick(), maxSleepMs);
      return;
    }
    const virtualWait = this.options.engine.nextEventTime() - this.virtualNow();
    // At least 1 ms: an event due within a fraction of a millisecond is not worth a busy loop.
    const realWait = Math.max(1, Math.ceil(virtualWait / this.options.speed));
    this.timer = setTimeout(() => this.tick(), Math.min(realWait, maxSleepMs));
  }
}
