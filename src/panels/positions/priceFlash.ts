/**
 * Which rows had their price change, for the brief highlight. Kept per row key: the last price,
 * the direction of its last change and a version that grows with each change (the row alternates
 * between two identical animations by its parity, so the highlight restarts on every change).
 */
export interface FlashEntry {
  price: number | null;
  direction?: 'up' | 'down';
  version: number;
}

export type FlashState = Map<string, FlashEntry>;

/**
 * The next state. Idempotent for the same rows (a second call changes nothing), so React may
 * call it twice; keys that left the frame are dropped, so the state stays as large as the frame.
 */
export function nextFlashState(previous: FlashState, rows: Array<{ key: string; price: number | null }>): FlashState {
  const next: FlashState = new Map();
  for (const { key, price } of rows) {
    const before = previous.get(key);
    if (!before) {
      next.set(key, { price, version: 0 });
    } else if (before.price !== price && before.price !== null && price !== null) {
      next.set(key, { price, direction: price > before.price ? 'up' : 'down', version: before.version + 1 });
    } else {
      next.set(key, before.price === price ? before : { ...before, price });
    }
  }
  return next;
}
