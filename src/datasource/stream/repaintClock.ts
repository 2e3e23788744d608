/**
 * One repaint rhythm for every live query of a data source instance. Each stream still repaints
 * at most once per window, leading and trailing (the first change after a quiet window shows at
 * once, the last change of a window shows when it ends), but the windows are shared: every stream
 * that changed during a window repaints when that window ends, in one timer task. The host then
 * renders all those panels in one pass (React batches updates made in one task) and the browser
 * lays the page out once, instead of once per query at its own moment. A stream's first change
 * shows at once even inside an open window: a panel just opened (or re-run) must never start
 * empty while the data it needs is already here.
 */
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';

export interface RepaintClock {
  /** Emits when the source changed, at most once per shared window (see the file header). */
  paced<T>(): OperatorFunction<T, void>;
}

export function createRepaintClock(windowMs: number, scheduler: SchedulerLike = asyncScheduler): RepaintClock {
  /** Repaints of the streams that changed during the open window, run when it ends. */
  const due = new Set<() => void>();
  let window: Subscription | undefined;
  let members = 0;

  const open = () => {
    window = scheduler.schedule(close, windowMs);
  };
  function close(): void {
    window = undefined;
    if (due.size === 0) {
      return;
    }
    const repaints = [...due];
    due.clear();
    // The next window starts before the repaints, so a change they cause waits for it.
    open();
    repaints.forEach((repaint) => repaint());
  }
  const changed = (repaint: () => void, first: boolean) => {
    if (window && first) {
      repaint();
      return;
    }
    if (window) {
      due.add(repaint);
      return;
    }
    open();
    repaint();
  };
  const leave = (repaint: () => void) => {
    due.delete(repaint);
    members -= 1;
    if (members === 0) {
      // No stream left to repaint: no timer outlives the last query.
      window?.unsubscribe();
      window = undefined;
    }
  };

  return {
    paced:
      <T>() =>
      (source: Observable<T>) =>
        new Observable<void>((subscriber) => {
          const repaint = () => subscriber.next();
          let painted = false;
          members += 1;
          const subscription = source.subscribe({
            next: () => {
              changed(repaint, !painted);
              painted = true;
            },
            error: (error: unknown) => subscriber.error(error),
            complete: () => {
              // The last change still shows before the stream ends.
              if (due.delete(repaint)) {
                repaint();
              }
              subscriber.complete();
            },
          });
          return () => {
            subscription.unsubscribe();
            leave(repaint);
          };
        }),
  };
}
