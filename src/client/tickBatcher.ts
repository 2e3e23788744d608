/**
 * Collects keys requested during one tick and hands them to `flush` once, in a microtask, so
 * several channels asked for together cost one `subscribe` (or one snapshot read).
 */
export interface TickBatcher<T> {
  add(key: T): void;
  delete(key: T): void;
  has(key: T): boolean;
  /** Forget pending keys; a scheduled flush then does nothing. */
  clear(): void;
}

export function createTickBatcher<T>(flush: (keys: T[]) => void): TickBatcher<T> {
  const pending = new Set<T>();
  let scheduled = false;
  const run = () => {
    scheduled = false;
    if (pending.size === 0) {
      return;
    }
    const keys = [...pending];
    pending.clear();
    flush(keys);
  };
  return {
    add(key) {
      pending.add(key);
      if (!scheduled) {
        scheduled = true;
        Promise.resolve().then(run);
      }
    },
    delete: (key) => pending.delete(key),
    has: (key) => pending.has(key),
    clear: () => pending.clear(),
  };
}
