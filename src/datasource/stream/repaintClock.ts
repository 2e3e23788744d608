/**
 * One repaint rhythm for every live query of a data source instance. Each stream still repaints
 * at most once per window, leading and trailing (the first change after a quiet window shows at
 * once, the last change of a window shows when it ends), but the windows are shared: every stream
 * that changed during a window repaints when that window ends, in one timer task. The host then
 * renders all those panels in one pass (React batches updates made in one task) and the browser
 * lays the page out once, instead of once per query at its own moment.
 *
 * "At once" means at the end of the current task (a microtask), not inside the change itself:
 * one WebSocket message usually changes several channels, and they all repaint together there
 * instead of the first one now and the others a window later. A stream's first change shows
 * synchronously, even inside an open window: a panel just opened (or re-run) must never start
 * empty while the data it needs is already here.
 *
 * A window costs a timer only when a change has to wait for its end: a quiet dashboard, whose
 * changes all come a window or more apart, runs no timer here at all.
 */
import {
  asapScheduler,
  asyncScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';

export interface RepaintClock {
  /** Emits when the source changed, at most once per shared window (see the file header). */
  paced<T>(): OperatorFunction<T, void>;
}

/**
 * `scheduler` runs both the end of the current task and the windows' ends when given (tests pass
 * virtual time); by default the first is a microtask and the second a timer.
 */
export function createRepaintClock(windowMs: number, scheduler?: SchedulerLike): RepaintClock {
  const timers = scheduler ?? asyncScheduler;
  const soon = scheduler ?? asapScheduler;
  /** Repaints to run at the end of the current task. */
  const leading = new Set<() => void>();
  /** Repaints of the streams that changed during the open window, run when it ends. */
  const due = new Set<() => void>();
  let leadingTask: Subscription | undefined;
  let windowEnd: Subscription | undefined;
  /** When the open window ends (scheduler time); no window is open at or after it. */
  let openUntil = -Infinity;

  const run = (repaints: Set<() => void>) => {
    const list = [...repaints];
    repaints.clear();
    list.forEach((repaint) => repaint());
  };
  /** Opens a window now unless one is open. */
  const openWindow = () => {
    if (timers.now() >= openUntil) {
      openUntil = timers.now() + windowMs;
    }
  };
  function flushLeading(): void {
    leadingTask = undefined;
    openWindow();
    run(leading);
  }
  function closeWindow(): void {
    windowEnd = undefined;
    // The next window starts before the repaints, so a change they cause waits for it.
    openUntil = timers.now() + windowMs;
    run(due);
  }
  const cancelIdle = () => {
    if (leading.size === 0) {
      leadingTask?.unsubscribe();
      leadingTask = undefined;
    }
    if (due.size === 0) {
      windowEnd?.unsubscribe();
      windowEnd = undefined;
    }
  };
  const changed = (repaint: () => void, first: boolean) => {
    if (leading.has(repaint) || due.has(repaint)) {
      return;
    }
    if (first) {
      // Right away, not even at the end of the task: a re-run query answers with the state the
      // client already holds in its very first response.
      openWindow();
      repaint();
      return;
    }
    const now = timers.now();
    // Inside a window a change waits for its end, unless a repaint at the end of this task is
    // already coming (changes of one message repaint together).
    if (now < openUntil && !leadingTask) {
      due.add(repaint);
      windowEnd ??= timers.schedule(closeWindow, openUntil - now);
      return;
    }
    leading.add(repaint);
    leadingTask ??= soon.schedule(flushLeading);
  };
  /** Shows a stream's waiting change before it ends; a stream that is gone repaints nothing. */
  const settle = (repaint: () => void, show: boolean) => {
    const waiting = leading.delete(repaint) || due.delete(repaint);
    cancelIdle();
    if (waiting && show) {
      repaint();
    }
  };

  return {
    paced:
      <T>() =>
      (source: Observable<T>) =>
        new Observable<void>((subscriber) => {
          const repaint = () => subscriber.next();
          let painted = false;
          const subscription = source.subscribe({
            next: () => {
              changed(repaint, !painted);
              painted = true;
            },
            error: (error: unknown) => subscriber.error(error),
            complete: () => {
              // The last change still shows before the stream ends.
              settle(repaint, true);
              subscriber.complete();
            },
          });
          return () => {
            subscription.unsubscribe();
            // No timer outlives the streams it would repaint.
            settle(repaint, false);
          };
        }),
  };
}
