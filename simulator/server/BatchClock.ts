/**
 * The batch windows of every connection of a gateway on one clock: one timer per window length,
 * not one per connection. A connection that receives an event with no window open joins the
 * window of its length that is open (or opens one), and every connection in it is flushed when it
 * ends. So no event waits longer than its connection's window, a connection that joins late has
 * a shorter one, and a hundred batching clients cost one timer callback per window instead of a
 * hundred, each with its own timer object and closure (and Node's pending callbacks run once
 * after all of them, not after each).
 */

/** A connection's batch as the clock sees it. */
export interface BatchMember {
  /** Its window ended: write what it holds. */
  windowEnded(): void;
}

interface Window {
  members: Set<BatchMember>;
  /** Last window's emptied set, reused for the next one (a window allocates nothing). */
  spare: Set<BatchMember>;
  timer: NodeJS.Timeout | undefined;
}

export class BatchClock {
  private readonly windows = new Map<number, Window>();

  /** `member` holds events for a window of `windowMs`: it is flushed when that window ends. */
  join(member: BatchMember, windowMs: number): void {
    let window = this.windows.get(windowMs);
    if (window === undefined) {
      window = { members: new Set(), spare: new Set(), timer: undefined };
      this.windows.set(windowMs, window);
    }
    window.members.add(member);
    window.timer ??= setTimeout(endWindow, windowMs, window);
  }

  /** `member` is gone (its connection closed): a window nobody waits for stops its timer. */
  leave(member: BatchMember): void {
    this.windows.forEach((window) => {
      // A member that leaves while its window is being flushed is not flushed after it left.
      window.spare.delete(member);
      if (window.members.delete(member) && window.members.size === 0 && window.timer !== undefined) {
        clearTimeout(window.timer);
        window.timer = undefined;
      }
    });
  }

  /** Windows with a timer running (for tests). */
  get openWindows(): number {
    let open = 0;
    this.windows.forEach((window) => (open += window.timer === undefined ? 0 : 1));
    return open;
  }
}

function endWindow(window: Window): void {
  window.timer = undefined;
  const ending = window.members;
  // Members flushed now that receive events again join the next window, not this one.
  window.members = window.spare;
  window.spare = ending;
  ending.forEach((member) => member.windowEnded());
  ending.clear();
}
