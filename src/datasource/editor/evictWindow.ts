/**
 * The market query's symbol-eviction window as the query editor shows it: a duration such as
 * 90s, 5m or 1h, stored in the query as milliseconds (`symbolEvictMs`). Pure.
 */
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;
export const EVICT_WINDOW_BOUNDS_MS = { min: 1_000, max: 24 * 3_600_000 } as const;

/** Parses the input: undefined for empty (the default), an error text when invalid. */
export function parseEvictWindow(text: string): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {};
  }
  const match = /^(\d+(?:\.\d+)?)\s*([smh])$/.exec(trimmed);
  const value = match ? Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]) : NaN;
  if (!(value >= EVICT_WINDOW_BOUNDS_MS.min && value <= EVICT_WINDOW_BOUNDS_MS.max)) {
    return {
      error: `Enter a duration from 1s to 24h, such as 90s, 5m or 1h: a symbol without a quote for this long leaves the market frames.`,
    };
  }
  return { value };
}

/** The shortest text for a window in milliseconds: 5m, 1h, 90s. */
export function formatEvictWindow(ms: number): string {
  if (ms % UNIT_MS.h === 0) {
    return `${ms / UNIT_MS.h}h`;
  }
  if (ms % UNIT_MS.m === 0) {
    return `${ms / UNIT_MS.m}m`;
  }
  return `${ms / UNIT_MS.s}s`;
}
